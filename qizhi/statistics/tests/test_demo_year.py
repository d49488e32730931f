"""The demo's year is seed 000's year: the paragraph reproduces the seed's sentence, the rate reads 97.3%."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from qizhi.org.models import Unit
from qizhi.statistics import services

pytestmark = [pytest.mark.django_db, pytest.mark.dated]
SEED = next((Path(__file__).resolve().parents[4] / "shared" / "seeds").glob("000_*.txt"), None)


def normalized(text: str) -> str:
    return text.replace(",", "，").replace("%", "%")


def test_the_paragraph_reproduces_seed_000(demo):
    bureau = Unit.objects.get(name="云溪县司法局")
    text = services.paragraph(bureau, timezone.localdate().year - 1)
    assert "调处各类矛盾纠纷7425件，成功7221件，调处成功率达97.3%" in text
    if SEED is not None:  # shared/ sits beside the repository on the team's machines and in CI
        sentence = re.search(r"一年来.*?社区矫正对象109人。", SEED.read_text(encoding="utf-8")).group(0)
        assert text == normalized(sentence)
    last_year = {f.indicator.code: f for f in services.rollup(bureau, *year_range(timezone.localdate().year - 1))}
    assert last_year["notarizations"].last_year == 1669  # the year before: 90 % of the seed's figures


def year_range(year):
    import datetime

    return datetime.date(year, 1, 1), datetime.date(year, 12, 1)


def test_the_demo_bureau_has_published_its_last_approved_month(demo):
    from qizhi.disclosure.models import Publication
    from qizhi.statistics.models import StatReport

    approved = StatReport.objects.filter(unit__path__startswith=demo.path, status="approved")
    report = approved.order_by("-month", "unit__depth", "unit__path").first()  # the bureau's December 2025
    # (the log row, not services.live: the demo was published at the real clock, the test's clock is frozen)
    row = Publication.objects.get(kind="statistics.statreport", channel="website", withdrawn_at=None)
    assert row.title == f"{report.unit.name}{report.month.year}年{report.month.month}月业务工作数据"
    assert row.disclosure.object_id == report.pk
    assert any(line.startswith("调处矛盾纠纷：") for line in row.paragraphs)
