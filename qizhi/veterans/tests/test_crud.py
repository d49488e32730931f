"""CRUD and scoping of 老干部工作 records, declared against the shared base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.veterans.testing import veterans_of

pytestmark = pytest.mark.django_db


class TestCareVisitCrud(ScopedCrudTests):
    url_base = "veterans:carevisit"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return veterans_of(bureau)["visit"]

    def create_data(self, bureau):
        old = veterans_of(bureau)["old"]
        return {"unit": bureau.unit.pk, "kind": "visit", "date": "2026-07-01", "occasion": "party_day",
                "title": "七一走访老党员", "veterans": [old[0].pk, old[1].pk], "visitors": "支部书记", "gifts": "",
                "amount": "0", "note": ""}  # fmt: skip

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "kind": obj.kind, "date": "2026-10-29", "occasion": obj.occasion,
                "title": "重阳节慰问（补记）", "veterans": [p.pk for p in obj.veterans.all()], "visitors": obj.visitors,
                "gifts": obj.gifts, "amount": "300.00", "note": "", "version": obj.version}  # fmt: skip


class TestHardshipAidCrud(ScopedCrudTests):
    url_base = "veterans:hardshipaid"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return veterans_of(bureau)["aid"]

    def create_data(self, bureau):
        old = veterans_of(bureau)["old"]
        return {"unit": bureau.unit.pk, "person": old[1].pk, "reported_on": "2026-11-20", "need": "房屋漏雨需维修",
                "requested": "1500.00"}  # fmt: skip

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "person": obj.person_id, "reported_on": "2026-11-03", "need": obj.need,
                "requested": "1800.00", "version": obj.version}  # fmt: skip
