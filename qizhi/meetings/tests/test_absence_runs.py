"""Runs of unexcused absences, read from the attendance rows' copies of their meetings, against a
naive recount of every member's sequence of meetings; and the copies following their meetings."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind, MeetingStatus
from qizhi.meetings.models import Attendance, Meeting
from qizhi.meetings.tests.conftest import make_branch

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2025, 1, 1), D(2025, 12, 31)
DAYS = [D(2024, 12, 31), D(2025, 1, 1), D(2025, 3, 5), D(2025, 3, 5), D(2025, 6, 1), D(2025, 12, 31), D(2026, 1, 1)]
MARKS = st.sampled_from([("present", ""), ("late", ""), ("absent", ""), ("absent", ""), ("absent", "sick")])
MEETING = st.fixed_dictionaries(
    {
        "org": st.integers(0, 2),  # the third organization is outside the report
        "day": st.sampled_from(DAYS),
        "status": st.sampled_from([MeetingStatus.HELD, MeetingStatus.HELD, MeetingStatus.PLANNED]),
        "marks": st.lists(st.none() | MARKS, min_size=3, max_size=3),  # None: not expected
    }
)
# After the sheets are written, some meetings move: another organization, another day, held at last.
MOVE = st.tuples(st.integers(0, 11), st.integers(0, 2), st.sampled_from(DAYS), st.booleans())


def naive_runs(meetings, org_ids, in_a_row):
    """Each member's meetings of ``org_ids`` held in 2025, in date then id order; the longest chain
    of unexcused absences (the latest of equal ones) and the day it ended."""
    found = {}
    for person in {pid for m in meetings for pid in m["rows"]}:
        sequence = sorted(
            (m["day"], m["pk"], m["rows"][person])
            for m in meetings
            if person in m["rows"] and m["org"] in org_ids and m["held"] and START <= m["day"] <= END
        )
        best, run = (0, None), 0
        for day, _pk, (status, reason) in sequence:
            run = run + 1 if (status, reason) == ("absent", "") else 0
            if run and run >= best[0]:
                best = (run, day)
        if best[0] >= in_a_row:
            found[person] = best
    return found


@pytest.fixture
def orgs(personas):
    first, people = make_branch(personas, name="一支部", members=3)
    second, _ = make_branch(personas, name="二支部", members=0)
    outside, _ = make_branch(personas, name="三支部", members=0)
    return [first, second, outside], people


ABSENT, PRESENT, HELD = ("absent", ""), ("present", ""), MeetingStatus.HELD


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(  # an absence the day before the period, and a meeting outside the report between two absences
    plan=[
        {"org": 0, "day": D(2024, 12, 31), "status": HELD, "marks": [ABSENT, None, None]},
        {"org": 0, "day": D(2025, 1, 1), "status": HELD, "marks": [ABSENT, None, None]},
        {"org": 2, "day": D(2025, 3, 5), "status": HELD, "marks": [PRESENT, None, None]},
        {"org": 1, "day": D(2025, 6, 1), "status": HELD, "marks": [ABSENT, None, None]},
    ],
    moves=[],
    in_a_row=1,
)
@example(  # two meetings on one day: the earlier id comes first
    plan=[
        {"org": 0, "day": D(2025, 3, 5), "status": HELD, "marks": [ABSENT, ABSENT, None]},
        {"org": 1, "day": D(2025, 3, 5), "status": HELD, "marks": [PRESENT, ABSENT, None]},
        {"org": 0, "day": D(2025, 6, 1), "status": HELD, "marks": [ABSENT, ABSENT, None]},
    ],
    moves=[],
    in_a_row=2,
)
@given(plan=st.lists(MEETING, min_size=1, max_size=12), moves=st.lists(MOVE, max_size=4), in_a_row=st.integers(1, 3))
def test_runs_equal_a_naive_recount(personas, orgs, plan, moves, in_a_row):
    branches, people = orgs
    Meeting.objects.filter(party_org__in=branches).delete()  # examples share the database
    meetings = []
    for entry in plan:
        meeting = Meeting.objects.create(
            kind=MeetingKind.BRANCH_COMMITTEE, party_org=branches[entry["org"]], unit=personas.a.unit,
            date=entry["day"], topic="会议", status=entry["status"],
        )  # fmt: skip
        rows = {}
        for person, mark in zip(people, entry["marks"], strict=True):
            if mark is not None:
                Attendance.objects.create(meeting=meeting, person=person, status=mark[0], absence_reason=mark[1])
                rows[person.pk] = mark
        meetings.append({"pk": meeting.pk, "meeting": meeting, "rows": rows, **entry})
    for index, org, day, hold in moves:
        if index < len(meetings):
            entry = meetings[index]
            meeting = entry["meeting"]
            meeting.party_org, meeting.date = branches[org], day
            if hold:
                meeting.status = MeetingStatus.HELD
            meeting.save()
            entry.update(org=org, day=day, status=meeting.status)
    for entry in meetings:
        entry["held"] = entry["status"] == MeetingStatus.HELD
        entry["org"] = {0: "in", 1: "in", 2: "out"}[entry["org"]]
    in_scope = [branches[0].pk, branches[1].pk]
    within = Attendance.objects.filter(held=True, party_org__in=in_scope, date__gte=START, date__lte=END)
    found = {(a.person.pk, a.run, a.last_date) for a in services.repeated_absences(within, in_a_row=in_a_row)}
    expected = {(pk, run, day) for pk, (run, day) in naive_runs(meetings, {"in"}, in_a_row).items()}
    assert found == expected


def test_the_copies_follow_the_meeting(personas, orgs):
    """A unit's meeting given an organization, moved, held: its rows read the same as the meeting,
    and the report counts them at once."""
    branches, people = orgs
    actor = personas.a.party_affairs
    meeting = services.save_meeting(
        Meeting(kind=MeetingKind.TRAINING, unit=personas.a.unit, date=D(2025, 5, 6), topic="业务培训"), by=actor
    )
    copies = set(meeting.attendances.values_list("party_org_id", "date", "held"))
    assert copies == {(None, D(2025, 5, 6), False)}  # the unit's staff, from sync_attendance's bulk insert
    meeting.party_org, meeting.date, meeting.kind = branches[0], D(2025, 5, 8), MeetingKind.BRANCH_COMMITTEE
    services.save_meeting(meeting, by=actor)  # the sheet follows 一支部's members
    absent = meeting.attendances.get(person=people[0])
    services.record_attendance(meeting, {absent.pk: ("absent", "", "")}, by=actor)
    services.mark_held(meeting, by=actor)
    copies = set(meeting.attendances.values_list("person_id", "party_org_id", "date", "held"))
    assert copies == {(person.pk, branches[0].pk, D(2025, 5, 8), True) for person in people}
    report = services.compliance(unit=personas.a.unit, period=services.parse_period("2025-05"))
    entry = next(e for e in report.orgs if e.org == branches[0])
    assert (entry.expected, entry.attended) == (3, 2)
    assert not services.compliance(unit=personas.a.unit, period=services.parse_period("2025-04")).orgs[0].expected
