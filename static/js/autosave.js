/* Autosave for the application form: nothing typed is ever lost, nothing newer is overwritten.
   - Saves a section 1.5 s after the last change, sending the fingerprint of the
     section it was based on (the hidden "version" field).
   - 409 from the server: another tab saved this section first. The server keeps
     what this tab sent (shown on reload); autosave stops and says so.
   - Logged out, offline or a crash: the values are kept in this browser
     (localStorage) with the fingerprint they were based on. On the next visit
     they are put back silently only if the section has not changed since;
     otherwise the applicant is shown them and chooses.
   - Warns five minutes before the session would expire. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = form.querySelector(".autosave-status");
  var versionField = form.querySelector("[name=version]");
  var url = form.getAttribute("data-autosave");
  var backupKey = "innocore-draft:" + url;
  var timer = null, dirty = false, inFlight = false, submitting = false, halted = false;
  var script = document.currentScript || document.querySelector("script[data-session-seconds]");
  var sessionSeconds = parseInt(script && script.getAttribute("data-session-seconds"), 10) || 0;
  var expiryTimer = null;

  function text(key) { return (status && status.getAttribute("data-" + key + "-text")) || ""; }
  function say(key, bad) {
    if (!status) return;
    status.textContent = text(key);
    status.classList.toggle("bad", !!bad);
  }
  function fieldValues() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "version" && typeof value === "string") values[name] = value;
    });
    return values;
  }
  function keepInBrowser() {
    try {
      localStorage.setItem(backupKey, JSON.stringify({ base: versionField.value, at: Date.now(), values: fieldValues() }));
    } catch (e) { /* private mode or full storage: the server copy is all we have */ }
  }
  function forget() { try { localStorage.removeItem(backupKey); } catch (e) {} }
  function applyValues(values) {
    form.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.name === "version" || el.name === "csrfmiddlewaretoken" || el.type === "file") return;
      if (el.type === "checkbox") el.checked = values[el.name] === "on" || values[el.name] === el.value;
      else if (el.type === "radio") el.checked = values[el.name] === el.value;
      else if (el.name in values) el.value = values[el.name];
    });
  }
  function offerBackup(backup) {
    var box = document.createElement("div");
    box.className = "message warning restore-box";
    box.setAttribute("role", "alert");
    var intro = document.createElement("p");
    intro.textContent = text("restore");
    box.appendChild(intro);
    var list = document.createElement("dl");
    list.className = "conflict";
    Object.keys(backup.values).forEach(function (name) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = name; dd.textContent = backup.values[name] || "—";
      list.appendChild(dt); list.appendChild(dd);
    });
    box.appendChild(list);
    [["restore-button", function () { applyValues(backup.values); dirty = true; schedule(); }],
     ["discard-button", function () {}]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary";
      button.textContent = text(pair[0]);
      button.addEventListener("click", function () { pair[1](); forget(); box.remove(); });
      box.appendChild(button);
    });
    form.parentNode.insertBefore(box, form);
  }
  function restoreFromBrowser() {
    var backup = null;
    try { backup = JSON.parse(localStorage.getItem(backupKey) || "null"); } catch (e) { return; }
    if (!backup || !backup.values) return;
    if (backup.base === versionField.value) {
      applyValues(backup.values);
      dirty = true;
      schedule();
    } else {
      offerBackup(backup);
    }
  }
  function armExpiryWarning() {
    if (!sessionSeconds) return;
    clearTimeout(expiryTimer);
    expiryTimer = setTimeout(function () { say("expiry", true); }, Math.max(sessionSeconds - 300, 1) * 1000);
  }
  function save() {
    if (halted || submitting) return;
    if (inFlight) { schedule(); return; }
    inFlight = true; dirty = false;
    say("saving");
    fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-Requested-With": "fetch" }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { keepInBrowser(); say("offline", true); return; }
      return response.json().then(function (data) {
        if (response.ok && data.saved) {
          versionField.value = data.version;
          if (dirty) keepInBrowser(); else forget();
          say("saved"); armExpiryWarning();
        } else if (response.status === 409 && data.conflict) {
          // The server kept this tab's values beside the newer ones; nothing to keep here.
          forget(); halted = true; dirty = false; say("conflict", true);
        } else if (data.locked) {
          // Submitted in the meantime: keep the text in this browser and say why it was not saved.
          keepInBrowser(); halted = true;
          if (status) { status.textContent = data.message; status.classList.add("bad"); }
        } else {
          keepInBrowser(); say("invalid", true);
        }
      });
    }).catch(function () { keepInBrowser(); say("offline", true); })
      .finally(function () { inFlight = false; if (dirty && !halted) schedule(); });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(save, 1500); }
  function edited() {
    if (submitting) return;
    dirty = true;
    keepInBrowser();
    if (!halted) schedule();
  }
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("submit", function () { submitting = true; clearTimeout(timer); forget(); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { keepInBrowser(); event.preventDefault(); }
  });
  restoreFromBrowser();
  armExpiryWarning();
})();
