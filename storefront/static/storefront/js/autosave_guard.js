// Wagtail's autosave posts the editor form in the background, and a submit sent while such a
// save was in flight went to the same address: on a creation form both requests created the
// object, so a price list or an offer existed twice, once as a draft (docs/autosave.md). The
// editor's submit now waits for the background save, then goes with the same button to the
// address the save moved the form to.
(() => {
  // A background save that never answers must not swallow the editor's click.
  const MAX_WAIT_MS = 15000;
  let inFlight = null;
  let settle = null;

  const settled = () => {
    if (settle) settle();
    inFlight = settle = null;
  };

  document.addEventListener("w-autosave:save", (event) => {
    if (event.defaultPrevented || inFlight) return;
    inFlight = new Promise((resolve) => {
      settle = resolve;
    });
  });
  document.addEventListener("w-autosave:success", settled);
  document.addEventListener("w-autosave:error", settled);

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!inFlight || form.id !== "w-editor-form") return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const { submitter } = event;
      const timeout = new Promise((resolve) => setTimeout(resolve, MAX_WAIT_MS));
      Promise.race([inFlight, timeout]).then(() => {
        settled();
        if (!submitter) {
          form.requestSubmit();
          return;
        }
        // Wagtail greys the clicked button while it works, and a disabled button's name and
        // value (« Publier », « Publier à la date de début ») would not be sent.
        const { disabled } = submitter;
        submitter.disabled = false;
        form.requestSubmit(submitter);
        submitter.disabled = disabled;
      });
    },
    true,
  );
})();
