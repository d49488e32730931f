"""换届选举: the quorum and majority rules, the higher organ's approval making the new term and closing
the old one, refusals that change nothing, the pages and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests, snapshot_of
from qizhi.party import elections, services
from qizhi.party.choices import ElectionStatus, OfficerRole
from qizhi.party.models import Election, Term
from qizhi.party.testing import election_of, party_of

pytestmark = pytest.mark.django_db
D = datetime.date


class TestElectionCrud(ScopedCrudTests):
    url_base = "party:election"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return election_of(bureau)["election"]

    def create_data(self, bureau):
        return {"party_org": party_of(bureau)["branch"].pk, "held_on": "2026-11-25", "seats": "5", "term_years": "3",
                "note": ""}  # fmt: skip

    def edit_data(self, obj):
        return {"party_org": obj.party_org_id, "held_on": "2026-11-21", "seats": obj.seats,
                "term_years": obj.term_years, "note": "补记", "version": obj.version}  # fmt: skip


def test_quorum_is_more_than_four_fifths_and_election_more_than_half():
    from qizhi.party.models import Candidate

    election = Election(voters=10, present=8, seats=3)
    assert not elections.quorate(election)  # 8 is exactly 4/5, not more
    election.present = 9
    assert elections.quorate(election)
    assert elections.has_majority(election, Candidate(votes=5)) and not elections.has_majority(
        election, Candidate(votes=4)
    )


def test_approval_makes_the_new_term_with_its_officers_and_closes_the_old_one(personas):
    data = election_of(personas.a)
    election, old = data["election"], party_of(personas.a)["term"]  # old: 第3届 2024-01-01 to 2029-01-01
    term = elections.approve(election, on=D(2026, 11, 28), reference="云司党〔2026〕12号", by=personas.a.party_affairs,
                             effective_on=D(2026, 12, 1))  # fmt: skip
    assert (term.number, term.start_date, term.end_date) == (4, D(2026, 12, 1), D(2029, 12, 1))
    assert sorted((o.person.name, o.role) for o in term.officers.all()) == sorted(
        (c.person.name, c.role) for c in data["candidates"]
    )
    old.refresh_from_db()
    assert old.end_date == D(2026, 11, 30)
    assert services.current_term(election.party_org, D(2026, 12, 3)) == term
    election.refresh_from_db()
    assert election.status == ElectionStatus.APPROVED and election.new_term == term
    with pytest.raises(ValidationError):
        elections.approve(election, on=D(2026, 11, 29), by=personas.a.party_affairs)
    assert Term.objects.filter(party_org=election.party_org).count() == 2


def test_a_replaced_term_is_no_longer_due_for_renewal(personas):
    election = election_of(personas.a)["election"]
    old = party_of(personas.a)["term"]
    old.end_date = D(2027, 1, 31)  # within three months of 2026-12-03
    old.save()
    orgs = [election.party_org]
    assert list(services.expiring_terms(orgs, D(2026, 12, 3))) == [old]
    elections.approve(election, on=D(2026, 11, 28), by=personas.a.party_affairs, effective_on=D(2026, 12, 1))
    assert list(services.expiring_terms(orgs, D(2026, 12, 3))) == []


def test_refusals_change_nothing(personas):
    data = election_of(personas.a)
    election = data["election"]
    before = snapshot_of(election)
    with pytest.raises(PermissionDenied):  # the branch does not approve its own election
        elections.approve(election, on=D(2026, 11, 28), by=personas.a.branch_secretary)
    with pytest.raises(PermissionDenied):
        elections.approve(election, on=D(2026, 11, 28), by=personas.b.party_affairs)
    election.present = 8
    election.save()
    with pytest.raises(ValidationError) as caught:
        elections.approve(election, on=D(2026, 11, 28), by=personas.a.party_affairs)
    assert "五分之四" in caught.value.message_dict["present"][0]
    election.present = 9
    election.save()
    data["candidates"][0].role = OfficerRole.COMMITTEE_MEMBER
    data["candidates"][0].save()
    with pytest.raises(ValidationError) as caught:
        elections.approve(election, on=D(2026, 11, 28), by=personas.a.party_affairs)
    assert "一名书记" in str(caught.value)
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.COUNTED
    assert snapshot_of(election)["held_on"] == before["held_on"]
    assert Term.objects.filter(party_org=election.party_org).count() == 1


def test_a_tie_at_the_last_seat_needs_another_ballot(personas):
    data = election_of(personas.a)
    election = data["election"]
    # the tally gave the third and a fourth candidate 6 each (both more than half of 9)
    from qizhi.org.testing import make_person
    from qizhi.party.models import Candidate

    fourth = Candidate.objects.create(election=election, person=make_person(personas.a.unit, name="丁"), votes=6)
    assert elections.has_majority(election, fourth)
    with pytest.raises(ValidationError) as caught:
        elections.approve(election, on=D(2026, 11, 28), by=personas.a.party_affairs)
    assert "再次投票" in str(caught.value)


def test_candidates_are_full_members_settled_before_the_ballot(personas):
    from qizhi.org.testing import make_person

    party = party_of(personas.a)
    election = Election.objects.create(party_org=party["branch"], held_on=D(2026, 11, 25), seats=2)
    outsider = make_person(personas.a.unit, name="非党员")
    with pytest.raises(ValidationError) as caught:
        elections.add_candidate(election, person=outsider, role=OfficerRole.SECRETARY, by=personas.a.party_affairs)
    assert "正式党员" in caught.value.message_dict["person"][0]
    elections.add_candidate(election, person=party["membership"].person, role=OfficerRole.SECRETARY,
                            by=personas.a.party_affairs)  # fmt: skip
    with pytest.raises(ValidationError) as caught:  # one candidate for two seats
        elections.start_voting(election, by=personas.a.party_affairs)
    assert "不能少于应选名额" in caught.value.message_dict["candidates"][0]
    with pytest.raises(ValidationError) as caught:  # nothing is approved before it is counted
        elections.approve(election, on=D(2026, 11, 28), by=personas.a.party_affairs)
    assert "尚未完成无记名投票" in caught.value.message_dict["status"][0]
    counted = election_of(personas.a)["election"]
    with pytest.raises(ValidationError) as caught:  # after the ballot the candidates are fixed
        elections.add_candidate(counted, person=outsider, role=OfficerRole.COMMITTEE_MEMBER,
                                by=personas.a.party_affairs)  # fmt: skip
    assert "投票已开始" in caught.value.message_dict["status"][0]
    with pytest.raises(ValidationError):  # and counted once
        elections.record_tally(counted, votes={}, voters=10, present=10, by=personas.a.party_affairs)
    assert Election.objects.get(pk=counted.pk).present == 9


def test_the_page_and_the_api(client, personas):
    election = election_of(personas.a)["election"]
    client.force_login(personas.a.party_affairs)
    page = client.get(election.get_absolute_url()).content.decode()
    assert "当选" in page and "登记批复" in page
    response = client.post(reverse("party:election_approve", args=[election.pk]), {"on": "2026-11-28"})
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.status == ElectionStatus.APPROVED
    api = APIClient()
    api.force_authenticate(personas.a.leader)
    data = api.get(f"/api/party/elections/{election.pk}/").json()
    assert data["status"] == "approved" and len(data["elected"]) == 3
    api.force_authenticate(personas.b.leader)
    assert api.get(f"/api/party/elections/{election.pk}/").status_code == 404


def test_elections_typed_before_the_ballot_are_counted_by_the_migration(personas):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("qizhi.party.migrations.0004_election_ballot")
    typed = election_of(personas.a)["election"]  # counts from an assembly's paper ballot
    Election.objects.filter(pk=typed.pk).update(status=ElectionStatus.DRAFT)
    empty = Election.objects.create(party_org=typed.party_org, held_on=D(2026, 11, 25), seats=3)
    migration.counted_on_paper(apps, None)
    assert Election.objects.get(pk=typed.pk).status == ElectionStatus.COUNTED
    assert Election.objects.get(pk=empty.pk).status == ElectionStatus.DRAFT  # no votes: still to be balloted
