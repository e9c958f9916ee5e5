// Copy buttons for numbers members paste into ICEGATE (IRN, DRN, ICEGATE ID, IC number).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const value = button.getAttribute("data-copy");
  navigator.clipboard?.writeText(value).then(() => {
    const old = button.textContent;
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = old; }, 1500);
  });
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
