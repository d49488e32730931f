// The compliance page's heat map: months × organizations, the share of obligations met, from #heat-data.
(function () {
  const source = document.getElementById("heat-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const esc = echarts.format.encodeHTML; // names are the users' text: escaped before they reach HTML
  const chart = echarts.init(document.getElementById("heat-chart"));
  chart.setOption({
    tooltip: {
      position: "top",
      formatter: (p) =>
        `${esc(data.orgs[p.value[1]])}　${esc(data.months[p.value[0]])}<br>${esc(p.value[3])} / ${esc(p.value[4])}（${esc(p.value[2])}%）`,
    },
    grid: { left: 160, right: 90, top: 8, bottom: 28 },
    xAxis: { type: "category", data: data.months, splitArea: { show: true } },
    yAxis: { type: "category", data: data.orgs, inverse: true, splitArea: { show: true } },
    visualMap: {
      dimension: 2, min: 0, max: 100, calculable: true, orient: "vertical", right: 0, top: "middle", itemHeight: 100,
      inRange: { color: ["#c62828", "#fbc02d", "#2e7d32"] },
    },
    series: [{ type: "heatmap", data: data.cells, label: { show: true, formatter: (p) => p.value[2] + "%" } }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
