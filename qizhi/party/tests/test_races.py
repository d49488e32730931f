"""Simultaneous workflow moves on one member (PostgreSQL, threads): one wins, the others are refused,
and the member is never both transferred out and current."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from qizhi.core.testing import race, winners_and_refusals
from qizhi.party import services
from qizhi.party.choices import MembershipStatus, TransferStatus
from qizhi.party.models import Membership, Transfer
from qizhi.party.testing import party_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL"),
]
N = 3


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_three_simultaneous_transfers_of_one_member_leave_one(personas):
    membership = party_of(personas.a)["membership"]
    second = party_of(personas.a)["second"]
    actor = personas.a.party_affairs
    targets = [{"to_outside": "外省某县司法局党支部"}, {"to_org": second}, {"to_org": second}]

    def attempt(i):
        return services.start_transfer(Membership.objects.get(pk=membership.pk), by=fresh(actor), **targets[i])

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    membership.refresh_from_db()
    transfers = Transfer.objects.filter(membership=membership)
    assert transfers.count() == 1
    if won[0].status == TransferStatus.COMPLETED:  # out of the deployment: ended here, nothing pending
        assert not membership.current
    else:  # waiting for the receiver: still current here
        assert membership.current and transfers.get().status == TransferStatus.PENDING
    assert Membership.objects.filter(person=membership.person, ended_on__isnull=True).count() <= 1


def test_three_simultaneous_confirmations_make_one_membership(personas):
    transfer = party_of(personas.a)["transfer"]
    receiver = personas.a.branch_secretary

    def attempt(i):
        return services.confirm_transfer(Transfer.objects.get(pk=transfer.pk), by=fresh(receiver))

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert "不能再接收" in refused[0].messages[0]
    current = Membership.objects.filter(person=transfer.person, ended_on__isnull=True)
    assert [m.branch_id for m in current] == [transfer.to_org_id]


def test_a_confirmation_and_a_withdrawal_at_once_one_of_them_happens(personas):
    transfer = party_of(personas.a)["transfer"]
    actor = personas.a.party_affairs

    def attempt(i):
        record = Transfer.objects.get(pk=transfer.pk)
        if i == 0:
            return services.confirm_transfer(record, by=fresh(actor))
        return services.cancel_transfer(record, by=fresh(actor))

    won, refused = winners_and_refusals(race(2, attempt))
    assert len(won) == 1 and len(refused) == 1
    transfer.refresh_from_db()
    current = Membership.objects.filter(person=transfer.person, ended_on__isnull=True).get()
    if transfer.status == TransferStatus.COMPLETED:
        assert current.branch_id == transfer.to_org_id
    else:
        assert transfer.status == TransferStatus.CANCELLED and current.pk == transfer.membership_id


def test_three_simultaneous_conversions_convert_once(personas):
    actor = personas.a.party_affairs
    branch = party_of(personas.a)["branch"]
    membership = services.join(personas.a.people[1], branch=branch, joined_on=datetime.date(2025, 1, 10), by=actor)
    assert membership.status == MembershipStatus.PROBATIONARY

    def attempt(i):
        return services.convert_to_full(
            Membership.objects.get(pk=membership.pk), on=datetime.date(2026, 1, 10), by=fresh(actor)
        )

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert "已是正式党员" in refused[0].messages[0]
    assert membership.history.filter(status=MembershipStatus.FULL).count() == 1
