// Progressive disclosure: <form data-reveal="method"> shows only the group of boxes for the chosen
// radio (<fieldset data-reveal-for="courier">). Without JavaScript every group shows under its
// heading and the server ignores the groups not chosen, so nothing depends on this file.
(() => {
  const update = (form) => {
    const name = form.getAttribute("data-reveal");
    const chosen = form.querySelector(`input[name="${name}"]:checked`)?.value;
    form.querySelectorAll("[data-reveal-for]").forEach((group) => {
      group.hidden = group.getAttribute("data-reveal-for") !== chosen;
    });
  };
  document.querySelectorAll("form[data-reveal]").forEach(update);
  document.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-reveal]");
    if (form && event.target.name === form.getAttribute("data-reveal")) update(form);
  });
})();
