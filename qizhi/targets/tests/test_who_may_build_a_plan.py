"""Who may build a plan — add, decompose and edit tasks, add milestones, copy a year — is decided by
the services, so the pages, the import and the demo share one decision; the pages offer only what
the services would accept."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from qizhi.core.refusals import Refused
from qizhi.targets import services
from qizhi.targets.models import Milestone, Plan, Target
from qizhi.targets.testing import plan_of, report_of

pytestmark = pytest.mark.django_db


def piece(plan, owner_unit, title="新任务"):
    return {"title": title, "weight": Decimal(1), "goal": Decimal(1), "deadline": datetime.date(plan.year, 12, 31),
            "owner_unit": owner_unit}  # fmt: skip


def test_it_refuses_a_central_task_to_whom_may_not_add_over_the_plans_unit(personas):
    a = personas.a
    plan = plan_of(a)["plan"]
    before = Target.objects.count()
    for stranger in (a.unit_head, a.staff, a.leader, personas.b.admin):  # the 司法所's head, a reader, the sibling
        with pytest.raises(Refused):
            services.add_target(plan, by=stranger, **piece(plan, a.unit))
    assert Target.objects.count() == before
    services.add_target(plan, by=a.party_affairs, **piece(plan, a.unit))
    assert Target.objects.count() == before + 1


def test_it_lets_a_judicial_office_decompose_its_own_share_and_nothing_else(personas):
    a = personas.a
    p = plan_of(a)
    before = Target.objects.count()
    with pytest.raises(Refused):
        services.add_target(p["plan"], parent=p["office"], by=a.unit_head, **piece(p["plan"], a.office))
    with pytest.raises(Refused):
        services.add_target(p["plan"], parent=p["judicial"], by=a.staff, **piece(p["plan"], a.judicial_office))
    assert Target.objects.count() == before
    services.add_target(
        p["plan"], parent=p["judicial"], by=a.unit_head, **piece(p["plan"], a.judicial_office, "所内分解")
    )
    assert Target.objects.get(title="所内分解").depth == p["judicial"].depth + 1


def test_it_refuses_editing_a_task_to_whom_may_not_change_it(personas):
    a = personas.a
    p = plan_of(a)
    for stranger in (a.unit_head, a.staff, personas.b.admin):
        with pytest.raises(Refused):
            services.update_target(p["lessons"], by=stranger, title="改名")
    assert Target.objects.get(pk=p["lessons"].pk).title == p["lessons"].title
    services.update_target(p["judicial"], by=a.unit_head, title="司法所调解（调整）")
    assert Target.objects.get(pk=p["judicial"].pk).title == "司法所调解（调整）"


def test_it_refuses_a_milestone_to_whom_may_not_change_the_task(personas):
    a = personas.a
    lessons = plan_of(a)["lessons"]
    due = datetime.date(lessons.plan.year, 7, 1)
    for stranger in (a.unit_head, a.staff, personas.b.admin):
        with pytest.raises(Refused):
            services.add_milestone(lessons, by=stranger, title="七一专题党课", due=due)
    assert Milestone.objects.filter(target=lessons).count() == 2
    services.add_milestone(lessons, by=a.party_affairs, title="七一专题党课", due=due)
    assert Milestone.objects.filter(target=lessons).count() == 3


def test_it_refuses_copying_a_plan_to_whom_may_not_add_plans_over_its_unit(personas):
    a = personas.a
    plan = plan_of(a)["plan"]
    for stranger in (a.unit_head, a.leader, personas.b.admin):
        with pytest.raises(Refused):
            services.copy_plan(plan, plan.year + 1, by=stranger)
    assert not Plan.objects.filter(unit=plan.unit, year=plan.year + 1).exists()
    assert services.copy_plan(plan, plan.year + 1, by=a.party_affairs).targets.count() == plan.targets.count()


def test_the_pages_offer_only_what_the_services_accept(client, personas):
    a = personas.a
    p = plan_of(a)
    add = reverse("targets:target_add", args=[p["plan"].pk])
    client.force_login(a.leader)  # reads the whole plan, builds none of it
    plan_page = client.get(p["plan"].get_absolute_url()).content.decode()
    assert f'href="{add}"' not in plan_page  # 新增中心工作
    assert reverse("targets:plan_copy", args=[p["plan"].pk]) not in plan_page
    task_page = client.get(p["lessons"].get_absolute_url()).content.decode()
    assert f"?parent={p['lessons'].pk}" not in task_page  # 分解
    assert reverse("targets:milestone_add", args=[p["lessons"].pk]) not in task_page
    assert client.get(add).status_code == 403
    copy = client.post(reverse("targets:plan_copy", args=[p["plan"].pk]), {"year": p["plan"].year + 1})
    assert copy.status_code == 403
    due = f"{p['plan'].year}-07-01"
    milestone = client.post(reverse("targets:milestone_add", args=[p["lessons"].pk]), {"title": "x", "due": due})
    assert milestone.status_code == 403
    assert Plan.objects.filter(unit=a.unit).count() == 1 and p["lessons"].milestones.count() == 2
    client.force_login(a.unit_head)  # the 司法所 decomposes its own share
    assert f"?parent={p['judicial'].pk}" in client.get(p["judicial"].get_absolute_url()).content.decode()
    assert client.get(f"{add}?parent={p['judicial'].pk}").status_code == 200


def test_only_the_reporter_is_offered_the_revision_of_a_returned_report(client, personas):
    a = personas.a
    report = report_of(a)
    services.return_progress(report, by=a.unit_head, reason="台账不全")
    edit = reverse("targets:progressreport_edit", args=[report.pk])
    client.force_login(a.unit_head)
    assert edit not in client.get(report.get_absolute_url()).content.decode()
    assert client.get(edit).status_code == 403
    client.force_login(a.staff)
    assert edit in client.get(report.get_absolute_url()).content.decode()
    assert client.get(edit).status_code == 200
