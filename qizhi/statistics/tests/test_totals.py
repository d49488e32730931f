"""The summary StatTotal: kept in step by approving and reopening, equal to a recount, read by the roll-ups."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.org.models import Unit
from qizhi.statistics import services, totals
from qizhi.statistics.models import StatReport, StatTotal, StatValue
from qizhi.statistics.tests.helpers import approved

pytestmark = pytest.mark.django_db
D = datetime.date
JAN = D(2025, 1, 1)


def table() -> dict[tuple, tuple]:
    """The summary as {(unit, indicator code, month): (value, count)}."""
    rows = StatTotal.objects.values_list("unit__name", "indicator__code", "month", "value", "count")
    return {(unit, code, month): (value, count) for unit, code, month, value, count in rows}


def naive_recount() -> dict[tuple, tuple]:
    """The summary recomputed the slow way: each approved value added to each unit above its own."""
    found: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
    for value in StatValue.objects.filter(approved=True).select_related("unit"):
        unit = value.unit
        while (unit := Unit.objects.get_parent(unit)) is not None:
            cell = found[(unit.pk, value.indicator_id, value.month)]
            cell[0] += value.value
            cell[1] += 1
    return {key: (total, count) for key, (total, count) in found.items()}


def maintained() -> dict[tuple, tuple]:
    return {(r.unit_id, r.indicator_id, r.month): (r.value, r.count) for r in StatTotal.objects.all()}


def test_the_sql_names_the_models_tables():
    assert StatTotal._meta.db_table == totals.TOTAL and StatValue._meta.db_table == totals.VALUE
    assert Unit._meta.db_table == totals.UNIT and Unit.steplen == totals.STEP


def test_approving_adds_to_every_unit_above_and_reopening_takes_it_away(personas):
    a, actor = personas.a, personas.a.admin  # enters for several units
    city = Unit.objects.get_parent(a.unit)
    report = approved(a.judicial_office, JAN, {"disputes_accepted": "12", "disputes_succeeded": "11"}, actor)
    approved(a.unit, JAN, {"forensic_appraisals": "3"}, actor)  # the bureau's own value counts for the city only
    assert table() == {
        (a.unit.name, "disputes_accepted", JAN): (Decimal(12), 1),
        (a.unit.name, "disputes_succeeded", JAN): (Decimal(11), 1),
        (city.name, "disputes_accepted", JAN): (Decimal(12), 1),
        (city.name, "disputes_succeeded", JAN): (Decimal(11), 1),
        (city.name, "forensic_appraisals", JAN): (Decimal(3), 1),
    }
    second = Unit.objects.add_child(a.unit, create_kwargs={"name": "第二司法所", "kind": "judicial_office"})
    approved(second, JAN, {"disputes_accepted": "8", "disputes_succeeded": "0"}, actor)
    assert table()[(city.name, "disputes_accepted", JAN)] == (Decimal(20), 2)
    assert table()[(a.unit.name, "disputes_succeeded", JAN)] == (Decimal(11), 2)

    services.reopen(report, by=a.leader, reason="更正")
    assert table()[(city.name, "disputes_accepted", JAN)] == (Decimal(8), 1)
    assert table()[(a.unit.name, "disputes_succeeded", JAN)] == (Decimal(0), 1)  # an approved zero still counts
    services.save_values(report, {"disputes_accepted": "30", "disputes_succeeded": "29"}, by=actor)
    services.submit(report, by=actor)
    services.approve(report, by=a.leader)
    assert table()[(city.name, "disputes_accepted", JAN)] == (Decimal(38), 2)
    assert maintained() == naive_recount()


def test_the_last_value_reopened_removes_its_rows(personas):
    a = personas.a
    report = approved(a.judicial_office, JAN, {"disputes_accepted": "5"}, a.statistician)
    assert StatTotal.objects.count() == 2  # the bureau and the city
    services.reopen(report, by=a.leader, reason="更正")
    assert not StatTotal.objects.exists()
    assert services.rollup(a.unit, JAN, JAN)[0].value is None  # "—", not 0


def test_a_refused_move_changes_nothing(personas):
    a = personas.a
    report = approved(a.judicial_office, JAN, {"disputes_accepted": "5"}, a.statistician)
    with pytest.raises(ValidationError):
        services.approve(report, by=a.leader)  # already approved
    with pytest.raises(ValidationError):
        services.reopen(report, by=a.leader, reason="")  # a reason is required
    assert maintained() == naive_recount() and len(maintained()) == 2


def test_the_rebuild_command_recounts_the_table(personas):
    a = personas.a
    approved(a.judicial_office, JAN, {"disputes_accepted": "5", "released_resettled": "2"}, a.statistician)
    before = maintained()
    StatTotal.objects.all().delete()
    StatTotal.objects.create(unit=a.unit, indicator_id=before.popitem()[0][1], month=JAN, value=99, count=9)
    call_command("rebuild_stat_totals", stdout=__import__("io").StringIO())
    assert maintained() == naive_recount() and len(maintained()) == 4


OPS = st.sampled_from(["save", "submit", "approve", "return", "reopen", "correct"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    shape=st.lists(st.integers(0, 5), min_size=1, max_size=6),
    steps=st.lists(
        st.tuples(OPS, st.integers(0, 6), st.integers(1, 3), st.integers(0, 40), st.integers(0, 40)), max_size=30
    ),
)
def test_the_summary_always_equals_a_recount(personas, shape, steps):
    """Random trees of judicial offices, random sequences of entering, submitting, approving, returning,
    reopening and correcting: after each step the maintained summary equals the naive recount, and the
    set-based rebuild produces the same table."""
    actor, leader = personas.a.admin, personas.a.leader  # enters for several units
    sid = transaction.savepoint()
    try:
        offices = [personas.a.judicial_office]
        for parent in shape:
            above = Unit.objects.get(pk=offices[parent % len(offices)].pk)
            offices.append(Unit.objects.add_child(above, create_kwargs={"name": "所", "kind": "judicial_office"}))
        for op, where, month, first, second in steps:
            unit, day = offices[where % len(offices)], D(2025, month, 1)
            report = StatReport.objects.filter(unit=unit, month=day).first()
            values = {"disputes_accepted": max(first, second), "disputes_succeeded": min(first, second)}
            try:
                if op == "save":
                    report = report or services.open_report(unit, day, by=actor)
                    services.save_values(report, values, by=actor)
                elif report is None:
                    continue
                elif op == "submit":
                    services.submit(report, by=actor)
                elif op == "approve":
                    services.approve(report, by=leader)
                elif op == "return":
                    services.return_report(report, by=leader, reason="退回")
                elif op == "reopen":
                    services.reopen(report, by=leader, reason="更正")
                else:  # a correction of an approved month, start to finish
                    services.reopen(report, by=leader, reason="更正")
                    services.save_values(report, values, by=actor)
                    services.submit(report, by=actor)
                    services.approve(report, by=leader)
            except ValidationError:
                pass  # a move the workflow refuses changes nothing
            assert maintained() == naive_recount(), (op, where, month)
        recount = naive_recount()
        services.rebuild_totals()
        assert maintained() == recount
    finally:
        transaction.savepoint_rollback(sid)


def test_rollup_by_child_reads_the_summary_with_the_rollups_rules(personas):
    """The city's children: each bureau's subtree (its own value and its judicial office's), with last year's,
    the rate from summed parts and the stock at the period's end — what ``rollup`` says of each child."""
    a, b, actor = personas.a, personas.b, personas.a.admin  # enters for several units
    city = Unit.objects.get_parent(a.unit)
    approved(a.judicial_office, D(2025, 1, 1), {"disputes_accepted": "10", "disputes_succeeded": "9"}, actor)
    approved(a.judicial_office, D(2025, 2, 1), {"disputes_accepted": "30", "disputes_succeeded": "15"}, actor)
    approved(a.judicial_office, D(2024, 2, 1), {"disputes_accepted": "20", "under_correction": "7"}, actor)
    approved(a.judicial_office, D(2025, 3, 1), {"under_correction": "5"}, actor)
    approved(a.unit, D(2025, 1, 1), {"forensic_appraisals": "4"}, actor)
    approved(b.judicial_office, D(2025, 3, 1), {"disputes_accepted": "6", "under_correction": "2"}, b.statistician)
    draft = services.open_report(b.judicial_office, D(2025, 2, 1), by=b.statistician)
    services.save_values(draft, {"disputes_accepted": "100"}, by=b.statistician)

    rows = services.rollup_by_child(city, D(2025, 1, 1), D(2025, 3, 1))
    assert [child.pk for child, _ in rows] == [a.unit.pk, b.unit.pk]
    first = {f.indicator.code: f for f in rows[0][1]}
    assert first["disputes_accepted"].value == 40 and first["disputes_accepted"].last_year == 20
    assert first["disputes_succeeded"].value == 24 and first["mediation_rate"].value == Decimal("60.0")
    assert first["under_correction"].value == 5 and first["under_correction"].last_year is None  # 2024-03: none
    assert first["forensic_appraisals"].value == 4 and first["notarizations"].value is None
    second = {f.indicator.code: f for f in rows[1][1]}
    assert second["disputes_accepted"].value == 6 and second["under_correction"].value == 2
    for child, figures in rows:  # the same figures as a roll-up of the child itself
        assert figures == services.rollup(child, D(2025, 1, 1), D(2025, 3, 1))

    provisional = dict(services.rollup_by_child(city, D(2025, 1, 1), D(2025, 3, 1), provisional=True))
    assert {f.indicator.code: f.value for f in provisional[b.unit]}["disputes_accepted"] == 106
    by_office = services.rollup_by_child(city, D(2025, 1, 1), D(2025, 3, 1), level=2)
    assert {child.pk for child, _ in by_office} == {a.judicial_office.pk, b.judicial_office.pk}
    assert services.rollup_by_child(a.judicial_office, D(2025, 1, 1), D(2025, 3, 1)) == []


def test_the_summary_and_the_raw_values_give_the_same_rollup(personas):
    a, actor = personas.a, personas.a.admin  # enters for several units
    city = Unit.objects.get_parent(a.unit)
    approved(a.judicial_office, D(2025, 6, 1), {"losses_avoided": "12.35", "released_resettled": "3"}, actor)
    approved(a.unit, D(2025, 6, 1), {"forensic_appraisals": "1"}, actor)
    for unit in (city, a.unit, a.judicial_office):
        from_summary = services.rollup(unit, D(2025, 1, 1), D(2025, 12, 1))
        raw = services.rollup(unit, D(2025, 1, 1), D(2025, 12, 1), provisional=True)
        assert from_summary == raw
    assert {f.indicator.code: f.value for f in services.rollup(city, D(2025, 6, 1), D(2025, 6, 1))}[
        "losses_avoided"
    ] == Decimal("12.35")
