// Draws the forecast of a region page with uPlot: the P50 debt, its P10–P90 band, the
// on-hand P50, and a mark on each expected delivery. Data: <script id="forecast-data">.
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("forecast-chart");
    var source = document.getElementById("forecast-data");
    if (!holder || !source || typeof uPlot === "undefined") return;
    var data = JSON.parse(source.textContent);
    if (!data.dates.length) return;
    var xs = data.dates.map(function (d) { return Date.parse(d + "T00:00:00Z") / 1000; });
    var deliveries = {};
    data.deliveries.forEach(function (d) { deliveries[d.date] = (deliveries[d.date] || 0) + d.quantity; });
    var marks = data.dates.map(function (d) { return deliveries[d] ? 0 : null; });
    var lang = document.documentElement.lang || "id";
    var fmt = new Intl.NumberFormat(lang === "id" ? "id-ID" : "en-GB");
    var opts = {
      width: holder.clientWidth || 320,
      height: 288,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "UTC"); },
      scales: { x: { time: true } },
      axes: [{}, { values: function (u, ticks) { return ticks.map(function (v) { return fmt.format(v); }); }, size: 70 }],
      series: [
        {},
        { label: "P90", stroke: "rgba(0,102,204,0.35)", width: 1 },
        { label: "P10", stroke: "rgba(0,102,204,0.35)", width: 1 },
        { label: "P50", stroke: "#0066cc", width: 2 },
        { label: lang === "id" ? "Stok (P50)" : "On hand (P50)", stroke: "#2f855a", width: 1, dash: [6, 4] },
        { label: lang === "id" ? "Kiriman" : "Delivery", stroke: "#b7791f", width: 0,
          points: { show: true, size: 12, stroke: "#b7791f", fill: "#b7791f" } }
      ],
      bands: [{ series: [1, 2], fill: "rgba(0,102,204,0.15)" }]
    };
    var plot = new uPlot(opts, [xs, data.p90, data.p10, data.p50, data.on_hand, marks], holder);
    window.addEventListener("resize", function () {
      plot.setSize({ width: holder.clientWidth || 320, height: 288 });
    });
    holder.dataset.drawn = "true";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
