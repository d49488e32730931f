"""Who may set up a party organization, record a member or appoint an officer is the services'
decision, so the pages, the API, the roster import and the demo share it."""

from __future__ import annotations

import datetime

import pytest

from qizhi.core.refusals import Refused
from qizhi.org.testing import make_person
from qizhi.party import services
from qizhi.party.choices import MembershipStatus, OfficerRole, PartyOrgKind
from qizhi.party.models import Membership, Officer, PartyOrg
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db
JOINED = datetime.date(2015, 7, 1)


def test_it_refuses_a_party_organization_to_whom_may_not_add_one_there(personas):
    a = personas.a
    branch = party_of(a)["branch"]
    before = PartyOrg.objects.count()
    for stranger in (a.unit_head, a.statistician, personas.b.party_affairs):
        with pytest.raises(Refused):
            services.create_party_org(parent=None, by=stranger, name="新支部", kind=PartyOrgKind.BRANCH, unit=a.unit)
        with pytest.raises(Refused):
            services.create_party_org(parent=branch, by=stranger, name="新小组", kind=PartyOrgKind.GROUP, unit=a.unit)
    assert PartyOrg.objects.count() == before
    services.create_party_org(parent=branch, by=a.branch_secretary, name="新小组", kind=PartyOrgKind.GROUP, unit=a.unit)
    assert PartyOrg.objects.count() == before + 1


def test_it_refuses_recording_a_member_to_whom_may_not_add_in_the_branch(personas):
    a = personas.a
    branch = party_of(a)["branch"]
    person = make_person(a.unit, "新党员")
    for stranger in (a.unit_head, a.leader, personas.b.party_affairs):
        with pytest.raises(Refused):
            services.join(person, branch=branch, joined_on=JOINED, by=stranger)
    assert not Membership.objects.filter(person=person).exists()
    services.join(person, branch=branch, joined_on=JOINED, status=MembershipStatus.PROBATIONARY, by=a.party_affairs)
    assert Membership.objects.get(person=person).branch == branch


def test_it_refuses_an_appointment_to_whom_may_not_change_the_term(personas):
    a = personas.a
    term = party_of(a)["term"]
    before = Officer.objects.filter(term=term).count()
    for stranger in (a.unit_head, personas.b.party_affairs):
        with pytest.raises(Refused):
            services.appoint(term, a.people[1], OfficerRole.COMMITTEE_MEMBER, by=stranger)
    assert Officer.objects.filter(term=term).count() == before
    services.appoint(term, a.people[1], OfficerRole.COMMITTEE_MEMBER, by=a.branch_secretary)
    assert Officer.objects.filter(term=term).count() == before + 1
