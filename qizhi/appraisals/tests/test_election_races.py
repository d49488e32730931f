"""Simultaneous starts of one election's secret ballot (PostgreSQL, threads): one round is made, the
others are refused, and the election is voting once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from qizhi.appraisals import services
from qizhi.appraisals.models import Round
from qizhi.appraisals.testing import window
from qizhi.core.testing import race, winners_and_refusals
from qizhi.party import elections
from qizhi.party.choices import ElectionStatus, OfficerRole
from qizhi.party.models import Election
from qizhi.party.testing import party_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.dated,  # the voting window is around today
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL"),
]
N = 3


def test_three_simultaneous_starts_make_one_ballot(personas):
    party = party_of(personas.a)
    actor = personas.a.branch_secretary
    election = Election.objects.create(party_org=party["branch"], held_on=window()[0].date(), seats=1)
    elections.add_candidate(election, person=party["membership"].person, role=OfficerRole.SECRETARY, by=actor)
    opens, closes = window()

    def attempt(_i):
        user = get_user_model().objects.get(pk=actor.pk)
        return services.create_election_round(
            Election.objects.get(pk=election.pk), opens_at=opens, closes_at=closes, by=user
        )

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert Round.objects.filter(election=election).count() == 1
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.VOTING
