"""A chart drawn for a document: the size it is placed at, every character in the Chinese font."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image

from qizhi.documents import charts


@pytest.mark.parametrize("kind", ["bar", "line", "pie"])
def test_a_chart_is_drawn_at_the_documents_width_with_no_missing_glyph(kind):
    chart = charts.Chart(
        kind, "公证事务（件）逐月情况", ["1月", "2月", "3月"], [charts.Series("2025年", [3, None, 5])], unit="件",
        colors=["#2fbf71", "#f5c542", "#e5484d"],
    )  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        image = charts.png(chart)
    assert not [w for w in caught if "missing from font" in str(w.message)], [str(w.message) for w in caught]
    with Image.open(io.BytesIO(image)) as picture:
        size = picture.size
    expected = (charts.WIDTH_MM / 25.4 * charts.DPI, charts.HEIGHT_MM / 25.4 * charts.DPI)
    assert size == pytest.approx(expected, abs=2)
    assert chart.data() == {"labels": ["1月", "2月", "3月"], "2025年": [3, None, 5]}


def test_a_chart_in_a_font_without_chinese_would_be_caught(monkeypatch):
    """The glyph check above can fail: drawn in DejaVu Sans, the Chinese title is missing glyphs."""
    monkeypatch.setattr(charts, "FONT_FAMILY", "DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.png(charts.Chart("bar", "公证事务", ["1月"], [charts.Series("2025年", [1])]))
    assert [w for w in caught if "missing from font" in str(w.message)]


def test_a_pie_of_nothing_still_draws(monkeypatch):
    """A unit whose targets have no light yet: the pie says 无数据 instead of failing on zero slices."""
    said = []
    real = charts._pie

    def spy(axes, chart, font):
        real(axes, chart, font)
        said.extend(t.get_text() for t in axes.texts)

    monkeypatch.setattr(charts, "_pie", spy)
    nothing = charts.Series("目标任务", [0, 0, 0])
    image = charts.png(charts.Chart("pie", "目标任务红黄绿灯", ["绿灯", "黄灯", "红灯"], [nothing]))
    assert image.startswith(b"\x89PNG") and said == ["无数据"]
