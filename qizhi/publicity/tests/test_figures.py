"""The year's figures as seed 000 writes them, counted from the records (hand-computed here)."""

from __future__ import annotations

import datetime

import pytest

from qizhi.publicity import services
from qizhi.publicity.choices import OutletLevel
from qizhi.publicity.models import Article, Bulletin
from qizhi.publicity.testing import publicity_of

pytestmark = pytest.mark.django_db


def articles(unit, level, count, day=datetime.date(2026, 6, 1)):
    Article.objects.bulk_create(
        Article(unit=unit, title=f"稿件{i}", outlet="某报", outlet_level=level, published_on=day) for i in range(count)
    )


def test_it_counts_articles_by_level_and_issues_by_bulletin(personas):
    bureau = personas.a
    publicity_of(bureau)  # one central article (2026-04-08), one issue of 三项重点工作信息简报
    articles(bureau.unit, OutletLevel.PROVINCIAL, 3)
    articles(bureau.judicial_office, OutletLevel.MUNICIPAL, 2)  # a unit under the bureau counts
    articles(bureau.unit, OutletLevel.COUNTY, 4)
    articles(bureau.unit, OutletLevel.COUNTY, 5, day=datetime.date(2025, 12, 31))  # last year: not counted
    articles(personas.b.unit, OutletLevel.COUNTY, 7)  # the sibling's: not counted
    other = Bulletin.objects.create(unit=bureau.office, name="创先争优信息简报")
    for day in (1, 2):
        services.issue_bulletin(other, title="t", text="x", issued_on=datetime.date(2026, 9, day),
                                by=bureau.party_affairs)  # fmt: skip

    result = services.figures(bureau.unit, 2026)

    assert result["articles"] == {"total": 10, "national_or_provincial": 4, "central": 1, "provincial": 3,
                                  "municipal": 2, "county": 4}  # fmt: skip
    assert [(b["name"], b["issues"]) for b in result["bulletins"]] == [("创先争优信息简报", 2),
                                                                      ("三项重点工作信息简报", 1)]  # fmt: skip
    assert result["bulletin_issues"] == 3
    assert "共计10篇" in result["paragraph"] and "国家级、省级报刊、新闻网站采用的4篇" in result["paragraph"]
    assert services.figures(bureau.judicial_office, 2026)["articles"]["total"] == 2


def test_the_api_answers_the_figures_within_the_users_scope(client, personas):
    publicity_of(personas.a)
    client.force_login(personas.a.leader)
    response = client.get("/api/publicity/figures/", {"unit": personas.a.unit.pk, "year": 2026})
    assert response.status_code == 200
    assert response.json()["articles"]["central"] == 1 and response.json()["bulletin_issues"] == 1
    assert client.get("/api/publicity/figures/", {"unit": personas.b.unit.pk, "year": 2026}).status_code == 404
    assert client.get("/api/publicity/figures/", {"unit": personas.a.unit.pk, "year": "20x6"}).status_code == 400
