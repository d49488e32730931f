// The big screen: draws the tiles and charts from the JSON the server put in #screen-data, then polls
// the data URL once a minute (with jitter, so that many screens do not ask at the same second). When a
// poll fails (network cable pulled, server down, session over) the last figures stay and the header says
// when they were fetched. The page reloads itself at 03:00 and when the day changes — but only after a
// poll has succeeded, so that a screen without network never replaces its figures with an error page.
(function () {
  "use strict";
  const stage = document.getElementById("screen-stage");
  const source = document.getElementById("screen-data");
  if (!stage || !source || typeof echarts === "undefined") return;
  const esc = echarts.format.encodeHTML; // unit and branch names are the users' text
  const POLL_MS = 60000, JITTER_MS = 10000;
  const AXIS = { color: "#9fb3d9", fontSize: 16 };
  const SPLIT = { lineStyle: { color: "rgba(159,179,217,.15)" } };
  const loadedDay = new Date().toDateString();
  let data = JSON.parse(source.textContent);
  let reloadWanted = false;

  // --- the stage: 1920×1080, scaled to fit whatever displays it -------------------------------------
  function scale() { return Math.min(window.innerWidth / 1920, window.innerHeight / 1080); }
  function fit() { stage.style.transform = "translate(-50%, -50%) scale(" + scale() + ")"; }
  fit();

  const ratio = Math.max(1, (window.devicePixelRatio || 1) * scale());
  const charts = {};
  ["ranking", "lights", "meetings", "statistics", "party", "dues"].forEach(function (key) {
    charts[key] = echarts.init(document.getElementById("chart-" + key), null, { devicePixelRatio: ratio });
  });
  window.addEventListener("resize", fit);

  // --- tiles: text nodes only (textContent), so nothing a user typed becomes HTML --------------------
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function drawTiles() {
    const box = document.getElementById("screen-tiles");
    box.replaceChildren(...data.tiles.map(function (tile) {
      const card = el("div", "screen-tile");
      card.dataset.tile = tile.key;
      card.append(el("h2", "", tile.title));
      const figures = el("div", "screen-figures");
      tile.figures.forEach(function (f) {
        const figure = el("div", "screen-figure" + (f.alert && Number(f.value) ? " alert" : ""));
        figure.append(el("div", "value", f.value), el("div", "label", f.label));
        figures.append(figure);
      });
      card.append(figures);
      if (tile.note) card.append(el("div", "note", tile.note));
      return card;
    }));
    box.querySelectorAll("h2, .note").forEach(function (node) { fitText(node, 12, 1); });
    box.querySelectorAll(".value").forEach(function (node) { fitText(node, 14, 1); });
    box.querySelectorAll(".label").forEach(function (node) {
      if (fitText(node, 14, 1)) return;
      node.classList.add("wrap"); // a long indicator name: two lines rather than an unreadable size
      fitText(node, 11, 2);
    });
  }
  // Smaller a pixel at a time, down to ``smallest``, until the text shows whole in its box on at most
  // ``lines`` lines (whether it does is returned): a tile never cuts "100%" to "10…". The stage is laid
  // out at 1920×1080 whatever the display, so the sizes found here are the same on every screen.
  function fitText(node, smallest, lines) {
    node.style.fontSize = "";
    let size = parseFloat(getComputedStyle(node).fontSize);
    function tooBig() {
      const lineHeight = parseFloat(getComputedStyle(node).lineHeight);
      return node.scrollWidth > node.clientWidth || Math.round(node.scrollHeight / lineHeight) > lines;
    }
    while (size - 1 >= smallest && tooBig()) {
      size -= 1;
      node.style.fontSize = size + "px";
    }
    return !tooBig();
  }

  // --- charts ---------------------------------------------------------------------------------------
  const tooltipAxis = {
    trigger: "axis",
    formatter: function (ps) {
      return [esc(ps[0].name)].concat(ps.map(function (p) {
        return p.marker + esc(p.seriesName) + "：" + esc(p.value == null ? "—" : p.value);
      })).join("<br>");
    },
  };
  const legend = { top: 4, right: 12, textStyle: { color: "#c9d6ee", fontSize: 16 } };
  function bars(names, series, extra) {
    return Object.assign({
      tooltip: tooltipAxis, legend: legend, grid: { left: 64, right: 20, top: 40, bottom: 60 },
      xAxis: { type: "category", data: names, axisLabel: Object.assign({ interval: 0, rotate: names.length > 4 ? 30 : 0,
        formatter: function (v) { return v.length > 6 ? v.slice(0, 6) + "…" : v; } }, AXIS) },
      yAxis: { type: "value", axisLabel: AXIS, splitLine: SPLIT },
      series: series,
    }, extra || {});
  }
  function drawCharts() {
    const c = data.charts;
    charts.ranking.setOption(bars(c.ranking.names, [{
      name: "综合得分", type: "bar", data: c.ranking.scores, barMaxWidth: 36, itemStyle: { color: "#ffb020" },
      label: { show: true, position: "top", color: "#ffffff", fontSize: 15 },
    }]), true);
    charts.lights.setOption({
      tooltip: { trigger: "item", formatter: function (p) { return esc(p.name) + "：" + esc(p.value) + "项（" + esc(p.percent) + "%）"; } },
      legend: legend,
      series: [{ type: "pie", radius: ["40%", "70%"], center: ["50%", "56%"],
        data: c.lights.map(function (l) { return { name: l.name, value: l.value, itemStyle: { color: l.color } }; }),
        label: { color: "#e6edf7", fontSize: 18, formatter: "{b}\n{c}项" } }],
    }, true);
    charts.meetings.setOption(bars(c.meetings.names, [
      { name: "已开", type: "bar", stack: "m", data: c.meetings.held, itemStyle: { color: "#2fbf71" }, barMaxWidth: 36 },
      { name: "缺开", type: "bar", stack: "m", data: c.meetings.missing, itemStyle: { color: "#e5484d" }, barMaxWidth: 36 },
    ]), true);
    const s = c.statistics;
    document.getElementById("caption-statistics").textContent =
      s.indicator ? s.indicator + "月度走势（" + s.year + "年与上年）" : "业务统计月度走势";
    charts.statistics.setOption(bars(s.months, [
      { name: s.year + "年", type: "bar", data: s.this_year, itemStyle: { color: "#d64545" }, barMaxWidth: 28 },
      { name: (s.year - 1) + "年", type: "line", data: s.last_year, itemStyle: { color: "#7aa2ff" }, lineStyle: { width: 3 } },
    ]), true);
    charts.party.setOption({
      tooltip: { trigger: "item", formatter: function (p) { return esc(p.name) + "：" + esc(p.value) + "人"; } },
      legend: legend, grid: { left: 64, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: c.party.by_age.map(function (r) { return r.name; }),
        axisLabel: Object.assign({ interval: 0 }, AXIS) },
      yAxis: { type: "value", axisLabel: AXIS, splitLine: SPLIT, minInterval: 1 },
      series: [{ name: "党员", type: "bar", data: c.party.by_age.map(function (r) { return r.value; }), barMaxWidth: 48,
        itemStyle: { color: "#c62828" }, label: { show: true, position: "top", color: "#ffffff", fontSize: 15 } }],
    }, true);
    document.getElementById("caption-dues").textContent = "本月党费收缴（" + c.dues.month + "，各支部，元）";
    charts.dues.setOption(bars(c.dues.names, [
      { name: "应交", type: "bar", data: c.dues.due, itemStyle: { color: "#5b7bd5" }, barMaxWidth: 28 },
      { name: "已交", type: "bar", data: c.dues.received, itemStyle: { color: "#ffb020" }, barMaxWidth: 28 },
    ]), true);
  }
  function draw() {
    document.getElementById("screen-date").textContent = data.date;
    drawTiles();
    drawCharts();
  }

  // --- refresh ----------------------------------------------------------------------------------------
  function status(text, offline) {
    const node = document.getElementById("screen-status");
    node.textContent = text;
    node.classList.toggle("offline", offline);
  }
  function poll() {
    fetch(stage.dataset.url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        const json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (fresh) {
        if (reloadWanted || fresh.day !== data.day) { window.location.reload(); return; }
        data = fresh;
        draw();
        status("数据更新于 " + data.updated, false);
      })
      .catch(function () { status("网络中断，数据更新于 " + data.updated, true); })
      .finally(schedule);
  }
  function schedule() { window.setTimeout(poll, POLL_MS + Math.random() * JITTER_MS); }
  function untilThree() {
    const now = new Date(), next = new Date(now);
    next.setHours(3, 0, 0, 0);
    if (next <= now) next.setDate(next.getDate() + 1);
    return next - now;
  }
  window.setTimeout(function () { reloadWanted = true; }, untilThree()); // a fresh page every night
  window.setInterval(function () { if (new Date().toDateString() !== loadedDay) reloadWanted = true; }, 60000);

  draw();
  schedule();
})();
