// Wagtail's autosave posts the editor form in the background, and a submit sent while such a
// save was in flight went to the same address: on a creation form both requests created the
// object, so a price list or an offer existed twice, once as a draft (docs/autosave.md). The
// editor's submit now waits for the background saves, then goes with the same button to the
// address they moved the form to; once it has gone, no background save starts.
(() => {
  // Background saves that never answer must not swallow the editor's click.
  const MAX_WAIT_MS = 15000;
  // Wagtail runs one background save at a time and, when the form changed meanwhile, starts
  // the next one as soon as an answer arrives: after an answer, this pause tells whether
  // another save followed.
  const NEXT_SAVE_MS = 100;
  let saving = null;
  let settle = null;

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const settled = () => {
    if (settle) settle();
    saving = settle = null;
  };

  document.addEventListener("w-autosave:save", (event) => {
    if (event.defaultPrevented || saving) return;
    saving = new Promise((resolve) => {
      settle = resolve;
    });
  });
  document.addEventListener("w-autosave:success", settled);
  document.addEventListener("w-autosave:error", settled);

  async function backgroundSavesDone() {
    const deadline = Date.now() + MAX_WAIT_MS;
    while (saving && Date.now() < deadline) {
      await Promise.race([saving, pause(deadline - Date.now())]);
      await pause(NEXT_SAVE_MS);
    }
    settled();
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!saving || form.id !== "w-editor-form") return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const { submitter } = event;
      backgroundSavesDone().then(() => {
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

  // Once the editor's submit is on its way (no script stopped it), a background save started
  // meanwhile would reach the server beside it and could land after it, turning the
  // publication just made back into a draft.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.id === "w-editor-form" && !event.defaultPrevented) {
      form.setAttribute("data-w-autosave-active-value", "false");
    }
  });
})();
