/* Autosave for the application form: nothing typed is ever lost.
   - Saves a section 1.5 s after the last change, sending the version it was based on.
   - 409 from the server: another tab saved first; we say so and keep both.
   - Logged out or offline: the values are kept in this browser (localStorage)
     and put back the next time the page opens.
   - Warns five minutes before the session would expire. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = form.querySelector(".autosave-status");
  var url = form.getAttribute("data-autosave");
  var backupKey = "innocore-draft:" + url;
  var timer = null, dirty = false, inFlight = false;
  var script = document.currentScript || document.querySelector("script[data-session-seconds]");
  var sessionSeconds = parseInt(script && script.getAttribute("data-session-seconds"), 10) || 0;
  var expiryTimer = null;

  function say(key, bad) {
    if (!status) return;
    status.textContent = status.getAttribute("data-" + key + "-text") || "";
    status.classList.toggle("bad", !!bad);
  }
  function fieldValues() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") values[name] = value;
    });
    return values;
  }
  function keepInBrowser() {
    try { localStorage.setItem(backupKey, JSON.stringify({ at: Date.now(), values: fieldValues() })); } catch (e) {}
  }
  function restoreFromBrowser() {
    var raw = null;
    try { raw = localStorage.getItem(backupKey); } catch (e) { return; }
    if (!raw) return;
    var backup = JSON.parse(raw);
    Object.keys(backup.values).forEach(function (name) {
      if (name === "version") return;
      form.querySelectorAll("[name='" + name + "']").forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") el.checked = el.value === backup.values[name] || backup.values[name] === "on";
        else el.value = backup.values[name];
      });
    });
    dirty = true;
    schedule();
  }
  function armExpiryWarning() {
    if (!sessionSeconds) return;
    clearTimeout(expiryTimer);
    expiryTimer = setTimeout(function () { say("expiry", true); }, Math.max(sessionSeconds - 300, 1) * 1000);
  }
  function save() {
    if (inFlight) { schedule(); return; }
    inFlight = true; dirty = false;
    say("saving");
    var body = new FormData(form);
    fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-Requested-With": "fetch" }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { keepInBrowser(); say("offline", true); return; }
      return response.json().then(function (data) {
        if (response.ok && data.saved) {
          form.querySelector("[name=version]").value = data.version;
          try { localStorage.removeItem(backupKey); } catch (e) {}
          say("saved"); armExpiryWarning();
        } else if (response.status === 409) {
          keepInBrowser(); say("conflict", true);
        } else {
          keepInBrowser(); say("offline", true);
        }
      });
    }).catch(function () { keepInBrowser(); say("offline", true); })
      .finally(function () { inFlight = false; if (dirty) schedule(); });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(save, 1500); }
  form.addEventListener("input", function () { dirty = true; keepInBrowser(); schedule(); });
  form.addEventListener("change", function () { dirty = true; keepInBrowser(); schedule(); });
  form.addEventListener("submit", function () { try { localStorage.removeItem(backupKey); } catch (e) {} });
  window.addEventListener("beforeunload", function (event) { if (dirty) { keepInBrowser(); event.preventDefault(); } });
  restoreFromBrowser();
  armExpiryWarning();
})();
