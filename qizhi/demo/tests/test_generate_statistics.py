"""The statistics generator writes approved reports under the catalog's rules, and a summary equal to a recount."""

import io

import pytest
from django.core.management import call_command

from qizhi.org.models import Unit
from qizhi.statistics import services
from qizhi.statistics.models import Indicator, StatReport, StatTotal, StatValue

pytestmark = pytest.mark.django_db
SMALL = ["--cities", "2", "--counties", "2", "--departments", "1", "--judicial-offices", "2", "--people", "50"]


def generate(*extra):
    call_command("generate_province", *SMALL, stdout=io.StringIO())
    out = io.StringIO()
    call_command("generate_statistics", "--years", "2", "--extra-indicators", "3", *extra, stdout=out)
    return out.getvalue()


def test_it_writes_two_years_of_approved_reports_within_the_rules():
    output = generate()
    offices = Unit.objects.filter(kind="judicial_office").count()  # 2 × 2 × 2
    reporting = services.reporting_units(Unit.objects.get(code="PROV-ROOT")).count()
    assert StatReport.objects.count() == reporting * 24 and offices == 8
    assert not StatReport.objects.exclude(status="approved").exists()
    assert not StatValue.objects.filter(approved=False).exists()
    per_office = len(services.reported_indicators(Unit.objects.filter(kind="judicial_office").first()))
    assert per_office == 6 + 3
    assert StatValue.objects.filter(unit__kind="judicial_office").count() == offices * 24 * per_office
    assert f"values={StatValue.objects.count()}" in output
    for value in StatValue.objects.select_related("indicator", "report")[:500]:  # every value passes the form's rules
        assert services.validate_values(value.unit, {value.indicator.code: value.value})
    accepted = dict(StatValue.objects.filter(indicator__code="disputes_accepted").values_list("report_id", "value"))
    for report_id, succeeded in StatValue.objects.filter(indicator__code="disputes_succeeded").values_list(
        "report_id", "value"
    ):
        assert succeeded <= accepted[report_id]


def test_the_summary_equals_a_recount_and_a_reset_removes_everything():
    generate()
    root = Unit.objects.get(code="PROV-ROOT")
    maintained = set(StatTotal.objects.values_list("unit_id", "indicator_id", "month", "value", "count"))
    services.rebuild_totals()
    assert maintained == set(StatTotal.objects.values_list("unit_id", "indicator_id", "month", "value", "count"))
    # Summed in Python: SQLite's SUM() of decimals is a float sum (99254.2099999999 once, in CI).
    total = sum(StatTotal.objects.filter(unit=root).values_list("value", flat=True))
    assert total == sum(StatValue.objects.exclude(unit=root).values_list("value", flat=True))
    assert "未重复生成" in generate()
    call_command("generate_statistics", "--reset", "--years", "1", "--extra-indicators", "0", stdout=io.StringIO())
    assert StatReport.objects.count() == services.reporting_units(root).count() * 12
    assert not Indicator.objects.filter(code__startswith="gen_").exists()


def test_resetting_the_province_takes_its_statistics_along():
    generate()
    call_command("generate_province", "--reset", *SMALL, stdout=io.StringIO())
    assert not StatReport.objects.exists() and not StatTotal.objects.exists()
    assert Unit.objects.filter(code="PROV-ROOT").exists()


def test_an_indicator_with_a_large_id_draws_its_values_without_overflow():
    # PostgreSQL typed the id parameter by its size and multiplied in 32 bits: past id 20,505 the insert failed
    # with "integer out of range" (CI, once the test database's sequence had grown that far).
    big = Indicator.objects.create(
        pk=3_000_000, code="huge_id", name="大编号指标", unit_of_measure="次", line="publicity",
        reporting_kinds=["judicial_office"],
    )  # fmt: skip
    generate()
    values = StatValue.objects.filter(indicator=big)
    assert values.count() == Unit.objects.filter(kind="judicial_office").count() * 24
    assert all(5 <= value <= 10 for value in values.values_list("value", flat=True))  # [base, 2 × base]
