"""CRUD and scoping of party organizations and memberships, declared against the shared base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.party.models import PartyOrg
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


class TestPartyOrgCrud(ScopedCrudTests):
    url_base = "party:partyorg"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return party_of(bureau)["branch"]

    def deletable_sample(self, bureau):
        party_of(bureau)
        return PartyOrg.objects.add_root(create_kwargs={"name": "临时支部", "kind": "branch", "unit": bureau.unit})

    def create_data(self, bureau):
        return {"name": "新党小组", "kind": "group", "unit": bureau.unit.pk, "parent": party_of(bureau)["branch"].pk}

    def edit_data(self, obj):
        return {"name": obj.name + "（更名）", "kind": obj.kind, "unit": obj.unit_id, "version": obj.version}


class TestMembershipCrud(ScopedCrudTests):
    url_base = "party:membership"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER
    deletable = False  # a membership ends (transfer, death); it is never deleted

    def sample(self, bureau):
        return party_of(bureau)["membership"]

    def create_data(self, bureau):
        party = party_of(bureau)
        return {
            "person": bureau.people[1].pk,
            "branch": party["branch"].pk,
            "status": "probationary",
            "joined_on": "2025-07-01",
        }

    def edit_data(self, obj):
        return {
            "group": "",
            "joined_on": obj.joined_on.isoformat(),
            "full_on": obj.full_on.isoformat(),
            "version": obj.version,
        }
