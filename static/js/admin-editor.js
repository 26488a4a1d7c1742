// The page editor: an action clicked while an autosave is on its way waits for its answer.
//
// Wagtail's autosave turns a new page's form into the edit form of the page it has just
// created (the answer changes the form's address). An action sent before that answer posts the
// creation form a second time, which the server refuses ("the slug is already in use"). Here
// the click is held until the autosave has answered, then sent again to the form's address of
// that moment. Without JavaScript there is no autosave and nothing to hold.
(() => {
  "use strict";

  const HOLD_LIMIT_MS = 15000;
  const saving = new WeakSet();
  const held = new WeakMap();

  const release = (form) => {
    saving.delete(form);
    const submitter = held.get(form);
    if (submitter === undefined) {
      return;
    }
    held.delete(form);
    // The answer may have replaced the footer: send the same action from the form of now.
    const current =
      submitter && submitter.isConnected
        ? submitter
        : submitter && submitter.name
          ? form.querySelector(`[type="submit"][name="${CSS.escape(submitter.name)}"]`)
          : null;
    form.requestSubmit(current || undefined);
  };

  document.addEventListener("w-autosave:save", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    saving.add(form);
    // A listener after this one may cancel the save: then no answer comes.
    queueMicrotask(() => {
      if (event.defaultPrevented) {
        release(form);
      }
    });
  });
  for (const outcome of ["success", "error", "deactivated"]) {
    document.addEventListener(`w-autosave:${outcome}`, (event) => release(event.target));
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!saving.has(form)) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      held.set(form, event.submitter || null);
      window.setTimeout(() => release(form), HOLD_LIMIT_MS);
    },
    true,
  );
})();
