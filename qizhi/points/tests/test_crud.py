"""CRUD and scoping of manual point entries, declared against the shared base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.party.testing import party_of
from qizhi.points.testing import points_of

pytestmark = pytest.mark.django_db


class TestPointEntryCrud(ScopedCrudTests):
    url_base = "points:pointentry"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER
    editable = False  # an entry is approved or rejected as submitted; a wrong one is deleted and entered again

    def sample(self, bureau):
        return points_of(bureau)["entry"]

    def create_data(self, bureau):
        entry = points_of(bureau)["entry"]
        return {
            "membership": party_of(bureau)["membership"].pk,
            "rule": entry.rule_id,
            "date": "2026-05-04",
            "count": 1,
            "description": "青年志愿服务",
        }

    def edit_data(self, obj):
        return {}
