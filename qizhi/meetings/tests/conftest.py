"""A branch of the personas' bureau a with members since 2020, and a helper that holds a meeting."""

from __future__ import annotations

import datetime

import pytest

from qizhi.meetings import services
from qizhi.meetings.models import Meeting
from qizhi.org.testing import make_person
from qizhi.party import services as party_services
from qizhi.party.choices import MembershipStatus, PartyOrgKind

SINCE = datetime.date(2020, 1, 1)


def make_branch(personas, *, name="审计支部", members=4, established_on=None, kind=PartyOrgKind.BRANCH):
    actor = personas.a.party_affairs
    branch = party_services.create_party_org(
        parent=None, by=actor, name=name, kind=kind, unit=personas.a.unit, established_on=established_on
    )
    people = [make_person(personas.a.unit, f"{name[:2]}{n}号") for n in range(1, members + 1)]
    for person in people:
        join(personas, person, branch, started_on=SINCE)
    return branch, people


def join(personas, person, branch, *, started_on):
    return party_services.join(
        person, branch=branch, status=MembershipStatus.FULL, joined_on=datetime.date(2010, 7, 1),
        full_on=datetime.date(2011, 7, 1), started_on=started_on, by=personas.a.party_affairs,
    )  # fmt: skip


def hold(personas, org, kind, day, *, absent=(), excused=(), late=(), topic="学习会议"):
    """A meeting of ``org`` on ``day``, held, with the given people absent (unexcused / on leave) or late."""
    actor = personas.a.party_affairs
    meeting = services.save_meeting(Meeting(kind=kind, party_org=org, date=day, topic=topic), by=actor)
    marks = {}
    for row in meeting.attendances.all():
        if row.person in absent:
            marks[row.pk] = ("absent", "", "")
        elif row.person in excused:
            marks[row.pk] = ("absent", "leave", "")
        elif row.person in late:
            marks[row.pk] = ("late", "", "")
    services.record_attendance(meeting, marks, by=actor)
    return services.mark_held(meeting, by=actor)


@pytest.fixture
def branch(personas):
    return make_branch(personas)
