"""The targets generator writes consistent trees, true roll-ups and reports, and no duplicates."""

import io

import pytest
from django.core.management import call_command

from qizhi.demo import province_targets as targets
from qizhi.targets import services
from qizhi.targets.models import Milestone, Plan, ProgressReport, Target

pytestmark = pytest.mark.django_db
PROVINCE = ["--cities", "2", "--counties", "2", "--departments", "2", "--judicial-offices", "3", "--people", "400"]
SIZE = ["--tasks", "4", "--pieces", "3", "--subpieces", "2", "--people", "2", "--reports", "3"]


def generate(*extra) -> str:
    out = io.StringIO()
    call_command("generate_targets", *SIZE, *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def province():
    call_command("generate_province", *PROVINCE, stdout=io.StringIO())


def test_it_writes_a_plan_per_bureau_with_four_levels(province):
    output = generate()
    assert "BENCH plan_id=" in output
    assert Plan.objects.count() == 1 + 2 + 4  # 厅, cities, counties
    assert all(not problems for problems in Target.objects.find_problems())
    assert set(Target.objects.values_list("depth", flat=True)) == {1, 2, 3, 4}
    county_plan = Plan.objects.get(pk=int(output.split("plan_id=")[1].split()[0]))
    # a county: 4 tasks × 3 pieces × 2 × 2
    assert Target.objects.filter(plan=county_plan).count() == 4 + 12 + 24 + 48
    assert ProgressReport.objects.exists() and Milestone.objects.count() % 3 == 0
    assert not Target.objects.filter(numchild__gt=0, reports__isnull=False).exists()  # reports on leaves only
    assert services.decomposition_warnings(county_plan) == {}  # weights and goals add up


def test_the_completions_are_those_of_rebuild(province):
    generate()
    stored = dict(Target.objects.values_list("pk", "completion"))
    assert any(stored.values())
    Target.objects.update(completion=0)
    for plan in Plan.objects.all():
        services.rebuild(plan)
    assert dict(Target.objects.values_list("pk", "completion")) == stored


def test_a_leaf_holds_its_latest_approved_value(province):
    generate()
    leaf = Target.objects.filter(numchild=0, kind="quantitative", reports__status="approved").first()
    latest = leaf.reports.filter(status="approved").order_by("-as_of", "-pk").first()
    assert leaf.actual == latest.value


def test_a_second_run_does_not_duplicate_and_reset_rebuilds(province):
    generate()
    counts = Plan.objects.count(), Target.objects.count(), ProgressReport.objects.count()
    assert "已存在" in generate()
    assert (Plan.objects.count(), Target.objects.count(), ProgressReport.objects.count()) == counts
    generate("--reset")
    assert (Plan.objects.count(), Target.objects.count(), ProgressReport.objects.count()) == counts
    assert targets.delete_generated() == counts[0] and not Target.objects.exists()


def test_the_province_reset_takes_the_plans_along(province):
    generate()
    call_command("generate_province", *PROVINCE, "--reset", stdout=io.StringIO())
    assert not Plan.objects.exists()
