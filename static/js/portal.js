/* A refused form is shown at the address it was posted to; put the page's own address back, so that
   reloading shows the page again instead of posting the form a second time. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="portal-replace-url"]');
  if (meta && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", meta.getAttribute("content") + window.location.hash);
  }
})();

/* Deadlines: show them in the visitor's own time zone and count down.
   The server's clock decides; we only offset the display by the difference
   between the server's "now" and the browser's clock. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  document.querySelectorAll("[data-local-time]").forEach(function (el) {
    var when = new Date(el.getAttribute("data-local-time"));
    if (isNaN(when)) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    el.textContent = when.toLocaleString(lang, { dateStyle: "full", timeStyle: "short" }) + " (" + zone + ")";
    var holder = el.closest("[hidden]");
    if (holder) holder.hidden = false;
  });
  var korean = lang.indexOf("ko") === 0;
  /* Korean writes the unit against the number (3일), English with a space and a plural. */
  function plural(n, one, many) { return korean ? n + one : n + " " + (n === 1 ? one : many); }
  var words = korean
    ? { d: ["일", "일"], h: ["시간", "시간"], m: ["분", "분"], left: "남음", closed: "마감되었습니다" }
    : { d: ["day", "days"], h: ["hour", "hours"], m: ["minute", "minutes"], left: "left", closed: "Closed" };
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    var deadline = new Date(el.getAttribute("data-countdown")).getTime();
    var serverNow = new Date(el.getAttribute("data-now")).getTime();
    var skew = isNaN(serverNow) ? 0 : serverNow - Date.now();
    function tick() {
      var ms = deadline - (Date.now() + skew);
      if (ms <= 0) { el.textContent = words.closed; return; }
      var minutes = Math.floor(ms / 60000), days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60);
      var parts = [];
      if (days) parts.push(plural(days, words.d[0], words.d[1]));
      if (days || hours) parts.push(plural(hours, words.h[0], words.h[1]));
      parts.push(plural(minutes % 60, words.m[0], words.m[1]));
      el.textContent = parts.join(" ") + " " + words.left;
      setTimeout(tick, 30000);
    }
    tick();
  });
})();
