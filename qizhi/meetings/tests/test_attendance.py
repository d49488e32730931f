"""Attendance: generated from the members on the meeting's date, marked by exception, and its rates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import Attendance, Meeting
from qizhi.meetings.services import parse_period
from qizhi.meetings.tests.conftest import hold, join
from qizhi.org.testing import make_person
from qizhi.party import services as party_services

pytestmark = pytest.mark.django_db


def test_the_sheet_lists_the_members_on_the_meetings_date(personas, branch):
    org, people = branch
    newcomer = make_person(personas.a.unit, "新来者")
    join(personas, newcomer, org, started_on=datetime.date(2025, 2, 15))  # joined mid-quarter
    leaver = people[0]
    membership = leaver.memberships.get()
    membership.ended_on, membership.end_reason = datetime.date(2025, 2, 1), "other"
    membership.save()
    january = hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 1, 20))
    march = hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 20))
    assert set(january.attendances.values_list("person__name", flat=True)) == {p.name for p in people}
    assert set(march.attendances.values_list("person__name", flat=True)) == {p.name for p in people[1:]} | {"新来者"}


def test_the_attendance_rate_is_attended_over_expected(personas, branch):
    """Hand-computed: January 4 expected, 3 present, 1 absent; March 5 expected (a member joined in
    February), 3 present, 1 late, 1 on leave → (3 + 4) / (4 + 5) = 7/9 = 77.8%."""
    org, people = branch
    newcomer = make_person(personas.a.unit, "新来者")
    join(personas, newcomer, org, started_on=datetime.date(2025, 2, 15))
    january = hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 1, 20), absent=[people[0]])
    hold(personas, org, MeetingKind.BRANCH_ASSEMBLY, datetime.date(2025, 3, 31), late=[people[1]], excused=[newcomer])
    summary = services.attendance_summary(january)
    assert summary == {"expected": 4, "present": 3, "late": 0, "absent": 1, "unexcused": 1, "rate": 75.0}
    report = services.compliance(unit=personas.a.unit, period=parse_period("2025-Q1"))
    entry = report.orgs[0]
    assert (entry.expected, entry.attended, entry.attendance_rate) == (9, 7, 77.8)
    assert entry.meetings_held == 2
    april = services.compliance(unit=personas.a.unit, period=parse_period("2025-04"))
    assert april.orgs[0].attendance_rate is None  # nothing held: no rate, not 0%


def test_three_unexcused_absences_in_a_row_are_listed(personas, branch):
    org, people = branch
    first, second = people[0], people[1]
    for month in (1, 2, 3):  # first: three in a row
        hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, month, 10), absent=[first, second]
             if month != 2 else [first], excused=[second] if month == 2 else [])  # fmt: skip
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 4, 10), absent=[second])
    report = services.compliance(unit=personas.a.unit, period=parse_period("2025"))
    # second: absent, on leave, absent, absent — the leave breaks the run: two in a row
    assert [(a.person, a.run, a.last_date) for a in report.absentees] == [(first, 3, datetime.date(2025, 3, 10))]
    assert services.compliance(unit=personas.a.unit, period=parse_period("2025"), absences_in_a_row=2).absentees


def test_marking_the_exceptions_changes_only_those_rows(personas, branch):
    org, people = branch
    actor = personas.a.branch_secretary
    meeting = services.save_meeting(
        Meeting(kind=MeetingKind.THEME_DAY, party_org=org, date=datetime.date(2025, 7, 1), topic="七一主题党日"),
        by=actor,
    )
    rows = {row.person: row for row in meeting.attendances.all()}
    assert {row.status for row in rows.values()} == {"present"}  # all present by default
    changed = services.record_attendance(
        meeting, {rows[people[0]].pk: ("absent", "sick", "住院"), rows[people[1]].pk: ("present", "", "")}, by=actor
    )
    assert changed == 1
    assert Attendance.objects.get(pk=rows[people[0]].pk).describe() == "缺席（病假）"


def test_a_reason_for_someone_present_is_refused_and_nothing_changes(personas, branch):
    org, _people = branch
    meeting = hold(personas, org, MeetingKind.THEME_DAY, datetime.date(2025, 7, 1))
    rows = list(meeting.attendances.order_by("pk"))
    with pytest.raises(ValidationError) as caught:
        services.record_attendance(
            meeting,
            {rows[0].pk: ("absent", "", ""), rows[1].pk: ("present", "leave", "")},
            by=personas.a.branch_secretary,
        )
    assert "只有缺席才填写缺席原因" in caught.value.message_dict["absence_reason"][0]
    assert rows[1].person.name in caught.value.message_dict["absence_reason"][0]
    assert set(meeting.attendances.values_list("status", flat=True)) == {"present"}


def test_someone_who_was_not_a_member_that_day_is_refused(personas, branch):
    org, _people = branch
    meeting = hold(personas, org, MeetingKind.THEME_DAY, datetime.date(2025, 7, 1))
    outsider = make_person(personas.a.unit, "局外人")
    late_joiner = make_person(personas.a.unit, "后来者")
    join(personas, late_joiner, org, started_on=datetime.date(2025, 9, 1))
    for person in (outsider, late_joiner):
        with pytest.raises(ValidationError) as caught:
            services.add_attendee(meeting, person, by=personas.a.branch_secretary)
        assert caught.value.message_dict["person"] == [
            f"{person.name}在2025年07月01日不是{org.name}的成员，不能登记出席"
        ]
    assert meeting.attendances.count() == 4


def test_a_member_added_later_is_accepted_once(personas, branch):
    org, people = branch
    meeting = hold(personas, org, MeetingKind.THEME_DAY, datetime.date(2025, 7, 1))
    row = meeting.attendances.get(person=people[0])
    row.delete()
    services.add_attendee(meeting, people[0], status="late", by=personas.a.branch_secretary)
    with pytest.raises(ValidationError) as caught:
        services.add_attendee(meeting, people[0], by=personas.a.branch_secretary)
    assert "已有出席记录" in caught.value.message_dict["person"][0]


def test_the_database_refuses_a_duplicate_row(personas, branch):
    org, people = branch
    meeting = hold(personas, org, MeetingKind.THEME_DAY, datetime.date(2025, 7, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, person=people[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(meeting=meeting, person=people[1]).update(absence_reason="sick")  # present + reason


def test_a_leading_groups_meeting_expects_its_officers(personas):
    actor = personas.a.party_affairs
    leading = party_services.create_party_org(
        parent=None, by=actor, name="局党组", kind="leading_group", unit=personas.a.unit
    )
    from qizhi.party.models import Term

    term = Term.objects.create(
        party_org=leading, number=1, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2028, 12, 31)
    )
    chief = personas.a.people[0]
    party_services.appoint(term, chief, "secretary", by=actor)
    meeting = services.save_meeting(
        Meeting(kind=MeetingKind.DEMOCRATIC_LIFE, party_org=leading, date=datetime.date(2025, 12, 28),
                topic="年度民主生活会"),
        by=actor,
    )  # fmt: skip
    assert list(meeting.attendances.values_list("person", flat=True)) == [chief.pk]
