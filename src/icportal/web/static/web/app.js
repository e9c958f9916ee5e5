// Copy buttons for numbers members paste into ICEGATE (IRN, DRN, ICEGATE ID, IC number).
// navigator.clipboard exists only on https (and localhost); over plain http the value is
// selected in a hidden text box and copied with execCommand. "Copied" is said in the page's live
// region for screen readers, and shown on the button (whose name keeps the visible text).
const announce = (text) => {
  const region = document.getElementById("live-region");
  if (!region) return;
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 50);
};
const copyByHand = (value) => {
  const box = document.createElement("textarea");
  box.value = value;
  box.setAttribute("readonly", "");
  box.className = "copy-scratch";
  document.body.appendChild(box);
  box.select();
  let done = false;
  try { done = document.execCommand("copy"); } catch (e) { done = false; }
  box.remove();
  return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
};
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const value = button.getAttribute("data-copy");
  // Only a button whose name is its visible text changes that text (an aria-label would not).
  const label = button.querySelector(".copy-label");
  const copy = navigator.clipboard && window.isSecureContext
    ? navigator.clipboard.writeText(value).catch(() => copyByHand(value))
    : copyByHand(value);
  // The words come from the page (data-* attributes), in its language (issue 18).
  const words = {
    copy: button.dataset.copyLabel || "Copy",
    copied: button.dataset.copiedLabel || "Copied",
    failed: button.dataset.copyFailedLabel || "Could not copy: select the text and copy it yourself",
  };
  copy.then(() => {
    announce(`${words.copied} ${value}`);
    if (!label) return;
    label.textContent = words.copied;
    setTimeout(() => { label.textContent = words.copy; }, 1500);
  }, () => announce(words.failed));
});
// Confirmation before destructive actions: <form data-confirm="Are you sure…?">
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
// htmx needs the CSRF token on every request.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]")?.content;
  if (token) event.detail.headers["X-CSRFToken"] = token;
});
// A confirmation on one submit button of a form: <button type="submit" data-confirm="…">
document.addEventListener("submit", (event) => {
  const message = event.submitter?.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
// IC item lines: choosing an eligible item fills in its HS code while the HS code box is empty.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-hs-fill]");
  if (!select) return;
  const hs = select.selectedOptions[0]?.getAttribute("data-hs");
  const input = document.getElementById(select.id.replace(/eligible_item$/, "hs_code"));
  if (hs && input && !input.value) input.value = hs;
});
