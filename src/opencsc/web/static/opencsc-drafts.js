// Save the form as a draft a few seconds after the worker stops typing, so a timeout, a lost
// connection or a closed tab loses nothing. Without JavaScript, "Save as draft" does the same.
(function () {
  var form = document.querySelector("form[data-opencsc-draft]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-opencsc-draft-status]");
  var timer = null;
  var submitted = false;
  // A save submits the form: a pending autosave must not land after it and revive a draft.
  form.addEventListener("submit", function () {
    submitted = true;
    clearTimeout(timer);
  });
  function save() {
    if (submitted) return;
    var data = new FormData(form);
    data.set("action", "draft");
    fetch(window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Opencsc-Autosave": "1" },
      redirect: "manual"
    }).then(function (response) {
      if (status && response.status === 204) {
        var now = new Date();
        status.textContent = "Draft saved at " + now.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
      }
    }).catch(function () { /* the next change tries again */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 2000);
  });
  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  });
})();
