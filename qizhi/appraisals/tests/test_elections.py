"""换届选举 through the secret ballot (issue #14 §4): the candidates are the round's subjects, the
branch's full members its one electorate (one ballot each, 预备党员 have no vote), each ballot says
赞成/反对/弃权 of every candidate and no more 赞成 than seats; nothing is counted before the seal, and the
seal hands the counts to the election, whose approval makes the new committee and closes the old term."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qizhi.appraisals import services
from qizhi.appraisals.choices import ElectorateKind, Vote
from qizhi.appraisals.models import Ballot, RollEntry, Round
from qizhi.appraisals.testing import window
from qizhi.core.pytest_plugin import TEST_TODAY as TODAY
from qizhi.org.testing import make_person, make_user
from qizhi.party import elections
from qizhi.party import services as party
from qizhi.party.choices import ElectionStatus, MembershipStatus, OfficerRole, PartyOrgKind
from qizhi.party.elections import add_years
from qizhi.party.models import Election, Term

pytestmark = [pytest.mark.django_db, pytest.mark.dated]  # the ballot's window and the approval are around today
D = datetime.date
DAY = datetime.timedelta(days=1)
HELD = TODAY - 2 * DAY  # the assembly; approved the next day
F, A, N = Vote.FOR, Vote.AGAINST, Vote.ABSTAIN


def branch_with_electors(bureau, full: int = 7):
    """A branch of the bureau with ``full`` full members and one probationary member, each with a login;
    its running term (第1届, three years to the assembly, ending within the month) is the one replaced."""
    by = bureau.party_affairs
    org = party.create_party_org(parent=None, by=by, name="选举测试支部", kind=PartyOrgKind.BRANCH, unit=bureau.unit)
    people = []
    for index in range(full + 1):
        person = make_person(bureau.unit, f"选民{index}", user=make_user(f"{bureau.unit.pk}_elector_{index}"))
        status = MembershipStatus.FULL if index < full else MembershipStatus.PROBATIONARY
        party.join(person, branch=org, status=status, joined_on=D(2015, 7, 1),
                   full_on=D(2016, 7, 1) if index < full else None, by=by)  # fmt: skip
        people.append(person)
    Term.objects.create(party_org=org, number=1, start_date=add_years(HELD, -3), end_date=TODAY + 28 * DAY)
    return org, people[:full], people[full]


def election_with_ballot(bureau):
    org, electors, probationary = branch_with_electors(bureau)
    by = bureau.branch_secretary
    election = Election(party_org=org, held_on=HELD, seats=3)
    election.stamp(by)
    election.save()
    roles = [OfficerRole.SECRETARY, OfficerRole.COMMITTEE_MEMBER, OfficerRole.COMMITTEE_MEMBER,
             OfficerRole.COMMITTEE_MEMBER]  # fmt: skip
    for person, role in zip(electors[:4], roles, strict=True):  # four candidates for three seats (差额)
        elections.add_candidate(election, person=person, role=role, by=by)
    opens, closes = window()
    round_ = services.create_election_round(election, opens_at=opens, closes_at=closes, by=by)
    return election, round_, electors, probationary


def ballot(candidates, *votes):
    return {str(c.pk): {"选举": v} for c, v in zip(candidates, votes, strict=False) if v is not None}


def test_the_secret_ballot_counts_into_the_election_and_approval_makes_the_committee(personas):
    election, round_, electors, _p = election_with_ballot(personas.a)
    a, b, c, d = electors[:4]
    assert election.status == ElectionStatus.VOTING
    assert round_.is_election and [e.kind for e in round_.electorates.all()] == [ElectorateKind.ELECTORS]
    services.open_round(round_, by=personas.a.branch_secretary)
    assert sorted(RollEntry.objects.filter(electorate__round=round_).values_list("person", flat=True)) == sorted(
        p.pk for p in electors
    )  # the seven full members, one ballot each; the probationary member has no vote
    cast = [
        ballot((a, b, c, d), F, F, F, A),
        ballot((a, b, c, d), F, F, A, F),
        ballot((a, c, d), F, F, N),  # b unmarked: abstains
        ballot((a, b, c), F, F, F),
        ballot((a, b, c), A, F, F),
        ballot((a, d), F, F),
    ]  # the seventh elector does not vote
    for voter, marks in zip(electors, cast, strict=False):
        services.cast(round_, by=voter.user, marks=marks)
    with pytest.raises(ValidationError):  # nothing is counted before the seal
        services.results(round_, by=personas.a.branch_secretary)
    with pytest.raises(ValidationError):  # nor approved
        elections.approve(election, on=HELD + DAY, by=personas.a.party_affairs)
    services.close_round(round_, by=personas.a.branch_secretary)
    services.seal(round_, by=personas.a.branch_secretary)
    election.refresh_from_db()
    # by hand: 赞成 a 5, b 4, c 4, d 2; 应到 7, 实到 6 (> 4/5 of 7); a majority is more than 3
    assert (election.status, election.voters, election.present) == (ElectionStatus.COUNTED, 7, 6)
    assert {c.person_id: c.votes for c in election.candidates.all()} == {a.pk: 5, b.pk: 4, c.pk: 4, d.pk: 2}
    assert [c.person for c in elections.elected(election)] == [a, b, c]
    (result,) = services.results(round_, by=personas.a.branch_secretary)
    counts = {s.person.pk: s.counts["选举"] for s in result.subjects}
    assert counts[b.pk] == {F: 4, A: 0, N: 2} and counts[d.pk] == {F: 2, A: 1, N: 3}
    assert not result.withheld and result.ballots == 6
    term = elections.approve(election, on=HELD + DAY, reference="云司党〔2026〕20号", by=personas.a.party_affairs)
    assert (term.number, term.start_date, term.end_date) == (2, HELD + DAY, add_years(HELD + DAY, 3))
    assert sorted((o.person.name, o.role) for o in term.officers.all()) == sorted(
        [
            (a.name, OfficerRole.SECRETARY),
            (b.name, OfficerRole.COMMITTEE_MEMBER),
            (c.name, OfficerRole.COMMITTEE_MEMBER),
        ]
    )
    old = Term.objects.get(party_org=election.party_org, number=1)
    assert old.end_date == HELD  # closed the day before the new committee
    with pytest.raises(ValidationError):  # an election is not graded
        services.record_grade(round_, a, grade="excellent", by=personas.a.branch_secretary)


def test_a_ballot_is_one_per_elector_and_at_most_the_seats_in_favour(personas):
    _election, round_, electors, probationary = election_with_ballot(personas.a)
    a, b, c, d = electors[:4]
    services.open_round(round_, by=personas.a.branch_secretary)
    with pytest.raises(ValidationError) as caught:  # four 赞成 for three seats: void, refused, nothing cast
        services.cast(round_, by=a.user, marks=ballot((a, b, c, d), F, F, F, F))
    assert "不能多于应选名额（3名）" in caught.value.message_dict["marks"][0]
    assert not RollEntry.objects.filter(electorate__round=round_, voted=True).exists()
    assert not Ballot.objects.filter(electorate__round=round_, filled=True).exists()
    with pytest.raises(ValidationError):
        services.cast(round_, by=a.user, marks=ballot((a,), "excellent"))  # an appraisal's mark is no vote
    with pytest.raises(PermissionDenied):  # a probationary member has no vote
        services.cast(round_, by=probationary.user, marks=ballot((a,), F))
    services.cast(round_, by=a.user, marks=ballot((a,), F))  # a candidate may vote for themselves
    with pytest.raises(ValidationError):
        services.cast(round_, by=a.user, marks=ballot((b,), F))
    assert RollEntry.objects.filter(electorate__round=round_, voted=True).count() == 1


def test_the_election_page_leads_to_the_ballot_and_shows_the_count(client, personas):
    org, electors, _p = branch_with_electors(personas.a)
    by = personas.a.branch_secretary
    election = Election.objects.create(party_org=org, held_on=HELD, seats=1)
    elections.add_candidate(election, person=electors[0], role=OfficerRole.SECRETARY, by=by)
    client.force_login(by)
    page = client.get(election.get_absolute_url()).content.decode()
    start = reverse("appraisals:election_ballot", args=[election.pk])
    assert start in page and "封存后计票" in page
    assert client.get(start).status_code == 200
    opens, closes = window()
    response = client.post(start, {"opens_at": f"{opens:%Y-%m-%dT%H:%M}", "closes_at": f"{closes:%Y-%m-%dT%H:%M}"})
    round_ = Round.objects.get(election=election)
    assert response["Location"] == round_.get_absolute_url()
    assert client.get(start)["Location"] == round_.get_absolute_url()  # made once; the link now leads to it
    services.open_round(round_, by=by)
    client.force_login(electors[1].user)
    form = client.get(reverse("appraisals:ballot", args=[round_.pk])).content.decode()
    assert "赞成" in form and "反对" in form and "优秀" not in form
    client.post(reverse("appraisals:ballot", args=[round_.pk]), {"electorate": "electors", f"m-{electors[0].pk}-0": F})
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    client.force_login(by)
    page = client.get(election.get_absolute_url()).content.decode()
    assert "当选" in page and round_.get_absolute_url() in page
    assert election.candidates.get().votes == 1
    results = client.get(reverse("appraisals:results", args=[round_.pk])).content.decode()
    assert "计票结果" in results and "综合得分" not in results


def test_who_may_start_the_ballot(client, personas):
    org, electors, _p = branch_with_electors(personas.a)
    election = Election.objects.create(party_org=org, held_on=HELD, seats=1)
    elections.add_candidate(election, person=electors[0], role=OfficerRole.SECRETARY, by=personas.a.party_affairs)
    opens, closes = window()
    for outsider in (personas.a.leader, personas.b.branch_secretary):
        with pytest.raises(PermissionDenied):
            services.create_election_round(election, opens_at=opens, closes_at=closes, by=outsider)
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.DRAFT
    assert not Round.objects.filter(election=election).exists()
    client.force_login(personas.a.leader)  # reads the election, is offered no ballot to start
    assert (
        reverse("appraisals:election_ballot", args=[election.pk])
        not in client.get(election.get_absolute_url()).content.decode()
    )
    assert client.get(reverse("appraisals:election_ballot", args=[election.pk])).status_code == 403
    client.force_login(personas.b.branch_secretary)
    assert client.get(reverse("appraisals:election_ballot", args=[election.pk])).status_code == 404


def test_the_api_starts_the_ballot_and_a_voter_casts_through_it(personas):
    from rest_framework.test import APIClient

    org, electors, _p = branch_with_electors(personas.a)
    election = Election.objects.create(party_org=org, held_on=HELD, seats=1)
    elections.add_candidate(election, person=electors[0], role=OfficerRole.SECRETARY, by=personas.a.party_affairs)
    opens, closes = window()
    body = {"election": election.pk, "opens_at": opens.isoformat(), "closes_at": closes.isoformat()}
    api = APIClient()
    api.force_authenticate(personas.b.party_affairs)  # the sibling bureau: no such election
    assert api.post("/api/appraisals/rounds/for-election/", body, format="json").status_code == 404
    api.force_authenticate(personas.a.branch_secretary)
    answer = api.post("/api/appraisals/rounds/for-election/", body, format="json")
    assert answer.status_code == 201 and answer.json()["election"] == election.pk
    again = api.post("/api/appraisals/rounds/for-election/", body, format="json")
    assert again.status_code == 400 and "已经发起过投票" in again.json()["errors"]["status"][0]
    round_id = answer.json()["id"]
    assert api.post(f"/api/appraisals/rounds/{round_id}/open/").status_code == 200
    api.force_authenticate(electors[3].user)
    marks = {str(electors[0].pk): {"选举": "for"}}
    assert api.post(f"/api/appraisals/rounds/{round_id}/ballot/", {"marks": marks}, format="json").status_code == 201
    assert Round.objects.get(pk=round_id).electorates.get().roll.filter(voted=True).count() == 1
