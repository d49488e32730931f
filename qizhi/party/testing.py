"""Party data in the test personas' bureaus, built on demand, and the scoping samples of party models."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from qizhi.core.testing import sample
from qizhi.org.testing import Bureau, make_person
from qizhi.party import services
from qizhi.party.choices import MembershipStatus, OfficerRole, PartyOrgKind
from qizhi.party.models import Candidate, Election, Membership, Officer, PartyOrg, Term, Transfer

JOINED = datetime.date(2010, 7, 1)


def party_of(bureau: Bureau) -> dict:
    """A branch with a group, a second branch, one member, a term with its secretary and a pending transfer."""
    if "party" in bureau.__dict__:
        return bureau.__dict__["party"]
    actor = get_user_model().objects.get(username=bureau.party_affairs.username)
    prefix = bureau.unit.name[:2]
    branch = services.create_party_org(
        parent=None, by=actor, name=f"{prefix}机关党支部", kind=PartyOrgKind.BRANCH, unit=bureau.unit
    )
    group = services.create_party_org(
        parent=branch, by=actor, name=f"{prefix}第一党小组", kind=PartyOrgKind.GROUP, unit=bureau.unit
    )
    second = services.create_party_org(
        parent=None, by=actor, name=f"{prefix}司法所党支部", kind=PartyOrgKind.BRANCH, unit=bureau.judicial_office
    )
    member = services.join(
        bureau.people[0],
        branch=branch,
        group=group,
        status=MembershipStatus.FULL,
        joined_on=JOINED,
        full_on=JOINED.replace(year=2011),
        by=actor,
    )
    mover = services.join(
        bureau.people[2],
        branch=branch,
        status=MembershipStatus.FULL,
        joined_on=JOINED,
        full_on=JOINED.replace(year=2011),
        by=actor,
    )
    term = Term.objects.create(
        party_org=branch, number=3, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2029, 1, 1)
    )
    officer = services.appoint(term, bureau.people[0], OfficerRole.SECRETARY, by=actor)
    transfer = services.start_transfer(mover, to_org=second, by=actor)
    bureau.__dict__["party"] = {
        "branch": branch,
        "group": group,
        "second": second,
        "membership": member,
        "term": term,
        "officer": officer,
        "transfer": transfer,
    }
    return bureau.__dict__["party"]


@sample(PartyOrg)
def _party_org_sample(bureau: Bureau):
    return party_of(bureau)["branch"]


@sample(Membership)
def _membership_sample(bureau: Bureau):
    return party_of(bureau)["membership"]


@sample(Term)
def _term_sample(bureau: Bureau):
    return party_of(bureau)["term"]


@sample(Officer)
def _officer_sample(bureau: Bureau):
    return party_of(bureau)["officer"]


@sample(Transfer)
def _transfer_sample(bureau: Bureau):
    return party_of(bureau)["transfer"]


def election_of(bureau: Bureau) -> dict:
    """The branch's 换届选举 on 2026-11-20, counted, not yet approved: 10 voters, 9 present (more than 4/5),
    3 seats, three candidates with 9, 8 and 6 votes (each more than half of 9: all three elected)."""
    if "election" in bureau.__dict__:
        return bureau.__dict__["election"]
    from qizhi.party import elections

    party = party_of(bureau)
    actor = get_user_model().objects.get(username=bureau.party_affairs.username)
    # Candidates are the branch's full members: a person of its own, so that the bureau's second person stays
    # the non-member other samples take them for (recruitment's applicant).
    second = make_person(bureau.office, f"{bureau.unit.name[:2]}候选人")
    services.join(second, branch=party["branch"], status=MembershipStatus.FULL, joined_on=JOINED,
                  full_on=JOINED.replace(year=2011), by=actor)  # fmt: skip
    election = Election(party_org=party["branch"], held_on=datetime.date(2026, 11, 20), seats=3)
    election.stamp(actor)
    election.save()
    votes = [(bureau.people[0], 9, OfficerRole.SECRETARY), (second, 8, OfficerRole.COMMITTEE_MEMBER),
             (bureau.people[2], 6, OfficerRole.COMMITTEE_MEMBER)]  # fmt: skip
    candidates = [elections.add_candidate(election, person=p, role=r, by=actor) for p, _v, r in votes]
    # what the secret ballot's seal hands over (appraisals' tests cast and seal it for real)
    elections.start_voting(election, by=actor)
    elections.record_tally(election, votes={p.pk: v for p, v, _r in votes}, voters=10, present=9, by=actor)
    for candidate in candidates:
        candidate.refresh_from_db()
    election.refresh_from_db()
    bureau.__dict__["election"] = {"election": election, "candidates": candidates}
    return bureau.__dict__["election"]


@sample(Election)
def _election_sample(bureau: Bureau):
    return election_of(bureau)["election"]


@sample(Candidate)
def _candidate_sample(bureau: Bureau):
    return election_of(bureau)["candidates"][0]
