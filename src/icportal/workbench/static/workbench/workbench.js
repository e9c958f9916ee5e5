// The office workbench: progress bars, "select all" in the IC queue, focus on the job page.
// Loaded as a file: the CSP forbids inline script and inline style attributes.

// A progress bar's width comes from data-progress (CSSOM writes are allowed by the CSP).
function sizeProgressBars(root) {
  root.querySelectorAll("[data-progress]").forEach((bar) => {
    bar.style.width = `${bar.getAttribute("data-progress")}%`;
  });
}
sizeProgressBars(document);
document.body.addEventListener("htmx:load", (event) => sizeProgressBars(event.detail.elt));

// The job page opens with the focus on its heading, so a screen reader starts there.
document.querySelector("[data-autofocus]")?.focus();

// IC queue: "select all on this page" ticks every row's box (Space works: it is a real checkbox),
// and the count beside the button follows.
function updateSelection(group) {
  const boxes = [...document.querySelectorAll(`input[data-select="${group}"]`)];
  const ticked = boxes.filter((box) => box.checked).length;
  const all = document.querySelector(`input[data-select-all="${group}"]`);
  if (all) {
    all.checked = boxes.length > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  const count = document.querySelector(`[data-selected-count="${group}"]`);
  if (count) count.textContent = `${ticked} selected`;
}
document.addEventListener("change", (event) => {
  const all = event.target.closest("input[data-select-all]");
  const group = all?.getAttribute("data-select-all") ?? event.target.getAttribute("data-select");
  if (!group) return;
  if (all) {
    document.querySelectorAll(`input[data-select="${group}"]`).forEach((box) => {
      box.checked = all.checked;
    });
  }
  updateSelection(group);
});
document.querySelectorAll("input[data-select-all]").forEach((all) => {
  updateSelection(all.getAttribute("data-select-all"));
});
