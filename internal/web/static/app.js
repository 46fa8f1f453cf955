// Backbone's small progressive enhancements. Every page works without this.
(function () {
  "use strict";
  // On a narrow screen the header's Menu button opens and closes the
  // navigation (style.css hides it once the button is ready); without this
  // the navigation is always shown.
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".top .menu-button");
    var header = document.querySelector("header.top");
    if (!button || !header) { return; }
    button.hidden = false;
    header.classList.add("menu-ready");
    button.addEventListener("click", function () {
      var open = !header.classList.contains("menu-open");
      header.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  // On a phone an initiative's tabs scroll sideways in one row: bring the
  // current tab into view, without moving the page.
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".subnav");
    var current = nav && nav.querySelector('[aria-current="page"]');
    if (!current || nav.scrollWidth <= nav.clientWidth) { return; }
    nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  });
  // Ask before a destructive form is sent (forms with data-confirm).
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var msg = form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      ev.preventDefault();
    }
  });
  // A filter over a long list of checkboxes (input[data-filter] names the
  // list): labels without every word typed are hidden, and groups left
  // empty (what is checked is said above the list). Without this the list
  // scrolls.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  // Print buttons (button[data-print], hidden until this runs) print the
  // page, whose print styles leave out the navigation and the forms.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.contributions").forEach(function (d) { d.open = true; });
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-filter]").forEach(function (input) {
      var list = document.querySelector(input.getAttribute("data-filter"));
      if (!list) { return; }
      input.hidden = false;
      input.addEventListener("input", function () {
        var words = fold(input.value).split(/\s+/).filter(Boolean);
        var shown = 0;
        list.querySelectorAll(".term-group").forEach(function (group) {
          var any = false;
          group.querySelectorAll("label").forEach(function (label) {
            var text = fold(label.textContent);
            var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
            label.hidden = !ok;
            any = any || ok;
            if (ok) { shown++; }
          });
          group.hidden = !any;
        });
        var none = list.querySelector(".terms-none");
        if (none) { none.hidden = shown > 0; }
      });
      // Enter in the filter does not send the form.
      input.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") { ev.preventDefault(); }
      });
    });
  });
  // Put the cursor in the first field that has an error.
  document.addEventListener("DOMContentLoaded", function () {
    var bad = document.querySelector("[aria-invalid=true]");
    if (bad) { bad.focus(); }
  });
})();
