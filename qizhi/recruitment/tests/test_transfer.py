"""A 预备党员's application follows the member's confirmed transfer (issue #14): the receiving branch
keeps the file and records its next steps; the move is in the transfer's transaction, with history."""

from __future__ import annotations

import pytest

from qizhi.core.refusals import Refused
from qizhi.party import services as party
from qizhi.party.choices import MembershipStatus
from qizhi.party.testing import party_of
from qizhi.recruitment import services
from qizhi.recruitment.choices import Stage, Step
from qizhi.recruitment.tests.helpers import D, applicant, walk

pytestmark = pytest.mark.django_db


def probationary_moving_to_b(personas):
    a = walk(personas.a, applicant(personas.a))
    transfer = party.start_transfer(a.membership, to_org=party_of(personas.b)["branch"], by=personas.a.party_affairs)
    return a, transfer


def test_the_application_follows_the_confirmed_transfer(personas):
    a, transfer = probationary_moving_to_b(personas)
    old = a.membership
    rows = a.history.count()
    new = party.confirm_transfer(transfer, by=personas.b.branch_secretary)
    a.refresh_from_db()
    assert (a.branch, a.membership) == (party_of(personas.b)["branch"], new)
    newest = a.history.first()
    assert a.history.count() == rows + 1
    assert newest.branch_id == new.branch_id and newest.history_user == personas.b.branch_secretary
    assert "转入" in newest.history_change_reason and old.branch.name in newest.history_change_reason
    # the new branch converts at the end of the probation; the old one no longer may
    with pytest.raises(Refused):
        services.record(a, Step.CONVERSION, on=D(2026, 6, 10), by=personas.a.party_affairs)
    services.record(a, Step.CONVERSION, on=D(2026, 6, 10), by=personas.b.party_affairs)
    a.refresh_from_db()
    new.refresh_from_db()
    assert (a.stage, new.status, new.full_on) == (Stage.FULL, MembershipStatus.FULL, D(2026, 6, 10))


def test_cancelling_after_the_transfer_ends_the_running_membership(personas):
    a, transfer = probationary_moving_to_b(personas)
    new = party.confirm_transfer(transfer, by=personas.b.branch_secretary)
    a.refresh_from_db()
    services.record(a, Step.STOP, on=D(2026, 3, 1), by=personas.b.party_affairs, reason="不履行党员义务")
    new.refresh_from_db()
    assert new.ended_on == D(2026, 3, 1) and party.current_membership(a.person) is None


def test_a_pending_or_returned_transfer_leaves_the_application_where_it_is(personas):
    a, transfer = probationary_moving_to_b(personas)
    branch, rows = a.branch, a.history.count()
    party.cancel_transfer(transfer, by=personas.b.branch_secretary, rejected=True, note="材料不全")
    a.refresh_from_db()
    assert (a.branch, a.history.count()) == (branch, rows)


def test_a_failing_follower_rolls_the_transfer_back(personas, monkeypatch):
    a, transfer = probationary_moving_to_b(personas)

    def broken(*args, **kwargs):
        raise RuntimeError("follower failed")

    monkeypatch.setattr(services.Applicant, "save", broken)
    with pytest.raises(RuntimeError):
        party.confirm_transfer(transfer, by=personas.b.branch_secretary)
    transfer.refresh_from_db()
    assert transfer.status == "pending" and party.current_membership(a.person).branch == a.branch
