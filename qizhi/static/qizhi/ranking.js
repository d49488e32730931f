// The ranking page's bar charts: 综合得分 of each unit of a kind, best at the top.
(function () {
  const source = document.getElementById("ranking-data");
  if (!source || typeof echarts === "undefined") return;
  const groups = JSON.parse(source.textContent);
  const esc = echarts.format.encodeHTML; // unit names are the users' text: escaped before they reach HTML
  const charts = [];
  document.querySelectorAll(".qz-ranking-chart").forEach(function (element) {
    const data = groups[element.dataset.kind];
    if (!data) return;
    const chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "axis", formatter: (ps) => ps.map((p) => `${esc(p.name)}：${esc(p.value)}分`).join("<br>") },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "分" },
      yAxis: { type: "category", inverse: true, data: data.names },
      series: [{ type: "bar", data: data.totals, itemStyle: { color: "#b71c1c" }, label: { show: true, position: "right", formatter: "{c}" } }],
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
