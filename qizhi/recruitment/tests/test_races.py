"""Simultaneous step transitions on one applicant (PostgreSQL, threads): one wins, the others are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from qizhi.core.testing import race, winners_and_refusals
from qizhi.party.models import Membership
from qizhi.recruitment import services
from qizhi.recruitment.choices import Stage, Step
from qizhi.recruitment.models import Applicant
from qizhi.recruitment.tests.helpers import D, applicant, walk

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL"),
]
N = 3


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_three_simultaneous_approvals_make_one_membership(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.APPROVAL)
    actor = personas.a.party_affairs

    def attempt(i):
        return services.record(Applicant.objects.get(pk=a.pk), Step.APPROVAL, on=D(2025, 7, 1), by=fresh(actor))

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert "只能在“发展对象”阶段办理" in refused[0].messages[0]
    assert Membership.objects.filter(person=a.person).count() == 1
    assert Applicant.objects.get(pk=a.pk).stage == Stage.PROBATIONARY


def test_a_conversion_racing_a_cancellation_leaves_one_outcome(personas):
    a = walk(personas.a, applicant(personas.a))
    actor = personas.a.party_affairs
    moves = [(Step.CONVERSION, {}), (Step.STOP, {"reason": "不具备党员条件"}), (Step.CONVERSION, {})]

    def attempt(i):
        step, data = moves[i]
        return services.record(Applicant.objects.get(pk=a.pk), step, on=D(2026, 6, 10), by=fresh(actor), **data)

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    stored = Applicant.objects.get(pk=a.pk)
    membership = Membership.objects.get(person=a.person)
    if stored.stage == Stage.FULL:
        assert membership.status == "full" and membership.ended_on is None
    else:
        assert stored.stage == Stage.STOPPED and membership.ended_on == D(2026, 6, 10)


def test_a_conversion_on_the_members_page_racing_the_step_converts_once(personas):
    from qizhi.party import services as party

    a = walk(personas.a, applicant(personas.a))
    actor = personas.a.party_affairs

    def attempt(i):
        if i % 2:
            return services.record(Applicant.objects.get(pk=a.pk), Step.CONVERSION, on=D(2026, 6, 10), by=fresh(actor))
        return party.convert_to_full(Membership.objects.get(pk=a.membership_id), on=D(2026, 6, 10), by=fresh(actor))

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert Applicant.objects.get(pk=a.pk).stage == Stage.FULL
    assert Membership.objects.get(pk=a.membership_id).history.filter(status="full").count() == 1
