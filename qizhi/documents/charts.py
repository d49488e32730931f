"""Charts in Word documents: the numbers a page's ECharts chart draws, drawn again on the server as a PNG.

A document keeps its chart as data (``Chart``: labels and named series, the very lists the page's chart is
given), so a test compares numbers, not pixels; ``png`` draws it with matplotlib's object-oriented API
(no pyplot state, safe in a threaded server) in Noto Sans CJK, the look-alike of 黑体 that the project's
fonts already install (fonts-noto-cjk).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from qizhi.documents.official import OfficialDocument

FONT_FAMILY = "Noto Sans CJK SC"
WIDTH_MM, HEIGHT_MM = 150, 80  # inside the 156 mm text block
DPI = 200
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Series:
    name: str
    values: list  # numbers, or None for a month without a figure
    color: str = "#b71c1c"


@dataclass(frozen=True)
class Chart:
    """``kind``: ``pie`` (one series, a slice per label), ``bar`` or ``line`` (a group or point per label)."""

    kind: str
    title: str
    labels: list[str]
    series: list[Series] = field(default_factory=list)
    unit: str = ""  # of the values (件, 项)
    colors: list[str] = field(default_factory=list)  # a pie's slices

    def data(self) -> dict:
        """The numbers drawn, for comparison with the page's chart data."""
        return {"labels": list(self.labels), **{s.name: list(s.values) for s in self.series}}


def _pie(axes, chart: Chart, font) -> None:
    values = chart.series[0].values
    shown = [(label, value, color) for label, value, color in zip(chart.labels, values, chart.colors, strict=False)
             if value]  # fmt: skip
    if not shown:
        axes.text(0.5, 0.5, "无数据", ha="center", va="center", fontproperties=font)
        axes.set_axis_off()
        return
    labels, numbers, colors = zip(*shown, strict=True)
    axes.pie(numbers, labels=[f"{label} {number}{chart.unit}" for label, number in zip(labels, numbers, strict=True)],
             colors=colors or None, startangle=90, counterclock=False, textprops={"fontproperties": font})  # fmt: skip
    axes.set_aspect("equal")


def _series(axes, chart: Chart, font) -> None:
    positions = list(range(len(chart.labels)))
    width = 0.8 / max(1, len(chart.series))
    for index, series in enumerate(chart.series):
        if chart.kind == "bar":
            shifted = [p - 0.4 + width * (index + 0.5) for p in positions]
            axes.bar(shifted, [v or 0 for v in series.values], width, label=series.name, color=series.color)
        else:
            axes.plot(positions, [float("nan") if v is None else v for v in series.values], marker="o",
                      label=series.name, color=series.color)  # fmt: skip
    axes.set_xticks(positions, chart.labels, fontproperties=font)
    for label in axes.get_yticklabels():
        label.set_fontproperties(font)
    if chart.unit:
        axes.set_ylabel(chart.unit, fontproperties=font, rotation=0, labelpad=12)
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    if len(chart.series) > 1:
        axes.legend(prop=font, frameon=False)


def png(chart: Chart) -> bytes:
    """The chart as a PNG of ``WIDTH_MM`` × ``HEIGHT_MM`` at ``DPI``. matplotlib is imported here, by the first
    chart drawn, not when the server starts (its font list is built on first use)."""
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_MM / MM_PER_INCH, HEIGHT_MM / MM_PER_INCH), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    font = font_manager.FontProperties(family=FONT_FAMILY)
    (_pie if chart.kind == "pie" else _series)(axes, chart, font)
    axes.set_title(chart.title, fontproperties=font)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def draw(document: OfficialDocument, chart: Chart) -> None:
    """The chart as a picture in ``document``, as wide as it was drawn."""
    document.picture(png(chart), WIDTH_MM)
