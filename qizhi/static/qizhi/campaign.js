// A campaign's phases on a time axis with today marked, from the JSON in #timeline-data.
(function () {
  const source = document.getElementById("timeline-data");
  const box = document.getElementById("timeline-chart");
  if (!source || !box || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const esc = echarts.format.encodeHTML; // phase names are the users' text: escaped before they reach HTML
  const day = (text) => new Date(text + "T00:00:00").getTime();
  const names = data.phases.map((p) => p.name);
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: {
      formatter: (p) => `${esc(p.name)}：${esc(data.phases[p.dataIndex].start)} 至 ${esc(data.phases[p.dataIndex].end)}`,
    },
    grid: { left: 96, right: 24, top: 16, bottom: 28 },
    xAxis: { type: "time" },
    yAxis: { type: "category", data: names, inverse: true, axisLabel: { formatter: (v) => v } },
    series: [{
      type: "custom",
      renderItem: (params, api) => {
        const start = api.coord([api.value(1), api.value(0)]);
        const end = api.coord([api.value(2), api.value(0)]);
        const height = api.size([0, 1])[1] * 0.5;
        return {
          type: "rect",
          shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height },
          style: { fill: data.phases[params.dataIndex].current ? "#b71c1c" : "#adb5bd" },
        };
      },
      encode: { x: [1, 2], y: 0 },
      data: data.phases.map((p, i) => ({ name: p.name, value: [i, day(p.start), day(p.end)] })),
      markLine: {
        symbol: "none", label: { formatter: "今天" }, lineStyle: { color: "#0d6efd" },
        data: [{ xAxis: day(data.today) }],
      },
    }],
  });
  window.addEventListener("resize", () => chart.resize());
})();
