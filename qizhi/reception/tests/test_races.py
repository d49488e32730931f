"""Simultaneous registrations and moves (PostgreSQL, threads): numbers stay gapless and unique, a
转办 is accepted once, a case is closed once."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from qizhi.core.testing import race, winners_and_refusals
from qizhi.reception import services
from qizhi.reception.choices import CaseKind, CaseStatus, Channel, HandoverState
from qizhi.reception.models import Case, Handover
from qizhi.reception.testing import reception_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL"),
]
N = 4


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_simultaneous_registrations_get_consecutive_numbers(personas):
    actor = personas.a.party_affairs

    def attempt(i):
        return services.register_case(
            unit=personas.a.unit, kind=CaseKind.LETTER, channel=Channel.PUBLIC, subject=f"来信{i}", content="…",
            received_on=datetime.date(2026, 12, 3), by=fresh(actor),
        ).case.number  # fmt: skip

    won, refused = winners_and_refusals(race(N, attempt))
    assert not refused
    assert sorted(won) == [f"XX-2026-{n:06d}" for n in range(1, N + 1)]


def test_a_handover_is_accepted_once(personas):
    handover = reception_of(personas.a)["handover"]
    receiver = personas.a.party_affairs

    def attempt(i):
        return services.answer_handover(Handover.objects.get(pk=handover.pk), accept=True, by=fresh(receiver))

    won, refused = winners_and_refusals(race(3, attempt))
    assert len(won) == 1 and len(refused) == 2
    assert Handover.objects.get(pk=handover.pk).state == HandoverState.ACCEPTED
    assert Case.objects.get(pk=handover.case_id).owner == receiver


def test_a_case_is_closed_once(personas):
    case = reception_of(personas.a)["case"]
    owner = personas.a.unit_head
    services.accept(case, on=datetime.date(2026, 11, 17), by=owner)

    def attempt(i):
        return services.close(
            Case.objects.get(pk=case.pk), on=datetime.date(2026, 11, 30), outcome=f"结果{i}", by=fresh(owner)
        )

    won, refused = winners_and_refusals(race(3, attempt))
    assert len(won) == 1 and len(refused) == 2
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
