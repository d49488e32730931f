"""Recording a meeting: planned → held, its organizer, its minutes, and its pages."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import Meeting
from qizhi.meetings.tests.conftest import hold, make_branch

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def plan(personas, org, day, kind=MeetingKind.BRANCH_COMMITTEE, **fields):
    meeting = Meeting(kind=kind, party_org=org, date=day, topic=fields.pop("topic", "支委会"), **fields)
    return services.save_meeting(meeting, by=personas.a.branch_secretary)


def test_a_planned_meeting_is_confirmed_once_held(personas, branch):
    org, _people = branch
    meeting = plan(personas, org, datetime.date(2025, 9, 9))
    assert meeting.status == "planned" and meeting.unit == org.unit
    held = services.mark_held(meeting, by=personas.a.branch_secretary)
    assert held.status == "held" and held.updated_by == personas.a.branch_secretary
    with pytest.raises(ValidationError):
        services.mark_held(held, by=personas.a.branch_secretary)


def test_a_meeting_dated_in_the_future_cannot_be_marked_held(personas, branch):
    org, _people = branch
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = plan(personas, org, tomorrow)
    with pytest.raises(ValidationError) as caught:
        services.mark_held(meeting, by=personas.a.branch_secretary)
    assert caught.value.message_dict["date"] == [f"会议日期{tomorrow:%Y年%m月%d日}晚于今天，不能确认为已召开"]
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_a_held_meeting_cannot_be_moved_into_the_future(personas, branch):
    org, _people = branch
    meeting = hold(personas, org, MeetingKind.THEME_DAY, datetime.date(2025, 7, 1))
    meeting.date = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as caught:
        services.save_meeting(meeting, by=personas.a.branch_secretary)
    assert "日期不能晚于今天" in caught.value.message_dict["date"][0]
    assert Meeting.objects.get(pk=meeting.pk).date == datetime.date(2025, 7, 1)


def test_the_minutes_are_sanitized(personas, branch):
    org, _people = branch
    minutes = (
        '<p onclick="steal()">会议<strong>决定</strong><script>alert(1)</script><a href="javascript:x()">链接</a></p>'
    )
    meeting = plan(personas, org, datetime.date(2025, 9, 9), minutes=minutes)
    assert "<strong>决定</strong>" in meeting.minutes
    for bad in ("script", "onclick", "javascript:", "alert"):
        assert bad not in meeting.minutes


def test_the_minutes_keep_no_external_resources(personas, branch):
    org, _people = branch
    minutes = '<p>会议<img src="https://tracker.example/p.gif?u=1">记录<img src="/media/x.png"><a href="https://x.example/">链接</a></p>'
    meeting = plan(personas, org, datetime.date(2025, 9, 9), minutes=minutes)
    assert meeting.minutes == '<p>会议记录<a href="https://x.example/" rel="noopener noreferrer">链接</a></p>'


def test_a_party_meeting_needs_a_party_organization_but_a_training_does_not(personas):
    actor = personas.a.party_affairs
    with pytest.raises(ValidationError) as caught:
        services.save_meeting(
            Meeting(kind=MeetingKind.PARTY_LECTURE, unit=personas.a.unit, date=datetime.date(2025, 5, 5), topic="党课"),
            by=actor,
        )
    assert caught.value.message_dict["party_org"] == ["党课必须由党组织召开，请选择党组织"]
    training = services.save_meeting(
        Meeting(kind=MeetingKind.TRAINING, unit=personas.a.judicial_office, date=datetime.date(2025, 5, 7),
                topic="人民调解业务培训"),
        by=actor,
    )  # fmt: skip
    # a unit's training expects its serving staff (the masses too, not retirees)
    assert list(training.attendances.values_list("person__name", flat=True)) == ["云溪乙"]


def test_changing_the_date_follows_the_members_of_the_new_date(personas, branch):
    org, _people = branch
    from qizhi.meetings.tests.conftest import join
    from qizhi.org.testing import make_person

    newcomer = make_person(personas.a.unit, "新来者")
    join(personas, newcomer, org, started_on=datetime.date(2025, 6, 1))
    meeting = plan(personas, org, datetime.date(2025, 5, 20))
    assert meeting.attendances.count() == 4
    meeting.date = datetime.date(2025, 6, 20)
    services.save_meeting(meeting, by=personas.a.branch_secretary)
    assert meeting.attendances.count() == 5


# --- Pages --------------------------------------------------------------------------------------


def test_the_form_refuses_a_future_held_meeting_and_names_the_field(client, personas, branch):
    org, _people = branch
    client.force_login(personas.a.branch_secretary)
    meeting = plan(personas, org, timezone.localdate() + datetime.timedelta(days=2))
    response = client.post(reverse("meetings:meeting_hold", args=[meeting.pk]), follow=True)
    assert "晚于今天，不能确认为已召开" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_the_attendance_sheet_records_two_absences(client, personas, branch):
    org, people = branch
    client.force_login(personas.a.branch_secretary)
    meeting = plan(personas, org, datetime.date(2025, 10, 14))
    page = client.get(reverse("meetings:meeting_attendance", args=[meeting.pk]))
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    rows = {row.person: row for row in form.rows}
    data[f"status_{rows[people[0]].pk}"] = "absent"
    data[f"reason_{rows[people[0]].pk}"] = "business_trip"
    data[f"status_{rows[people[1]].pk}"] = "absent"
    response = client.post(reverse("meetings:meeting_attendance", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert services.attendance_summary(meeting)["absent"] == 2
    assert services.attendance_summary(meeting)["unexcused"] == 1


def test_the_detail_page_shows_the_sheet_in_a_bounded_number_of_queries(
    client, personas, branch, django_assert_max_num_queries
):
    org, _people = branch
    meeting = hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 3))
    client.force_login(personas.a.leader)
    with django_assert_max_num_queries(20):
        html = client.get(meeting.get_absolute_url()).content.decode()
    assert "应到4人，出席4人" in html and "出席率100.0%" in html


def test_the_compliance_page_answers_in_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    for n in range(5):
        org, people = make_branch(personas, name=f"第{n}支部", members=2)
        hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, n + 1), absent=people[:1])
    client.force_login(personas.a.leader)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("meetings:compliance"), {"unit": personas.a.unit.pk, "period": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-state="held"') == 5 and 'id="heat-data"' in html


def test_the_unit_list_goes_two_levels_down_and_keeps_the_unit_asked_for(client, personas):
    """A province's administrator picks among its cities and counties, not its thousands of 司法所;
    a deeper unit, reached from its own page, is listed when asked for."""
    from qizhi.org.choices import UnitKind
    from qizhi.org.models import Unit

    deep = Unit.objects.add_child(
        personas.a.judicial_office, create_kwargs={"name": "城关工作站", "kind": UnitKind.DEPARTMENT}
    )
    client.force_login(personas.root_admin)
    url = reverse("meetings:compliance")
    html = client.get(url, {"unit": personas.root.pk, "period": "2025"}).content.decode()
    assert f'<option value="{personas.a.judicial_office.pk}">' in html and "城关工作站" not in html
    html = client.get(url, {"unit": deep.pk, "period": "2025"}).content.decode()
    assert f'<option value="{deep.pk}" selected>城关工作站</option>' in html and 'id="compliance"' in html
    for junk in (personas.b.unit.pk + 10_000, "²", "1" * 5000):  # "²" and 5,000 digits pass str.isdigit()
        response = client.get(url, {"unit": junk, "period": "2025"})
        assert response.status_code == 200 and "单位不存在或不在您的权限范围内" in response.content.decode()


def test_the_compliance_page_names_a_bad_period(client, personas):
    client.force_login(personas.a.leader)
    html = client.get(reverse("meetings:compliance"), {"unit": personas.a.unit.pk, "period": "2025-13"}).content
    assert "期间“2025-13”无效" in html.decode()


def test_the_compliance_page_refuses_the_sibling_bureau(client, personas):
    client.force_login(personas.a.leader)
    html = client.get(reverse("meetings:compliance"), {"unit": personas.b.unit.pk, "period": "2025"}).content.decode()
    assert "不在您的权限范围内" in html and 'id="compliance"' not in html
    response = client.get(reverse("meetings:compliance_export"), {"unit": personas.b.unit.pk, "period": "2025"})
    assert response.status_code == 302


def test_the_exports_are_workbooks_with_the_figures(client, personas, branch):
    org, people = branch
    meeting = hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 3), absent=people[:1])
    client.force_login(personas.a.leader)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("meetings:meeting_attendance_export", args=[meeting.pk])).content)
    ).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "应到4人，实到3人（迟到0人），缺席1人（未请假1人），出席率75.0%" in values
    response = client.get(reverse("meetings:compliance_export"), {"unit": personas.a.unit.pk, "period": "2025-Q1"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    branch_row = next(row for row in rows if row[1] == org.name)
    # Q1: 3 committee (1 held) + 3 theme days + assembly + lecture = 8 due
    assert branch_row[2:7] == (8, 1, 7, 12.5, 75.0)


def test_the_calendar_shows_the_months_meetings(client, personas, branch):
    org, _people = branch
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 3), topic="三月支委会")
    client.force_login(personas.a.leader)
    html = client.get(reverse("meetings:meeting_calendar"), {"month": "2025-03"}).content.decode()
    assert "2025年3月" in html and "支部委员会·审计支部" in html
    html = client.get(reverse("meetings:meeting_calendar"), {"month": "2025-04"}).content.decode()
    assert "支部委员会·审计支部" not in html


def test_a_secretary_attaches_the_sign_in_scan_and_only_the_bureau_reads_it(client, personas, branch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qizhi.core.attachments import attachments_of
    from qizhi.core.testing import PDF_BYTES

    org, _people = branch
    meeting = hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 3))
    client.force_login(personas.a.branch_secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="attachments"' in page and "上传附件" in page
    url = reverse("core:attachment_add", args=["meetings", "meeting", meeting.pk])
    client.post(url, {"files": SimpleUploadedFile("签到表扫描件.pdf", PDF_BYTES, "application/pdf")})
    [attachment] = attachments_of(meeting)
    assert attachment.name == "签到表扫描件.pdf"
    client.force_login(personas.a.leader)
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 200
    client.force_login(personas.b.leader)
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 404


def test_a_large_compliance_page_counts_held_meetings_instead_of_listing_them(client, personas, monkeypatch):
    from qizhi.meetings import views

    for n in range(3):
        org, _people = make_branch(personas, name=f"第{n}支部", members=1)
        hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, n + 1))
    monkeypatch.setattr(views, "HELD_LIST_LIMIT", 2)  # a city's page: more organizations than the limit
    client.force_login(personas.a.leader)
    html = client.get(reverse("meetings:compliance"), {"unit": personas.a.unit.pk, "period": "2025"}).content.decode()
    assert 'data-state="held"' not in html and html.count("已召开1项") == 3


def figures(html: str) -> str:
    """The compliance page's report, from its tiles to its rules (the rest holds the request's CSRF token)."""
    return html[html.index('<div class="row g-3 mb-3">') : html.index('id="rules"')]


def test_the_compliance_page_is_cached_per_unit_and_scope_and_a_write_shows_at_once(client, personas):
    """The rendering is kept under the data generation, the scope's signature and the day: a meeting held
    since shows at the next request, the same address gives each bureau its own figures (or its refusal), and
    the export button follows whoever looks."""
    from qizhi.accounts.roles import Action
    from qizhi.core.scoping import scope_of

    org, _people = make_branch(personas, name="缓存支部", members=2)
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 3))
    address = {"unit": personas.a.unit.pk, "period": "2025"}
    client.force_login(personas.a.leader)
    first = client.get(reverse("meetings:compliance"), address).content.decode()
    assert first.count('data-state="held"') == 1

    computed = []
    real = services.compliance
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "compliance", lambda **kw: computed.append(kw) or real(**kw))
        again = client.get(reverse("meetings:compliance"), address).content.decode()
        assert computed == [] and figures(again) == figures(first)  # served from the cache: nothing computed
        hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 4, 3))
        after = client.get(reverse("meetings:compliance"), address).content.decode()
        assert len(computed) == 1 and after.count('data-state="held"') == 2  # the write moved the generation

    client.force_login(personas.b.leader)  # the same address, another bureau: refused, nothing of a's shown
    other = client.get(reverse("meetings:compliance"), address).content.decode()
    assert "缓存支部" not in other
    own = client.get(reverse("meetings:compliance"), {"unit": personas.b.unit.pk, "period": "2025"})
    assert own.status_code == 200 and "缓存支部" not in own.content.decode()

    office = {"unit": personas.a.judicial_office.pk, "period": "2025"}
    client.force_login(personas.a.leader)
    assert "导出 Excel" in client.get(reverse("meetings:compliance"), office).content.decode()
    client.force_login(personas.a.staff)  # the same address, a grant that may view but not export: its own rendering
    assert not scope_of(personas.a.staff).can(Action.EXPORT, "meetings")
    staff_page = client.get(reverse("meetings:compliance"), office).content.decode()
    assert 'id="total-due"' in staff_page and "导出 Excel" not in staff_page
