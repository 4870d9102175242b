/* Draws the dashboard's charts with ECharts from the data the page embeds (json_script "chart-data").
   No inline script: the Content-Security-Policy allows scripts from this site only. */
(function () {
  "use strict";

  function largestRingCentre(geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var best = null;
    var bestArea = -1;
    polygons.forEach(function (polygon) {
      var ring = polygon[0];
      var area = 0;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        area += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
      }
      area = Math.abs(area / 2);
      if (area > bestArea) { bestArea = area; best = ring; }
    });
    if (!best) { return null; }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    best.forEach(function (point) {
      minX = Math.min(minX, point[0]); maxX = Math.max(maxX, point[0]);
      minY = Math.min(minY, point[1]); maxY = Math.max(maxY, point[1]);
    });
    return [(minX + maxX) / 2, (minY + maxY) / 2];
  }

  function sankey(element, data) {
    var chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "item" },
      series: [{
        type: "sankey", data: data.nodes, links: data.links, emphasis: { focus: "adjacency" },
        nodeAlign: "justify", lineStyle: { color: "gradient", curveness: 0.5 }, label: { fontSize: 11 }
      }]
    });
    return chart;
  }

  function stations(element, data) {
    var chart = echarts.init(element);
    chart.showLoading();
    fetch(element.dataset.geometry, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (topology) {
        var world = topojson.feature(topology, topology.objects.countries);
        echarts.registerMap("world", world);
        var centres = {};
        world.features.forEach(function (feature) {
          if (feature.geometry) { centres[String(feature.id)] = largestRingCentre(feature.geometry); }
        });
        var seen = {};
        var points = data.points.filter(function (point) { return centres[point.numeric]; }).map(function (point) {
          var centre = centres[point.numeric];
          var index = seen[point.numeric] = (seen[point.numeric] || 0) + 1;
          return { name: point.name, value: [centre[0] + (index - 1) * 2.5, centre[1] - (index - 1) * 1.5, point.value] };
        });
        var peak = Math.max.apply(null, [1].concat(data.points.map(function (point) { return point.value; })));
        chart.hideLoading();
        chart.setOption({
          tooltip: { trigger: "item", formatter: function (item) { return item.name + ": " + (item.value ? item.value[2] : ""); } },
          geo: { map: "world", roam: true, itemStyle: { areaColor: "#e8eef3", borderColor: "#9fb3c8" }, emphasis: { disabled: true } },
          series: [{
            type: "scatter", coordinateSystem: "geo", data: points,
            symbolSize: function (value) { return 8 + 32 * Math.sqrt(value[2] / peak); },
            itemStyle: { color: "#0b6e6e", opacity: 0.8 }, label: { show: true, formatter: "{b}", position: "right", fontSize: 10 }
          }]
        });
        element.dataset.rendered = "true";
      })
      .catch(function (error) { chart.hideLoading(); element.dataset.failed = String(error); });
    return chart;
  }

  function trends(element, data) {
    var chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 10, right: 20, top: 40, bottom: 10, containLabel: true },
      xAxis: { type: "category", data: data.months }, yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (series) { return { name: series.name, type: "bar", stack: "flows", data: series.data }; })
    });
    return chart;
  }

  function ranking(element, data) {
    var chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "axis" }, grid: { left: 10, right: 30, containLabel: true },
      xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", data: data.names },
      series: [{ type: "bar", data: data.values, itemStyle: { color: "#0b6e6e" }, label: { show: true, position: "right" } }]
    });
    return chart;
  }

  var draw = { sankey: sankey, stations: stations, trends: trends, carrier_ranking: ranking, station_ranking: ranking };

  function start() {
    var source = document.getElementById("chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var all = JSON.parse(source.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var id = element.dataset.chart;
      if (draw[id] && all[id]) { charts.push(draw[id](element, all[id])); }
    });
    window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
