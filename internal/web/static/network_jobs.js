// Follows an exact network analysis running in the background: polls its
// status, moves the progress bar, and reloads the page when it has ended so
// the exact figures (or the reason it stopped) appear. Without JavaScript
// the page says to reload.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) return;
  var id = box.getAttribute("data-job");
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var phase = document.getElementById("job-phase");
  function poll() {
    fetch("/network/analysis/jobs/" + encodeURIComponent(id), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (job) {
        if (job.status !== "queued" && job.status !== "running") {
          window.location.reload();
          return;
        }
        bar.value = job.progress;
        percent.textContent = Math.round(job.progress * 100);
        phase.textContent = job.status === "queued" ? "Waiting for another analysis to finish" : "Computing " + job.phase;
        box.setAttribute("data-status", job.status);
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 500);
})();
