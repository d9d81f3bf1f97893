/* The staff dashboard's charts, drawn with Chart.js from the tables beside them (the tables hold the
   numbers, for screen readers and for anyone without JavaScript), and its refresh while a call is open:
   every data-refresh seconds the page is fetched again and the #dashboard block replaced. */
(function () {
  "use strict";
  var COLOURS = ["#0b5cad", "#f9a825", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a",
                 "#ef6c00", "#3949ab", "#7cb342", "#d81b60"];
  var charts = [];

  function cellValue(cell) {
    var raw = cell ? (cell.getAttribute("data-value") || cell.textContent) : "";
    var number = parseFloat(String(raw).replace(/[^0-9.\-]/g, ""));
    return isNaN(number) ? 0 : number;
  }

  function fromTable(canvas) {
    var table = document.getElementById(canvas.getAttribute("data-source"));
    if (!table || !table.tBodies.length) return null;
    var columns = (canvas.getAttribute("data-columns") || "1").split(",").map(Number);
    var limit = parseInt(canvas.getAttribute("data-limit") || "0", 10);
    var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (row) { return row.cells.length > 1; });
    if (limit) rows = rows.slice(0, limit);
    var header = table.tHead ? table.tHead.rows[0].cells : [];
    return {
      labels: rows.map(function (row) { return row.cells[0].childNodes[0].textContent.trim(); }),
      datasets: columns.map(function (column, i) {
        return {
          label: header[column] ? header[column].textContent.trim() : "",
          data: rows.map(function (row) { return cellValue(row.cells[column]); }),
          backgroundColor: canvas.getAttribute("data-chart") === "doughnut" ? COLOURS : COLOURS[i % COLOURS.length],
          borderColor: COLOURS[i % COLOURS.length],
          fill: false, tension: 0.2
        };
      })
    };
  }

  function draw(root) {
    if (typeof Chart === "undefined") return;
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = fromTable(canvas);
      if (!data || !data.labels.length) return;
      var type = canvas.getAttribute("data-chart");
      var options = { responsive: true, maintainAspectRatio: false, animation: false,
                      plugins: { legend: { display: type === "doughnut" || data.datasets.length > 1 } } };
      if (canvas.getAttribute("data-axis") === "y") options.indexAxis = "y";
      charts.push(new Chart(canvas, { type: type, data: data, options: options }));
    });
  }

  function refresh(seconds) {
    setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("dashboard");
          var current = document.getElementById("dashboard");
          if (fresh && current) {
            current.replaceWith(fresh);
            draw(fresh);
            seconds = parseInt(fresh.getAttribute("data-refresh") || "0", 10);
          }
        })
        .catch(function () { /* try again at the next tick */ })
        .then(function () { if (seconds > 0) refresh(seconds); });
    }, seconds * 1000);
  }

  function start() {
    var root = document.getElementById("dashboard");
    if (!root) return;
    draw(root);
    var seconds = parseInt(root.getAttribute("data-refresh") || "0", 10);
    if (seconds > 0) refresh(seconds);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
