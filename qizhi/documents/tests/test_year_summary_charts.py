"""The year summary's charts draw the numbers of the big screen's ECharts charts: the targets' lights and the
headline indicator month by month (compared as the numbers handed to the drawing, not as pixels)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from qizhi.dashboard import screen
from qizhi.documents import charts
from qizhi.org.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


@pytest.fixture
def drawn(monkeypatch):
    """Every chart the document draws, in order, drawn for real."""
    seen: list[charts.Chart] = []
    real = charts.png

    def record(chart):
        seen.append(chart)
        return real(chart)

    monkeypatch.setattr(charts, "png", record)
    return seen


def download(client, unit, year) -> bytes:
    client.login(username="leader", password="qizhi-demo")
    response = client.get(reverse("documents:year_summary"), {"unit": unit.pk, "year": year})
    assert response.status_code == 200
    return response.content


def pictures(content: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def test_the_business_chart_draws_the_screens_statistics_chart(client, demo, drawn):
    bureau = Unit.objects.get(name="云溪县司法局")
    today = timezone.localdate()
    last_year = today.year - 1  # the screen shows the last whole year: seed 000's
    content = download(client, bureau, last_year)

    page = screen.charts(bureau, today)["statistics"]
    bars = next(c for c in drawn if c.kind == "bar")
    assert bars.labels == page["months"] == [f"{n}月" for n in range(1, 13)]
    assert bars.series[0].name == f"{last_year}年" and bars.series[0].values == page["this_year"]
    assert bars.series[1].name == f"{last_year - 1}年" and bars.series[1].values == page["last_year"]
    # By hand: the headline indicator is seed 000's 公证事务, 1855 in the year.
    assert page["indicator"] == "公证事务" and sum(v or 0 for v in bars.series[0].values) == 1855
    assert page["indicator"] in bars.title
    # The picture is in the file, a PNG, once per chart drawn.
    images = pictures(content)
    assert len(images) == len(drawn) and all(image.startswith(b"\x89PNG") for image in images)


def test_the_lights_chart_draws_the_screens_lights_and_the_sentences_figures(client, demo, drawn):
    bureau = Unit.objects.get(name="云溪县司法局")
    today = timezone.localdate()
    content = download(client, bureau, today.year)

    pie = next(c for c in drawn if c.kind == "pie")
    page = screen.charts(bureau, today)["lights"]
    assert pie.labels == [s["name"] for s in page] == ["绿灯", "黄灯", "红灯"]
    assert pie.series[0].values == [s["value"] for s in page]
    assert pie.colors == [s["color"] for s in page]
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    said = re.search(r"目标任务绿灯(\d+)项、黄灯(\d+)项、红灯(\d+)项", text).groups()
    assert pie.series[0].values == [int(n) for n in said]
    assert sum(pie.series[0].values) > 0
