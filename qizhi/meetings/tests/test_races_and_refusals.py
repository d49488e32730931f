"""Confirming a meeting: only its keepers may (the service decides), and of simultaneous confirmations
and cancellations one happens (PostgreSQL, threads)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from qizhi.core.refusals import Refused
from qizhi.core.testing import race, winners_and_refusals
from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind, MeetingStatus
from qizhi.meetings.models import Meeting
from qizhi.meetings.tests.conftest import make_branch

POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL")
DAY = datetime.date(2026, 11, 20)


def planned(personas) -> Meeting:
    branch, _people = make_branch(personas)
    meeting = Meeting(kind=MeetingKind.BRANCH_COMMITTEE, party_org=branch, date=DAY, topic="支委会")
    return services.save_meeting(meeting, by=personas.a.party_affairs)


@pytest.mark.django_db
def test_it_refuses_a_confirmation_by_someone_who_does_not_keep_the_meeting(personas):
    meeting = planned(personas)
    for stranger in (personas.b.party_affairs, personas.a.staff, personas.a.leader):
        with pytest.raises(Refused):
            services.mark_held(meeting, by=stranger)
        with pytest.raises(Refused):
            services.cancel_meeting(meeting, by=stranger)
        with pytest.raises(Refused):
            services.record_attendance(meeting, {}, by=stranger)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_confirmations_and_a_cancellation_one_happens(personas):
    meeting = planned(personas)
    actor = personas.a.party_affairs

    def attempt(i):
        record = Meeting.objects.get(pk=meeting.pk)
        user = get_user_model().objects.get(pk=actor.pk)
        return services.cancel_meeting(record, by=user) if i == 3 else services.mark_held(record, by=user)

    won, refused = winners_and_refusals(race(4, attempt))
    assert len(won) == 1 and len(refused) == 3
    assert Meeting.objects.get(pk=meeting.pk).status == won[0].status
    assert meeting.history.exclude(status=MeetingStatus.PLANNED).count() == 1
