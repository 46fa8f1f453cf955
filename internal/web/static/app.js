// Backbone's small progressive enhancements. Every page works without this.
(function () {
  "use strict";
  // Ask before a destructive form is sent (forms with data-confirm).
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var msg = form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      ev.preventDefault();
    }
  });
  // Put the cursor in the first field that has an error.
  document.addEventListener("DOMContentLoaded", function () {
    var bad = document.querySelector("[aria-invalid=true]");
    if (bad) { bad.focus(); }
  });
})();
