"""The demo bureau's member life: applicants at every stage with their clocks kept, an election waiting for
approval, and the year's 老干部工作."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qizhi.appraisals.choices import RoundState
from qizhi.appraisals.models import Ballot, RollEntry
from qizhi.org.models import Unit
from qizhi.party import elections
from qizhi.party.choices import ElectionStatus
from qizhi.party.models import Election
from qizhi.recruitment import services
from qizhi.recruitment.models import Applicant
from qizhi.veterans import services as veterans

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def test_the_demo_bureaus_member_life(demo):
    today = timezone.localdate()
    stages = sorted(Applicant.objects.values_list("stage", flat=True))
    assert stages == sorted(["applicant", "activist", "activist", "candidate", "probationary"])
    for applicant in Applicant.objects.all():
        assert services.flags(applicant, today) == [], applicant  # every clock kept
    election = Election.objects.get()
    assert elections.quorate(election) and len(elections.elected(election)) == election.seats
    # counted from its sealed secret ballot: one ballot per full member who came, 应到 = the roll
    ballot = election.ballot_round
    assert (election.status, ballot.state) == (ElectionStatus.COUNTED, RoundState.SEALED)
    assert (
        election.voters
        == RollEntry.objects.filter(electorate__round=ballot).count()
        == len(elections.eligible(election.party_org))
    )
    assert election.present == Ballot.objects.filter(electorate__round=ballot, filled=True).count()
    votes = sorted((c.votes for c in election.candidates.all()), reverse=True)
    assert sum(votes) == sum(
        list(r.values()).count("for") for b in Ballot.objects.filter(electorate__round=ballot) for r in b.marks.values()
    )
    bureau = Unit.objects.get(name="云溪县司法局")
    figures = veterans.year_figures(bureau, today.year)
    assert figures.retired == 24 and figures.forums == 3 and figures.activities == 1 and figures.aided == 2
    assert figures.aid_amount == 5000
