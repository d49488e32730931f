"""The demo's target year: seed 000's 32 central tasks worth 100 points, decomposed four levels, every
light colour, a city ranking of two counties, and work waiting in the staff's and the head's lists."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from qizhi.core.workflow import Status
from qizhi.org.models import Unit
from qizhi.targets import services
from qizhi.targets.models import Commitment, ModelPost, Plan, ProgressReport, Target

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_seed_000s_year(demo):
    plan = Plan.objects.get(unit__name="云溪县司法局")
    central = Target.objects.filter(plan=plan, depth=1)
    assert central.count() == 32
    assert sum(t.weight for t in central) == Decimal(100)
    assert Target.objects.filter(plan=plan).order_by("-depth").first().depth == 3
    assert services.decomposition_warnings(plan) == {}
    lights = {services.light(t) for t in Target.objects.filter(plan=plan).select_related("plan")}
    assert lights == {"green", "yellow", "red"}
    city = services.ranking(Unit.objects.get(name="江城市司法局"), plan.year)
    assert {s.unit.name for s in city["司法局"]} == {"石桥县司法局", "云溪县司法局"}
    users = {u.username: u for u in get_user_model().objects.all()}
    assert ProgressReport.objects.filter(created_by=users["staff"], status=Status.RETURNED).count() == 1
    assert services.my_tasks(users["head"])["to_review"]
    assert Commitment.objects.filter(public=True).count() == 5 and ModelPost.objects.count() == 6
    call_command("demo", stdout=io.StringIO())  # idempotent
    assert Plan.objects.filter(unit__name="云溪县司法局").count() == 1
