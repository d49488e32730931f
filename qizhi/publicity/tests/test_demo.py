"""The demo's publicity reproduces seed 000's figures for the year."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qizhi.demo.publicity import build_publicity
from qizhi.publicity import services

pytestmark = pytest.mark.django_db


@pytest.mark.dated
def test_the_demo_year_reads_as_seed_000(personas):
    bureau = personas.a.unit
    assert build_publicity(bureau, actor=personas.a.party_affairs) == (105, 215)
    figures = services.figures(bureau, timezone.localdate().year)
    assert [b["issues"] for b in figures["bulletins"]] == [85, 20]
    articles = figures["articles"]
    assert (articles["total"], articles["national_or_provincial"], articles["municipal"], articles["county"]) == (
        215, 114, 62, 39,
    )  # fmt: skip
    assert "信息简报85期，创先争优信息简报20期" in figures["paragraph"]
