"""Simultaneous moves of one monthly report (PostgreSQL, threads): one wins, the others are refused,
and the roll-up summary counts the month once."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum

from qizhi.core.testing import race, winners_and_refusals
from qizhi.statistics import services
from qizhi.statistics.models import StatReport, StatTotal
from qizhi.statistics.tests.helpers import submitted_report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL"),
]
N = 3
MONTH = datetime.date(2025, 3, 1)


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def submitted(personas):
    return submitted_report(personas.a, MONTH)


def counted(report) -> int:
    """How many times the summary counts the report's 4 cases: once per unit above it when approved once."""
    rows = StatTotal.objects.filter(month=MONTH, indicator__code="disputes_accepted")
    total = int(rows.aggregate(total=Sum("value"))["total"] or 0)
    return total // (4 * (report.unit.depth - 1))


@pytest.mark.parametrize("move", ["approve", "return"])
def test_three_simultaneous_reviews_one_wins(personas, submitted, move):
    leader = personas.a.leader

    def attempt(i):
        report = StatReport.objects.get(pk=submitted.pk)
        if move == "approve":
            return services.approve(report, by=fresh(leader))
        return services.return_report(report, by=fresh(leader), reason="核对")

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert counted(submitted) == (1 if move == "approve" else 0)


def test_three_simultaneous_reopenings_take_the_month_away_once(personas, submitted):
    leader = personas.a.leader
    services.approve(submitted, by=leader)
    assert counted(submitted) == 1

    def attempt(i):
        return services.reopen(StatReport.objects.get(pk=submitted.pk), by=fresh(leader), reason="更正")

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert counted(submitted) == 0
    assert StatReport.objects.get(pk=submitted.pk).status == "draft"
