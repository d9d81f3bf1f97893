/* Live progress of an assignment run: poll the run's JSON every 2 s while it is queued
   or running, update the bar and the stage, and reload the page when it ends. */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box || box.getAttribute("data-active") !== "1") return;
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("[data-run-progress]");
  var stage = box.querySelector("[data-run-stage]");
  var status = box.querySelector("[data-run-status]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (run) {
        if (bar) { bar.value = run.progress; bar.textContent = run.progress + "%"; }
        if (stage) stage.textContent = run.stage_label;
        if (status) status.textContent = run.status_label;
        if (run.active) { setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
