"""Study: who a plan is for, who finished what (hand-computed), the day's 24 hours, whose record, reviews."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from qizhi.org.testing import make_person
from qizhi.party import services as party_services
from qizhi.study import services
from qizhi.study.models import Material, Reflection, StudyPlan, StudyRecord
from qizhi.study.testing import study_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


@pytest.fixture
def plan(personas):
    """A branch of three members (a fourth joins after the deadline) and a plan of 2 required + 1 optional."""
    actor = personas.a.party_affairs
    branch = party_services.create_party_org(
        parent=None, by=actor, name="学习支部", kind="branch", unit=personas.a.unit
    )
    people = [make_person(personas.a.unit, name) for name in ("安一", "白二", "陈三", "丁四")]
    for person, started in zip(people, ["2020-01-01"] * 3 + ["2025-06-01"], strict=True):
        party_services.join(
            person, branch=branch, status="full", joined_on=datetime.date(2010, 7, 1),
            full_on=datetime.date(2011, 7, 1), started_on=datetime.date.fromisoformat(started), by=actor,
        )  # fmt: skip
    plan = StudyPlan.objects.create(
        title="学习实践科学发展观学习计划", party_org=branch, unit=personas.a.unit,
        start_date=datetime.date(2025, 3, 16), end_date=datetime.date(2025, 4, 30),
    )  # fmt: skip
    materials = [
        Material.objects.create(plan=plan, number=n, title=t, required=r)
        for n, (t, r) in enumerate((("党的十七大报告", True), ("十七届三中全会公报", True), ("摘编", False)), 1)
    ]
    return plan, people, materials


def study(person, material, day, minutes, by):
    return services.save_record(
        StudyRecord(person=person, material=material, date=datetime.date(2025, 4, day), minutes=minutes), by=by
    )


def test_completion_is_who_studied_every_required_material(personas, plan):
    plan, (a, b, c, _late), (report, communique, optional) = plan
    by = personas.a.branch_secretary
    study(a, report, 1, 60, by)
    study(a, report, 2, 30, by)
    study(a, communique, 3, 45, by)
    study(b, report, 1, 50, by)
    study(b, optional, 2, 20, by)
    table = services.completion(plan)
    assert [row.person for row in table.rows] == [a, b, c]  # 丁四 joined after the deadline
    assert [(row.finished, row.complete) for row in table.rows] == [(2, True), (1, False), (0, False)]
    assert table.rows[0].cells(table.materials) == [90, 45, None]
    assert (table.complete, table.rate) == (1, 33.3)
    assert [table.material_rate(m) for m in table.materials] == [66.7, 33.3, 33.3]


def test_the_completion_table_is_one_grouped_query(personas, plan, django_assert_max_num_queries):
    plan, people, materials = plan
    for person in people[:3]:
        study(person, materials[0], 1, 30, personas.a.branch_secretary)
    plan = StudyPlan.objects.select_related("party_org", "unit").get(pk=plan.pk)
    with django_assert_max_num_queries(3):
        services.completion(plan)


def test_more_than_24_hours_in_a_day_is_refused_and_nothing_saved(personas, plan):
    plan, (a, *_), (report, communique, _optional) = plan
    study(a, report, 5, 1000, personas.a.branch_secretary)
    with pytest.raises(ValidationError) as caught:
        study(a, communique, 5, 500, personas.a.branch_secretary)
    assert caught.value.message_dict["minutes"] == ["安一在2025年04月05日的学习时长合计将达1500分钟，超过一天24小时"]
    assert StudyRecord.objects.filter(person=a).count() == 1
    study(a, communique, 5, 440, personas.a.branch_secretary)  # exactly 24 hours is allowed


def test_the_form_names_the_field_for_too_many_minutes(client, personas):
    record = study_of(personas.a)["record"]
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        reverse("study:studyrecord_add"),
        {"person": record.person_id, "material": record.material_id, "date": "2025-04-01", "minutes": 1400},
    )
    assert response.status_code == 200
    assert "超过一天24小时" in response.context["form"].errors["minutes"][0]
    response = client.post(
        reverse("study:studyrecord_add"),
        {"person": record.person_id, "date": "2025-04-02", "minutes": 2000},
    )
    assert "minutes" in response.context["form"].errors
    assert StudyRecord.objects.filter(person=record.person).count() == 1


def test_staff_keep_their_own_records_only(client, personas):
    study_of(personas.a)
    staff = personas.a.staff
    own, colleague = personas.a.people[1], make_person(personas.a.judicial_office, "同事")
    own.user = staff
    own.save()
    with pytest.raises(PermissionDenied):
        services.save_record(StudyRecord(person=colleague, date=datetime.date(2025, 4, 1), minutes=30), by=staff)
    services.save_record(StudyRecord(person=own, date=datetime.date(2025, 4, 1), minutes=30), by=staff)
    client.force_login(staff)
    form = client.get(reverse("study:studyrecord_add")).context["form"]
    assert list(form.fields["person"].queryset) == [own] and form.fields["person"].initial == own.pk
    colleagues_log = study_of(personas.a)["log"]  # 云溪乙's log, written by the secretary
    colleagues_log.person = colleague
    colleagues_log.save()
    assert client.get(reverse("study:worklog_edit", args=[colleagues_log.pk])).status_code == 403
    assert client.get(colleagues_log.get_absolute_url()).status_code == 200  # but may read it


def test_a_reflection_is_submitted_and_reviewed_by_the_secretary(client, personas):
    reflection = study_of(personas.a)["reflection"]
    author = personas.a.staff
    reflection.person.user = author
    reflection.person.save()
    services.submit_reflection(reflection, by=author)
    with pytest.raises(ValidationError):
        services.save_reflection(Reflection.objects.get(pk=reflection.pk), by=author)  # locked once submitted
    with pytest.raises(PermissionDenied):
        services.review_reflection(reflection, by=author, approve=True)
    with pytest.raises(ValidationError) as caught:
        services.review_reflection(reflection, by=personas.a.branch_secretary, approve=False)
    assert "请填写理由" in caught.value.message_dict["reason"][0]
    client.force_login(personas.a.branch_secretary)
    client.post(reverse("study:reflection_return", args=[reflection.pk]), {"comment": "请联系本职工作"})
    reflection.refresh_from_db()
    assert (reflection.status, reflection.review_comment) == ("returned", "请联系本职工作")
    services.submit_reflection(reflection, by=author)
    client.post(reverse("study:reflection_approve", args=[reflection.pk]), {"comment": "好"})
    reflection.refresh_from_db()
    assert reflection.status == "approved"
    assert "请联系本职工作" in client.get(reflection.get_absolute_url()).content.decode()


def test_my_study_page_lists_my_plans_and_progress(client, personas, plan):
    plan, (a, *_), (report, *_rest) = plan
    a.user = personas.a.branch_secretary
    a.save()
    study(a, report, 1, 30, personas.a.branch_secretary)
    StudyPlan.objects.filter(pk=plan.pk).update(end_date=timezone.localdate())  # a current plan
    client.force_login(personas.a.branch_secretary)
    html = client.get(reverse("study:my_study")).content.decode()
    assert "学习实践科学发展观学习计划" in html and "必学已完成1/2" in html


def test_the_plan_page_and_export_show_the_completion(client, personas, plan):
    import io

    from openpyxl import load_workbook

    plan, (a, *_), (report, communique, _o) = plan
    study(a, report, 1, 30, personas.a.branch_secretary)
    study(a, communique, 1, 30, personas.a.branch_secretary)
    client.force_login(personas.a.leader)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "应学3人，全部完成必学资料1人" in html and "完成率33.3%" in html
    content = client.get(reverse("study:studyplan_completion_export", args=[plan.pk])).content
    values = [c for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True) for c in row if c]
    assert "应学3人，全部完成必学资料1人，完成率33.3%" in values and "2/2" in values


def test_a_second_log_for_the_same_day_is_refused(personas):
    from qizhi.study.models import WorkLog

    log = study_of(personas.a)["log"]
    with pytest.raises(ValidationError) as caught:
        services.save_worklog(WorkLog(person=log.person, date=log.date, content="重复"), by=personas.a.branch_secretary)
    assert "已有工作日志" in caught.value.message_dict["date"][0]


def test_a_leader_reads_logs_by_day_and_exports_a_month(client, personas):
    import io

    from openpyxl import load_workbook

    log = study_of(personas.a)["log"]
    client.force_login(personas.a.leader)
    html = client.get(reverse("study:worklog_list"), {"date": "2025-04-01"}).content.decode()
    assert log.get_absolute_url() in html
    html = client.get(reverse("study:worklog_list"), {"date": "2025-04-02"}).content.decode()
    assert log.get_absolute_url() not in html
    response = client.get(reverse("study:worklog_export"), {"month": "2025-04"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(row[2] == log.person.name and row[4] == log.content for row in rows)
    response = client.get(reverse("study:worklog_export"), {"month": "2025-13"}, follow=True)
    assert "月份“2025-13”无效" in response.content.decode()


def test_the_api_refuses_a_record_over_a_day_and_serves_the_completion(client, personas, plan):
    plan, (a, *_), (report, *_r) = plan
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        "/api/study/records/", {"person": a.pk, "material": report.pk, "date": "2025-04-01", "minutes": 1441},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "minutes" in response.json()["errors"]
    response = client.post(
        "/api/study/records/", {"person": a.pk, "material": report.pk, "date": "2025-04-01", "minutes": 60},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    body = client.get(f"/api/study/plans/{plan.pk}/completion/").json()
    assert body["participants"] == 3 and body["people"][0]["finished"] == 1


def test_a_member_granted_only_on_a_judicial_office_reads_the_branchs_plan(client, personas):
    data = study_of(personas.a)  # the plan of 云溪机关党支部, on the bureau; its member 云溪甲
    member = data["record"].person
    member.user = personas.a.staff  # staff is granted on the judicial office only
    member.save()
    StudyPlan.objects.filter(pk=data["plan"].pk).update(end_date=timezone.localdate())  # a current plan
    client.force_login(personas.a.staff)
    assert client.get(data["plan"].get_absolute_url()).status_code == 200
    html = client.get(reverse("study:my_study")).content.decode()
    assert data["plan"].title in html
    assert client.get(reverse("study:studyplan_edit", args=[data["plan"].pk])).status_code == 403
    client.force_login(personas.b.staff)
    assert client.get(data["plan"].get_absolute_url()).status_code == 404


def test_a_leader_keeps_their_own_log_though_the_role_only_reads_study(client, personas):
    from qizhi.study.models import WorkLog

    leader = personas.a.leader
    own = personas.a.people[0]
    own.user = leader
    own.save()
    client.force_login(leader)
    response = client.post(reverse("study:worklog_add"), {"person": own.pk, "date": "2025-04-03", "content": "党组会"})
    assert response.status_code == 302
    log = WorkLog.objects.get(person=own, date="2025-04-03")
    assert client.post(reverse("study:worklog_edit", args=[log.pk]), {"person": own.pk, "date": "2025-04-03",
                       "content": "党组会、接访", "version": log.version}).status_code == 302  # fmt: skip
    personas.a.leader.person.refresh_from_db()
    other = study_of(personas.a)["log"]  # 云溪乙's: the leader reads it, may approve, so may also correct it
    assert client.get(other.get_absolute_url()).status_code == 200
