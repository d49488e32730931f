"""Who may set a study plan and its materials is the services' decision (those who may approve study
where the plan is), so the pages and the API share it; a material or plan with study records stays."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qizhi.core.refusals import Refused
from qizhi.study import services
from qizhi.study.models import Material, StudyPlan
from qizhi.study.testing import study_of

pytestmark = pytest.mark.django_db


def test_only_a_manager_where_the_plan_is_may_change_it(personas):
    data = study_of(personas.a)
    plan, material = data["plan"], data["materials"][1]
    # staff: no approval right; the office head: approves in the 司法所 only; the other bureau's secretary
    for outsider in (personas.a.staff, personas.a.unit_head, personas.b.branch_secretary):
        assert not services.may_manage(outsider, plan)
        edited = StudyPlan.objects.get(pk=plan.pk)
        edited.title = "改名"
        with pytest.raises(Refused):
            services.save_plan(edited, by=outsider)
        with pytest.raises(Refused):
            services.save_material(Material(plan=plan, number=9, title="外加资料"), by=outsider)
        with pytest.raises(Refused):
            services.delete_material(material, by=outsider)
        with pytest.raises(Refused):
            services.delete_plan(plan, by=outsider)
    assert StudyPlan.objects.get(pk=plan.pk).title == plan.title
    assert plan.materials.count() == 2

    secretary = personas.a.branch_secretary
    assert services.may_manage(secretary, plan)
    services.save_material(Material(plan=plan, number=3, title="补充读物"), by=secretary)
    services.delete_material(material, by=secretary)  # nobody has studied it yet
    assert sorted(plan.materials.values_list("number", flat=True)) == [1, 3]


def test_a_plan_or_material_with_study_records_is_kept(personas):
    data = study_of(personas.a)
    secretary = personas.a.branch_secretary
    with pytest.raises(ValidationError, match="已有学习记录"):
        services.delete_material(data["materials"][0], by=secretary)  # the record of 云溪甲
    with pytest.raises(ValidationError, match="已有学习记录或心得体会"):
        services.delete_plan(data["plan"], by=secretary)
    assert Material.objects.filter(pk=data["materials"][0].pk).exists()
    assert StudyPlan.objects.filter(pk=data["plan"].pk).exists()


def test_the_organization_must_be_under_the_plans_unit(personas):
    plan = StudyPlan.objects.get(pk=study_of(personas.a)["plan"].pk)
    plan.unit = personas.a.judicial_office  # the branch belongs to the bureau, above the office
    with pytest.raises(ValidationError) as refusal:
        services.save_plan(plan, by=personas.a.branch_secretary)
    assert "party_org" in refusal.value.message_dict
    assert StudyPlan.objects.get(pk=plan.pk).unit == personas.a.unit


def test_the_pages_and_the_api_ask_the_services(client, personas):
    data = study_of(personas.a)
    plan, studied = data["plan"], data["materials"][0]
    client.force_login(personas.a.staff)
    assert client.get(reverse("study:material_edit", args=[studied.pk])).status_code in (403, 404)
    created = client.post(
        "/api/study/materials/", {"plan": plan.pk, "number": 5, "title": "越权资料"}, content_type="application/json"
    )
    assert created.status_code in (400, 403)  # the plan is not offered to staff, or the service refuses
    assert not Material.objects.filter(title="越权资料").exists()

    client.force_login(personas.a.branch_secretary)
    detail = client.get(plan.get_absolute_url())
    assert reverse("study:material_edit", args=[studied.pk]) in detail.content.decode()
    response = client.post(reverse("study:material_delete", args=[studied.pk]), follow=True)
    assert "已有学习记录，不能删除" in response.content.decode()
    answer = client.delete(f"/api/study/materials/{studied.pk}/")
    assert answer.status_code == 400 and "已有学习记录" in answer.content.decode()
    assert client.delete(f"/api/study/plans/{plan.pk}/").status_code == 400
    assert Material.objects.filter(pk=studied.pk).exists()

    client.force_login(personas.a.unit_head)  # sees the plan, manages nothing of it: no button to a 403
    page = client.get(plan.get_absolute_url())
    if page.status_code == 200:
        assert reverse("study:material_edit", args=[studied.pk]) not in page.content.decode()
        assert reverse("study:studyplan_edit", args=[plan.pk]) not in page.content.decode()
