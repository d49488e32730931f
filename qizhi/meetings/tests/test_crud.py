"""CRUD and scoping of meetings, declared against the shared base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.meetings.testing import meetings_of
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


class TestMeetingCrud(ScopedCrudTests):
    url_base = "meetings:meeting"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return meetings_of(bureau)["committee"]

    def deletable_sample(self, bureau):
        return meetings_of(bureau)["life"]

    def create_data(self, bureau):
        return {
            "kind": "branch_committee",
            "party_org": party_of(bureau)["branch"].pk,
            "date": "2025-04-08",
            "topic": "四月支委会",
        }

    def edit_data(self, obj):
        return {
            "kind": obj.kind,
            "party_org": obj.party_org_id,
            "date": obj.date.isoformat(),
            "topic": obj.topic + "（补记）",
            "minutes": "<p>研究发展党员</p>",
            "version": obj.version,
        }
