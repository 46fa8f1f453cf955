// The report form: the periods offered follow the chosen indicator's
// frequency, and the weight shows only for an indicator combined as a
// weighted average. Without this script every period and the weight show,
// and the server checks what was sent.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var item = document.getElementById("item");
    var period = document.getElementById("period");
    if (!item || !period) {
      return;
    }
    var weight = document.getElementById("weight-field");
    var what = document.getElementById("weight-what");
    function follow(first) {
      var chosen = item.options[item.selectedIndex];
      var freq = chosen.getAttribute("data-frequency");
      var keep = false;
      period.querySelectorAll("optgroup").forEach(function (group) {
        var mine = group.getAttribute("data-frequency") === freq;
        group.hidden = !mine;
        group.disabled = !mine;
        if (mine && period.selectedOptions.length && period.selectedOptions[0].parentNode === group) {
          keep = true;
        }
      });
      if (!first || !keep) {
        var due = chosen.getAttribute("data-period");
        var want = period.querySelector('optgroup[data-frequency="' + freq + '"] option[value="' + due + '"]');
        if (want) {
          want.selected = true;
        }
      }
      if (weight) {
        var label = chosen.getAttribute("data-weighted");
        weight.hidden = label === null;
        if (what && label) {
          what.textContent = "(" + label + ")";
        }
      }
    }
    item.addEventListener("change", function () { follow(false); });
    follow(true);
  });
})();
