"""Who may act is the service's decision: each party service, called directly by someone who may not
act on the record, refuses and changes nothing."""

from __future__ import annotations

import datetime

import pytest

from qizhi.core.refusals import Refused
from qizhi.party import services
from qizhi.party.choices import MembershipStatus, TransferStatus
from qizhi.party.models import Membership
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


def test_it_refuses_a_conversion_by_someone_outside_the_bureau(personas):
    membership = services.join(
        personas.a.people[1], branch=party_of(personas.a)["branch"], joined_on=datetime.date(2025, 1, 10),
        by=personas.a.party_affairs,
    )  # fmt: skip
    with pytest.raises(Refused):
        services.convert_to_full(membership, on=datetime.date(2026, 1, 10), by=personas.b.party_affairs)
    with pytest.raises(Refused):  # a leader reads party records but does not keep them
        services.convert_to_full(membership, on=datetime.date(2026, 1, 10), by=personas.a.leader)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PROBATIONARY


def test_it_refuses_a_transfer_started_by_a_statistician(personas):
    membership = party_of(personas.a)["membership"]
    with pytest.raises(Refused):
        services.start_transfer(membership, to_outside="外地党支部", by=personas.a.statistician)
    assert Membership.objects.get(pk=membership.pk).current


def test_it_lets_only_the_receiver_confirm_or_return_and_only_the_sender_withdraw(personas):
    transfer = party_of(personas.a)["transfer"]
    for outsider in (personas.b.party_affairs, personas.a.staff):
        with pytest.raises(Refused):
            services.confirm_transfer(transfer, by=outsider)
        with pytest.raises(Refused):
            services.cancel_transfer(transfer, by=outsider)
        with pytest.raises(Refused):
            services.cancel_transfer(transfer, by=outsider, rejected=True)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING
