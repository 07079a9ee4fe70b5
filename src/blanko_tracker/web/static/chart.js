// Draws the forecast of a region page with uPlot: the P50 debt, its P10–P90 band, the
// on-hand P50, a mark on each expected delivery and, on a what-if, the current forecast's
// P50 beside the scenario's. Data: <script id="forecast-data">; the words of the legend and
// the y-axis come with it, in the page's language.
// Days are calendar days of the office (no time of day): they are read and written in UTC
// so that no browser's own time zone shifts "5 Des" to "4 Des".
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("forecast-chart");
    var source = document.getElementById("forecast-data");
    if (!holder || !source || typeof uPlot === "undefined") return;
    var data = JSON.parse(source.textContent);
    if (!data.dates.length) return;
    var labels = data.labels || {};
    var xs = data.dates.map(function (d) { return Date.parse(d + "T00:00:00Z") / 1000; });
    var deliveries = {};
    data.deliveries.forEach(function (d) { deliveries[d.date] = (deliveries[d.date] || 0) + d.quantity; });
    var marks = data.dates.map(function (d) { return deliveries[d] ? 0 : null; });
    var lang = data.lang || document.documentElement.lang || "id";
    var locale = lang === "id" ? "id-ID" : "en-GB";
    var fmt = new Intl.NumberFormat(locale);
    // "5 Des": the day and the short month, as Indonesian tables write them.
    var day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
    var longDay = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    var scenario = Array.isArray(data.baseline);
    var series = [
      { label: labels.date, value: function (u, v) { return v == null ? "–" : longDay.format(new Date(v * 1e3)); } },
      { label: "P90", stroke: "rgba(0,102,204,0.35)", width: 1 },
      { label: "P10", stroke: "rgba(0,102,204,0.35)", width: 1 },
      { label: scenario ? labels.scenario : (labels.baseline || "P50"), stroke: "#0066cc", width: 2 },
      { label: labels.on_hand, stroke: "#2f855a", width: 1, dash: [6, 4] },
      { label: labels.deliveries, stroke: "#b7791f", width: 0,
        points: { show: true, size: 12, stroke: "#b7791f", fill: "#b7791f" } }
    ];
    var columns = [xs, data.p90, data.p10, data.p50, data.on_hand, marks];
    if (scenario) {
      series.push({ label: labels.baseline, stroke: "#6b7280", width: 2, dash: [2, 3] });
      columns.push(data.baseline);
    }
    var opts = {
      width: holder.clientWidth || 320,
      height: 288,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "UTC"); },
      scales: { x: { time: true } },
      axes: [
        { values: function (u, ticks) { return ticks.map(function (v) { return day.format(new Date(v * 1e3)); }); } },
        { label: labels.debt_axis, labelSize: 20, size: 70,
          values: function (u, ticks) { return ticks.map(function (v) { return fmt.format(v); }); } }
      ],
      series: series,
      bands: [{ series: [1, 2], fill: "rgba(0,102,204,0.15)" }]
    };
    var plot = new uPlot(opts, columns, holder);
    window.addEventListener("resize", function () {
      plot.setSize({ width: holder.clientWidth || 320, height: 288 });
    });
    holder.dataset.drawn = "true";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
