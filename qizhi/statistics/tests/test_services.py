"""Monthly values under the catalog's rules, the report's workflow, and the roll-up against a naive sum."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.core.workflow import events_of
from qizhi.org.models import Unit
from qizhi.statistics import services
from qizhi.statistics.choices import TimeAggregation
from qizhi.statistics.models import StatReport, StatTotal, StatValue
from qizhi.statistics.tests.helpers import approved

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def office(personas):
    return personas.a.judicial_office


@pytest.fixture
def actor(personas):
    return personas.a.statistician


@pytest.fixture
def clerk(personas):
    """The bureau's administrator, who may enter months for every unit of the bureau (the
    statistician only for her judicial office)."""
    return personas.a.admin


BAD = [
    ({"disputes_accepted": "十"}, "disputes_accepted", "不是数字"),
    ({"disputes_accepted": "-3"}, "disputes_accepted", "不能为负数"),
    ({"disputes_accepted": "2.5"}, "disputes_accepted", "应为整数"),
    ({"disputes_accepted": "10", "disputes_succeeded": "11"}, "disputes_succeeded", "不得大于调处矛盾纠纷"),
    ({"notarizations": "5"}, "notarizations", "司法所不填报“公证事务”"),
    ({"mediation_rate": "97"}, "mediation_rate", "不填报"),
]


@pytest.mark.parametrize("values,code,message", BAD)
def test_bad_cells_are_named_and_nothing_is_saved(office, actor, values, code, message):
    report = services.open_report(office, D(2025, 3, 1), by=actor)
    services.save_values(report, {"disputes_accepted": "7"}, by=actor)
    with pytest.raises(ValidationError) as error:
        services.save_values(report, values, by=actor)
    assert message in " ".join(error.value.message_dict[code])
    assert list(report.values.values_list("indicator__code", "value")) == [("disputes_accepted", Decimal("7.00"))]


def test_every_bad_cell_is_reported_at_once(office, actor):
    report = services.open_report(office, D(2025, 3, 1), by=actor)
    with pytest.raises(ValidationError) as error:
        services.save_values(
            report, {"disputes_accepted": "x", "released_resettled": "-1", "under_correction": "1.5"}, by=actor
        )
    assert set(error.value.message_dict) == {"disputes_accepted", "released_resettled", "under_correction"}


def test_decimals_are_allowed_where_the_indicator_is_not_a_count(office, actor):
    report = services.open_report(office, D(2025, 3, 1), by=actor)
    services.save_values(report, {"losses_avoided": "12.5"}, by=actor)
    assert report.values.get().value == Decimal("12.5")


def test_future_months_and_duplicates_are_refused(office, actor):
    with pytest.raises(ValidationError) as error:
        services.open_report(office, D(2999, 1, 1), by=actor)
    assert "未来月份" in str(error.value)
    services.open_report(office, D(2025, 1, 1), by=actor)
    with pytest.raises(ValidationError) as error:
        services.open_report(office, D(2025, 1, 15), by=actor)
    assert "已存在" in str(error.value)
    assert StatReport.objects.filter(unit=office).count() == 1


def test_the_workflow_locks_an_approved_month_and_reopening_needs_a_reason(office, actor, personas):
    report = approved(office, D(2025, 2, 1), {"disputes_accepted": "4"}, actor)
    with pytest.raises(ValidationError):
        services.save_values(report, {"disputes_accepted": "5"}, by=actor)
    with pytest.raises(ValidationError):
        services.reopen(report, by=personas.a.leader, reason=" ")
    services.reopen(report, by=personas.a.leader, reason="受理数漏报1件")
    services.save_values(report, {"disputes_accepted": "5"}, by=actor)
    assert [e.action for e in events_of(report)] == ["submit", "approve", "reopen"]
    assert events_of(report).last().reason == "受理数漏报1件"
    assert not report.values.get().approved


def test_a_returned_report_is_corrected_and_submitted_again(office, actor, personas):
    report = services.open_report(office, D(2025, 4, 1), by=actor)
    services.submit(report, by=actor)
    services.return_report(report, by=personas.a.leader, reason="成功数与台账不符")
    services.save_values(report, {"disputes_accepted": "3", "disputes_succeeded": "3"}, by=actor)
    services.submit(report, by=actor)
    with pytest.raises(ValidationError):
        services.submit(report, by=actor)  # already submitted
    assert report.status == "submitted"


def test_rollup_counts_approved_values_and_recomputes_the_rate_from_sums(personas, clerk):
    first = personas.a.judicial_office
    second = Unit.objects.add_child(personas.a.unit, create_kwargs={"name": "第二司法所", "kind": "judicial_office"})
    approved(first, D(2025, 1, 1), {"disputes_accepted": "10", "disputes_succeeded": "10"}, clerk)
    approved(second, D(2025, 1, 1), {"disputes_accepted": "90", "disputes_succeeded": "45"}, clerk)
    draft = services.open_report(first, D(2025, 2, 1), by=clerk)
    services.save_values(draft, {"disputes_accepted": "100", "disputes_succeeded": "100"}, by=clerk)
    figures = {f.indicator.code: f for f in services.rollup(personas.a.unit, D(2025, 1, 1), D(2025, 12, 1))}
    assert figures["disputes_accepted"].value == 100 and figures["disputes_succeeded"].value == 55
    assert figures["mediation_rate"].value == Decimal("55.0")  # 55 / 100, not the mean of 100% and 50% (75%)
    provisional = {
        f.indicator.code: f for f in services.rollup(personas.a.unit, D(2025, 1, 1), D(2025, 12, 1), provisional=True)
    }
    assert provisional["disputes_accepted"].value == 200
    assert personas.b.unit and not any(f.value for f in services.rollup(personas.b.unit, D(2025, 1, 1), D(2025, 12, 1)))


def test_a_rollup_reads_the_catalog_once_per_generation_and_sees_a_change_of_it(personas, clerk):
    """The catalog is kept in the process between roll-ups (one statement each) until a write moves the data
    generation on: an indicator switched off is gone from the next roll-up, one renamed shows its new name."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qizhi.statistics.models import Indicator

    approved(personas.a.judicial_office, D(2025, 1, 1), {"disputes_accepted": "10"}, clerk)
    unit, start, end = personas.a.unit, D(2025, 1, 1), D(2025, 12, 1)
    services.rollup(unit, start, end)
    with CaptureQueriesContext(connection) as captured:
        codes = {f.indicator.code for f in services.rollup(unit, start, end)}
    assert len(captured) == 1 and "disputes_accepted" in codes  # the sums alone
    indicator = Indicator.objects.get(code="disputes_accepted")
    indicator.name = "受理矛盾纠纷（件）"
    indicator.save()
    names = {f.indicator.code: f.indicator.name for f in services.rollup(unit, start, end)}
    assert names["disputes_accepted"] == "受理矛盾纠纷（件）"
    indicator.active = False
    indicator.save()
    assert "disputes_accepted" not in {f.indicator.code for f in services.rollup(unit, start, end)}


def test_stocks_take_the_last_month_and_yoy_compares_the_same_months(office, actor):
    approved(office, D(2024, 12, 1), {"under_correction": "30", "released_resettled": "2"}, actor)
    approved(office, D(2025, 11, 1), {"under_correction": "40", "released_resettled": "5"}, actor)
    approved(office, D(2025, 12, 1), {"under_correction": "35", "released_resettled": "1"}, actor)
    figures = {f.indicator.code: f for f in services.rollup(office, D(2025, 1, 1), D(2025, 12, 1))}
    assert figures["under_correction"].value == 35 and figures["under_correction"].last_year == 30
    assert figures["released_resettled"].value == 6 and figures["released_resettled"].last_year == 2
    assert figures["released_resettled"].change == 4 and figures["released_resettled"].change_percent == Decimal(
        "200.0"
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    shape=st.lists(st.integers(0, 5), min_size=1, max_size=8),
    entries=st.lists(
        st.tuples(
            st.integers(0, 8), st.integers(1, 12), st.integers(0, 50), st.booleans(), st.sampled_from([2024, 2025])
        ),
        max_size=20,
    ),
    pick=st.integers(0, 8),
    months=st.tuples(st.integers(1, 12), st.integers(1, 12)),
)
def test_rollup_equals_a_naive_sum_over_random_trees(personas, clerk, shape, entries, pick, months):
    """The roll-up against a naive walk of the tree; and the hand-written sums (``approved_sums``) against the
    ORM's (``Window.sums``) for every unit and a random window with last year's months, a stock among the
    indicators (期末值: the last month only)."""
    from django.db import transaction

    sid = transaction.savepoint()
    try:
        offices = [Unit.objects.add_child(personas.a.unit, create_kwargs={"name": "根所", "kind": "judicial_office"})]
        for parent in shape:
            parent_unit = Unit.objects.get(pk=offices[parent % len(offices)].pk)
            offices.append(Unit.objects.add_child(parent_unit, create_kwargs={"name": "所", "kind": "judicial_office"}))
        seen = set()
        for where, month, value, is_approved, year in entries:
            unit = offices[where % len(offices)]
            if (unit.pk, year, month) in seen:
                continue
            seen.add((unit.pk, year, month))
            report = services.open_report(unit, D(year, month, 1), by=clerk)
            services.save_values(report, {"disputes_accepted": value}, by=clerk)
            if is_approved:
                services.submit(report, by=clerk)
                services.approve(report, by=clerk)
        top = Unit.objects.get(pk=offices[pick % len(offices)].pk)
        figure = next(
            f for f in services.rollup(top, D(2025, 1, 1), D(2025, 12, 1)) if f.indicator.code == "disputes_accepted"
        )
        naive = sum(
            v.value
            for v in StatValue.objects.select_related("unit", "report")
            if v.report.status == "approved" and is_under(v.unit, top) and v.month.year == 2025
        )
        assert (figure.value or 0) == naive
        indicators = services.active_indicators()
        stock = next(i for i in indicators if i.code == "disputes_accepted")
        stock.time_aggregation = TimeAggregation.PERIOD_END  # a copy of the catalog with a stock in it
        catalog = [stock if i.pk == stock.pk else i for i in indicators]
        for window in (
            services.Window(D(2025, min(months), 1), D(2025, max(months), 1), catalog),
            services.Window(D(2025, min(months), 1), D(2025, max(months), 1), indicators),
            services.Window(  # no stock at all
                D(2025, min(months), 1),
                D(2025, max(months), 1),
                [i for i in indicators if i.time_aggregation != TimeAggregation.PERIOD_END],
            ),
        ):
            ids = [office.pk for office in offices]
            by_orm = window.sums(
                StatTotal.objects.filter(unit_id__in=ids),
                StatValue.objects.filter(unit_id__in=ids, approved=True),
                keys=("unit_id",),
            )
            assert services.approved_sums(window, ids) == by_orm
    finally:
        transaction.savepoint_rollback(sid)


def is_under(unit, top) -> bool:
    while unit is not None:
        if unit.pk == top.pk:
            return True
        unit = Unit.objects.get_parent(unit)
    return False


def test_monthly_series_and_composition_by_child(personas, clerk):
    from qizhi.statistics.models import Indicator

    office, accepted = personas.a.judicial_office, Indicator.objects.get(code="disputes_accepted")
    second = Unit.objects.add_child(personas.a.unit, create_kwargs={"name": "第二司法所", "kind": "judicial_office"})
    approved(office, D(2025, 3, 1), {"disputes_accepted": "4"}, clerk)
    approved(second, D(2025, 3, 1), {"disputes_accepted": "6"}, clerk)
    approved(office, D(2024, 3, 1), {"disputes_accepted": "7"}, clerk)
    series = services.monthly_series(personas.a.unit, 2025, accepted)
    assert series["this_year"][2] == 10 and series["last_year"][2] == 7 and series["this_year"][0] is None
    parts = {
        child.name: total
        for child, total in services.by_child(personas.a.unit, D(2025, 1, 1), D(2025, 12, 1), accepted)
    }
    assert parts == {"云溪司法所": 4, "第二司法所": 6}
