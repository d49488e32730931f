"""The year's figures of a unit's subtree: counted in one grouped query, equal to a naive recount."""

import datetime
import io
import statistics

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from qizhi.org.models import Unit
from qizhi.reception import services
from qizhi.reception.choices import CaseKind, CaseStatus, Satisfaction
from qizhi.reception.models import Case

pytestmark = pytest.mark.django_db
D = datetime.date


def make_cases(rows) -> None:
    """Cases straight into the table: (unit, kind, received, days to accept, days to close, satisfaction)."""
    cases = []
    for serial, (unit, kind, received, to_accept, to_close, satisfaction) in enumerate(rows, start=1):
        accepted = received + datetime.timedelta(days=to_accept) if to_accept is not None else None
        closed = accepted + datetime.timedelta(days=to_close) if accepted and to_close is not None else None
        status = CaseStatus.CLOSED if closed else CaseStatus.ACCEPTED if accepted else CaseStatus.RECEIVED
        cases.append(Case(
            unit=unit, kind=kind, number=f"T-{serial}", year=received.year, serial=serial, code_hash="-",
            subject="事项", content="…", received_on=received, accepted_on=accepted, closed_on=closed,
            status=status, satisfaction=satisfaction if closed else "",
        ))  # fmt: skip
    Case.objects.bulk_create(cases)


def naive_figures(rows, year: int) -> dict:
    """The figures counted the slow way, from the rows as generated (every unit lies in the subtree)."""
    mine = [r for r in rows if r[2].year == year]
    rated = [r[5] for r in mine if r[5] and r[4] is not None and r[3] is not None]
    units = {}
    for unit in {r[0] for r in mine}:
        own = [r for r in mine if r[0] == unit]
        accept = [r[3] for r in own if r[3] is not None]
        close = [r[4] for r in own if r[3] is not None and r[4] is not None]
        units[unit.pk] = (
            len(own),
            round(statistics.median(accept), 1) if accept else None,
            round(statistics.median(close), 1) if close else None,
        )
    return {
        "visits": sum(1 for r in mine if r[1] == CaseKind.VISIT),
        "letters": sum(1 for r in mine if r[1] == CaseKind.LETTER),
        "cases": len(mine),
        "closed": sum(1 for r in mine if r[3] is not None and r[4] is not None),
        "satisfied": sum(1 for s in rated if s != Satisfaction.UNSATISFIED),
        "rated": len(rated),
        "units": units,
    }


def computed(figures: dict) -> dict:
    units = {u["unit"]: (u["cases"], u["median_days_to_accept"], u["median_days_to_close"]) for u in figures["units"]}
    return {**{k: v for k, v in figures.items() if k not in ("year", "units")}, "units": units}


CASES = st.lists(
    st.tuples(
        st.integers(0, 1),  # which unit: the bureau or its judicial office
        st.sampled_from([CaseKind.VISIT, CaseKind.LETTER, CaseKind.REVIEW]),
        st.dates(D(2025, 11, 1), D(2026, 12, 31)),
        st.none() | st.integers(0, 40),
        st.none() | st.integers(0, 90),
        st.sampled_from(["", *Satisfaction.values]),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=CASES)
def test_the_figures_always_equal_a_naive_recount(personas, drawn):
    """Random cases received, accepted and closed on random days in two units of a bureau, some last year:
    the set-based figures equal the figures counted case by case, medians included."""
    a = personas.a
    sid = transaction.savepoint()
    try:
        rows = [((a.unit, a.judicial_office)[which], *rest) for which, *rest in drawn]
        make_cases(rows)
        assert computed(services.year_figures(a.unit, 2026)) == naive_figures(rows, 2026)
        office = [r for r in rows if r[0] == a.judicial_office]
        assert computed(services.year_figures(a.judicial_office, 2026)) == naive_figures(office, 2026)
    finally:
        transaction.savepoint_rollback(sid)


def test_the_units_come_busiest_first_and_the_sibling_bureau_is_not_counted(personas):
    a, b = personas.a, personas.b
    make_cases([
        (a.unit, CaseKind.VISIT, D(2026, 3, 2), 1, 10, Satisfaction.SATISFIED),
        (a.judicial_office, CaseKind.VISIT, D(2026, 3, 2), 2, None, ""),
        (a.judicial_office, CaseKind.LETTER, D(2026, 4, 1), None, None, ""),
        (b.unit, CaseKind.VISIT, D(2026, 3, 2), 1, 1, Satisfaction.UNSATISFIED),
    ])  # fmt: skip
    figures = services.year_figures(a.unit, 2026)
    assert [u["name"] for u in figures["units"]] == [a.judicial_office.name, a.unit.name]
    assert (figures["visits"], figures["letters"], figures["closed"], figures["satisfied"]) == (2, 1, 1, 1)


def test_the_queries_do_not_grow_with_the_units(personas, django_assert_max_num_queries):
    a = personas.a
    bureau = Unit.objects.get(pk=a.unit.pk)
    offices = [
        Unit.objects.add_child(bureau, create_kwargs={"name": f"第{n}所", "kind": "judicial_office"}) for n in range(25)
    ]
    make_cases([(office, CaseKind.VISIT, D(2026, 5, 4), n % 5, n % 7, "") for n, office in enumerate(offices)])
    with django_assert_max_num_queries(3):
        figures = services.year_figures(a.unit, 2026)
    assert figures["visits"] == 25 and len(figures["units"]) == 25


def test_the_figures_page_offers_them_as_xlsx(client, personas):
    a = personas.a
    make_cases([
        (a.unit, CaseKind.VISIT, D(2026, 3, 2), 1, 10, Satisfaction.SATISFIED),
        (a.unit, CaseKind.VISIT, D(2026, 3, 2), 4, 20, ""),
        (a.judicial_office, CaseKind.LETTER, D(2026, 4, 1), None, None, ""),
    ])  # fmt: skip
    export = reverse("reception:figures_export")
    client.force_login(a.leader)
    page = client.get(reverse("reception:figures"), {"unit": a.unit.pk, "year": 2026}).content.decode()
    assert f'href="{export}?unit={a.unit.pk}&amp;year=2026"' in page
    response = client.get(export, {"unit": a.unit.pk, "year": 2026})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=6, max_col=4, values_only=True) if r[0] is not None]
    assert rows[:3] == [(a.unit.name, 2, 2.5, 15), (a.judicial_office.name, 1, "—", "—"), ("合计", 3, None, None)]
    assert rows[3][0] == "共接待来访群众2人次，收到来信1件，办结2件；参与评价1件，满意和基本满意1件。"
    assert client.get(export, {"unit": personas.b.unit.pk, "year": 2026}).status_code == 404
    assert client.get(export, {"unit": "x", "year": "20x6"}).status_code == 400
    client.force_login(a.staff)  # sees the figures page, may not export
    assert export not in client.get(reverse("reception:figures")).content.decode()
    assert client.get(export).status_code == 403
