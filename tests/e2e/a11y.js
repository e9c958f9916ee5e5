// Checks run inside the page: what a keyboard, screen-reader or phone user would trip over.
// Returns a list of problems as plain sentences; an empty list means the page passed.
() => {
  const problems = [];
  const visible = (el) => {
    // checkVisibility() also knows the content of a closed <details> is not rendered.
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return false;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && (box.width > 0 || box.height > 0);
  };
  const describe = (el) => {
    const bits = [el.tagName.toLowerCase()];
    if (el.id) bits.push("#" + el.id);
    if (el.name) bits.push(`[name=${el.name}]`);
    const text = (el.innerText || el.value || "").trim().slice(0, 30);
    if (text) bits.push(`"${text}"`);
    return bits.join("");
  };
  const nameOf = (el) => {
    if (el.getAttribute("aria-label")) return el.getAttribute("aria-label").trim();
    const by = el.getAttribute("aria-labelledby");
    if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.innerText || "").join(" ").trim();
    if (el.labels && el.labels.length) return Array.from(el.labels).map((l) => l.innerText).join(" ").trim();
    if (el.title) return el.title.trim();
    return "";
  };

  if (!document.documentElement.lang) problems.push("the page has no lang attribute");
  if (!document.title.trim()) problems.push("the page has no title");
  const h1s = Array.from(document.querySelectorAll("h1")).filter(visible);
  if (h1s.length !== 1) problems.push(`expected one visible h1, found ${h1s.length}`);

  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || !visible(el)) continue;
    if (!nameOf(el)) problems.push(`form control without a label: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll("a[href], button, [role=button]")) {
    if (!visible(el)) continue;
    const text = (el.innerText || "").trim() || nameOf(el) || el.querySelector("img[alt]")?.alt;
    if (!text) problems.push(`link or button without a name: ${el.outerHTML.slice(0, 80)}`);
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push(`image without alt: ${img.src.slice(-40)}`);
  }
  for (const canvas of document.querySelectorAll("canvas")) {
    if (!canvas.getAttribute("aria-label") && !canvas.innerText.trim()) {
      problems.push("chart canvas without a text alternative");
    }
  }
  for (const table of document.querySelectorAll("table")) {
    if (visible(table) && !table.querySelector("th")) problems.push("table without header cells");
  }
  const ids = {};
  for (const el of document.querySelectorAll("[id]")) {
    if (ids[el.id]) problems.push(`duplicate id: ${el.id}`);
    ids[el.id] = true;
  }
  // Nothing may push the page sideways: on a phone that hides columns and buttons off-screen.
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  if (overflow > 1) {
    const culprits = Array.from(document.querySelectorAll("body *"))
      .filter((el) => visible(el) && el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.closest(".table-responsive"))
      .slice(0, 3)
      .map(describe);
    problems.push(`page is ${overflow}px wider than the screen (${culprits.join(", ")})`);
  }
  return problems;
}
