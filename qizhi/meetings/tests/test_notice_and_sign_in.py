"""Meetings as members live them: the notice before, sign-in with the secretary's code during, the
committee that a 支部委员会 expects, and 补录 for a meeting entered after the fact."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core.models import Notification
from qizhi.core.refusals import Refused
from qizhi.core.todo import items_for
from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import Meeting
from qizhi.meetings.services import compliance, parse_period
from qizhi.meetings.templatetags.compliance_badges import badge
from qizhi.meetings.tests.conftest import hold
from qizhi.org.testing import PASSWORD
from qizhi.party.choices import OfficerRole
from qizhi.party.models import Term
from qizhi.party.services import appoint

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def with_logins(people):
    """Give each person a login with the 干警职工 role on their unit (members sign in as themselves)."""
    users = []
    for n, person in enumerate(people):
        user = get_user_model().objects.create_user(f"member{n}", password=PASSWORD)
        Grant.objects.create(user=user, unit=person.unit, role=Role.STAFF)
        person.user = user
        person.save()
        users.append(user)
    return users


def planned(personas, org, day, kind=MeetingKind.BRANCH_ASSEMBLY, **fields):
    meeting = Meeting(kind=kind, party_org=org, date=day, topic="第四季度党员大会", **fields)
    return services.save_meeting(meeting, by=personas.a.branch_secretary)


def test_a_notice_needs_time_place_and_agenda_and_reaches_everyone_expected(personas, branch):
    org, people = branch
    users = with_logins(people[:2])  # the other two have no login: nobody to tell
    today = timezone.localdate()
    meeting = planned(personas, org, today + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as caught:
        services.publish_notice(meeting, by=personas.a.branch_secretary)
    assert set(caught.value.message_dict) == {"start_time", "place", "agenda"}
    assert caught.value.message_dict["place"] == ["发布通知前请填写地点"]
    meeting.refresh_from_db()
    assert meeting.notice_published_at is None and not Notification.objects.exists()

    meeting.start_time, meeting.place, meeting.agenda = datetime.time(9), "三楼会议室", "一、传达文件\n二、讨论"
    meeting.save()
    assert services.publish_notice(meeting, by=personas.a.branch_secretary) == 2
    told = Notification.objects.filter(recipient__in=users)
    assert told.count() == 2
    assert told.first().title == f"会议通知：{meeting}" and "三楼会议室" in told.first().body
    waiting = [i for i in items_for(users[0], today) if i.kind == "meetings.attend"]
    assert [i.url for i in waiting] == [meeting.get_absolute_url()]
    assert waiting[0].due == meeting.date

    assert services.publish_notice(meeting, by=personas.a.branch_secretary) == 2  # after a change: told again
    assert Notification.objects.filter(recipient=users[0], title__startswith="会议通知（已更新）").count() == 1


def test_no_notice_for_a_past_or_held_meeting(personas, branch):
    org, _people = branch
    past = planned(personas, org, timezone.localdate() - datetime.timedelta(days=1), start_time=datetime.time(9),
                   place="会议室", agenda="议程")  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.publish_notice(past, by=personas.a.branch_secretary)
    assert "补录" in caught.value.message_dict["date"][0]


def test_members_sign_in_with_the_code_during_the_meeting_only(personas, branch):
    org, people = branch
    first, second, third, _fourth = with_logins(people)
    day = timezone.localdate()
    meeting = planned(personas, org, day, start_time=datetime.time(9), place="会议室", agenda="议程")
    secretary = personas.a.branch_secretary
    services.publish_notice(meeting, by=secretary, now=at(day, 8))
    code = services.open_sign_in(meeting, by=secretary, now=at(day, 8, 50))
    assert len(code) == 6 and code.isdigit() and code == services.sign_in_code(meeting)
    sheet = {row.person_id: row for row in meeting.attendances.all()}
    assert {(row.status, row.note) for row in sheet.values()} == {("absent", "未签到")}  # until they sign in

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(ValidationError) as caught:
        services.sign_in(meeting, wrong, user=first, now=at(day, 8, 55))
    assert caught.value.message_dict["code"] == ["签到码不正确，还可尝试4次"]

    on_time = services.sign_in(meeting, code, user=first, now=at(day, 9, 5))
    assert (on_time.status, on_time.note, on_time.signed_in_at) == ("present", "", at(day, 9, 5))
    late = services.sign_in(meeting, f" {code} ", user=second, now=at(day, 9, 16))  # 16 minutes after the start
    assert late.status == "late"
    with pytest.raises(ValidationError) as caught:
        services.sign_in(meeting, code, user=first, now=at(day, 9, 20))
    assert caught.value.message_dict["code"] == ["您已于09:05签到"]
    # The first member's notice is read; the third's is not.
    assert not Notification.objects.filter(recipient=first, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=third, read_at__isnull=True).count() == 1

    services.close_sign_in(meeting, by=secretary, now=at(day, 9, 30))
    with pytest.raises(ValidationError) as caught:
        services.sign_in(meeting, code, user=third, now=at(day, 9, 31))
    assert caught.value.message_dict["code"] == ["此会议当前不在签到时间内"]
    assert services.attendance_summary(meeting) | {"rate": None} == {
        "expected": 4, "present": 1, "late": 1, "absent": 2, "unexcused": 2, "rate": None,
    }  # fmt: skip

    with pytest.raises(Refused):  # not expected at this meeting at all
        services.sign_in(meeting, code, user=personas.a.leader, now=at(day, 9, 10))


def test_sign_in_opens_only_on_the_meetings_day_and_ends_by_midnight(personas, branch):
    org, _people = branch
    day = timezone.localdate()
    tomorrow = planned(personas, org, day + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        services.open_sign_in(tomorrow, by=personas.a.branch_secretary, now=at(day, 10))
    assert caught.value.message_dict["date"][0].startswith("只能在会议当天")
    evening = planned(personas, org, day)
    services.open_sign_in(evening, by=personas.a.branch_secretary, now=at(day, 22))
    assert evening.sign_in_until == at(day + datetime.timedelta(days=1), 0)  # 2 hours, not 4: the day ends
    assert evening.sign_in_is_open(at(day, 23, 59)) and not evening.sign_in_is_open(at(day + datetime.timedelta(1), 0))


def test_five_wrong_codes_and_the_member_asks_the_secretary(personas, branch):
    org, people = branch
    (member,) = with_logins(people[:1])
    day = timezone.localdate()
    meeting = planned(personas, org, day)
    code = services.open_sign_in(meeting, by=personas.a.branch_secretary, now=at(day, 9))
    wrong = f"{(int(code) + 7) % 1_000_000:06d}"
    for _ in range(services.SIGN_IN_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.sign_in(meeting, wrong, user=member, now=at(day, 9, 1))
    with pytest.raises(ValidationError) as caught:
        services.sign_in(meeting, code, user=member, now=at(day, 9, 2))
    assert caught.value.message_dict["code"] == ["签到码错误次数过多，请由会议记录人登记出席"]
    assert meeting.attendances.get(person=people[0]).signed_in_at is None


def test_the_code_is_in_no_row_and_no_history_and_changes_with_each_opening(personas, branch):
    org, _people = branch
    day = timezone.localdate()
    meeting = planned(personas, org, day)
    first = services.open_sign_in(meeting, by=personas.a.branch_secretary, now=at(day, 9))
    services.close_sign_in(meeting, by=personas.a.branch_secretary, now=at(day, 9, 10))
    second = services.open_sign_in(meeting, by=personas.a.branch_secretary, now=at(day, 9, 11))
    assert first != second
    stored = [str(v) for v in Meeting.objects.filter(pk=meeting.pk).values().get().values()]
    stored += [str(v) for row in meeting.history.values() for v in row.values()]
    assert not any(first in value or second in value for value in stored)


def test_a_branch_committee_expects_its_committee_not_the_whole_branch(personas, branch):
    org, people = branch
    day = datetime.date(2025, 6, 10)
    assert set(services.expected_people(planned(personas, org, day, MeetingKind.BRANCH_COMMITTEE))) == set(people)
    term = Term.objects.create(party_org=org, number=1, start_date=datetime.date(2024, 1, 1),
                               end_date=datetime.date(2026, 12, 31))  # fmt: skip
    appoint(term, people[0], OfficerRole.SECRETARY, by=personas.a.party_affairs)
    appoint(term, people[1], OfficerRole.COMMITTEE_MEMBER, by=personas.a.party_affairs)
    appoint(term, people[2], OfficerRole.GROUP_LEADER, by=personas.a.party_affairs)  # not on the committee
    committee = planned(personas, org, day, MeetingKind.BRANCH_COMMITTEE)
    assert {row.person for row in committee.attendances.all()} == {people[0], people[1]}
    assembly = planned(personas, org, day, MeetingKind.BRANCH_ASSEMBLY)
    assert assembly.attendances.count() == 4
    with pytest.raises(ValidationError) as caught:
        services.add_attendee(committee, people[3], by=personas.a.party_affairs)
    assert caught.value.message_dict["person"] == [f"{people[3]}在2025年06月10日不是{org}的支部委员，不能登记出席"]


def test_a_meeting_entered_afterwards_without_a_notice_is_marked_backfilled(client, personas, branch):
    org, _people = branch
    backfilled = hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 10, 14))
    assert backfilled.is_backfilled
    noticed = planned(personas, org, datetime.date(2025, 11, 11), MeetingKind.BRANCH_COMMITTEE,
                      start_time=datetime.time(9), place="会议室", agenda="议程")  # fmt: skip
    services.publish_notice(noticed, by=personas.a.branch_secretary, now=at(datetime.date(2025, 11, 5), 9))
    noticed = services.mark_held(noticed, by=personas.a.branch_secretary)
    assert not noticed.is_backfilled

    report = compliance(party_org=org, period=parse_period("2025-Q4"), today=timezone.localdate())
    items = {i.period.key: i for i in report.orgs[0].items if i.rule.kind == MeetingKind.BRANCH_COMMITTEE}
    assert (items["2025-10"].held, items["2025-10"].backfilled) == (1, 1)
    assert (items["2025-11"].held, items["2025-11"].backfilled) == (1, 0)
    assert report.backfilled == 1 and "（补录）" in badge(items["2025-10"])
    assert "补录" not in badge(items["2025-11"])

    assert client.login(username=personas.a.branch_secretary.username, password=PASSWORD)
    page = client.get(backfilled.get_absolute_url()).content.decode()
    assert 'id="meeting-backfilled"' in page
    assert 'id="meeting-backfilled"' not in client.get(noticed.get_absolute_url()).content.decode()


def test_a_member_signs_in_on_the_page_and_through_the_api(client, personas, branch):
    org, people = branch
    first, second = with_logins(people[:2])
    meeting = planned(personas, org, timezone.localdate(), start_time=datetime.time(23, 59))
    code = services.open_sign_in(meeting, by=personas.a.branch_secretary)

    assert client.login(username=first.username, password=PASSWORD)
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:meeting_sign_in", args=[meeting.pk]) in detail and code not in detail
    url = reverse("meetings:meeting_sign_in", args=[meeting.pk])
    refused = client.post(url, {"code": "12"})
    assert refused.status_code == 200 and "签到码是6位数字" in refused.content.decode()
    assert client.post(url, {"code": code}).status_code == 302
    assert meeting.attendances.get(person=people[0]).status == "present"

    client.logout()
    assert client.login(username=second.username, password=PASSWORD)
    api = f"/api/meetings/meetings/{meeting.pk}/sign-in/"
    bad = client.post(api, {"code": "000000" if code != "000000" else "111111"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"]["code"] == ["签到码不正确，还可尝试4次"]
    good = client.post(api, {"code": code}, content_type="application/json")
    assert good.status_code == 200 and good.json()["status"] == "present" and good.json()["signed_in_at"]

    client.logout()
    assert client.login(username=personas.a.branch_secretary.username, password=PASSWORD)
    shown = client.get(meeting.get_absolute_url()).content.decode()
    assert f'id="sign-in-code">{code}<' in shown  # the secretary shows it on the screen
