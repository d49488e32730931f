// The statistics page's charts, drawn from the JSON the server put in #chart-data.
(function () {
  const source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const esc = echarts.format.encodeHTML; // unit names are the users' text: escaped before they reach HTML
  const trend = echarts.init(document.getElementById("trend-chart"));
  trend.setOption({
    tooltip: {
      trigger: "axis",
      formatter: (ps) => [esc(ps[0].name), ...ps.map((p) => `${p.marker}${esc(p.seriesName)}：${esc(p.value)}`)].join("<br>"),
    },
    legend: { top: 0, data: [data.year + "年", data.year - 1 + "年"] },
    grid: { left: 48, right: 16, bottom: 28, top: 36 },
    xAxis: { type: "category", data: data.trend.months },
    yAxis: { type: "value", name: data.unit },
    series: [
      { name: data.year + "年", type: "bar", data: data.trend.this_year, itemStyle: { color: "#b71c1c" } },
      { name: data.year - 1 + "年", type: "line", data: data.trend.last_year, itemStyle: { color: "#6c757d" } },
    ],
  });
  const children = echarts.init(document.getElementById("children-chart"));
  children.setOption({
    tooltip: { trigger: "item", formatter: (p) => `${esc(p.name)}：${esc(p.value)}（${esc(p.percent)}%）` },
    series: [{ type: "pie", radius: ["35%", "70%"], data: data.children, label: { formatter: "{b}\n{c}" } }],
  });
  window.addEventListener("resize", () => { trend.resize(); children.resize(); });
})();
