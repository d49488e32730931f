"""CRUD and scoping of cases and duty slots, declared against the shared base."""

import datetime

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.reception.testing import reception_of

pytestmark = pytest.mark.django_db


class TestCaseCrud(ScopedCrudTests):
    url_base = "reception:case"
    editor = Role.UNIT_HEAD
    viewer = Role.STATISTICIAN
    editable = False  # a case changes only through its actions (accept, 转办, close…)
    deletable = False  # a visit is a fact: never deleted

    def sample(self, bureau):
        return reception_of(bureau)["case"]

    def create_data(self, bureau):
        return {
            "unit": bureau.judicial_office.pk, "kind": "visit", "channel": "visit", "received_on": "2026-12-02",
            "citizen_name": "李某", "citizen_phone": "13900000000", "subject": "土地承包纠纷", "content": "请求调解",
        }  # fmt: skip

    def edit_data(self, obj):
        return {}


class TestDutySlotCrud(ScopedCrudTests):
    url_base = "reception:dutyslot"
    editor = Role.UNIT_HEAD
    viewer = Role.STATISTICIAN

    def sample(self, bureau):
        return reception_of(bureau)["slot"]

    def deletable_sample(self, bureau):
        """A week with no visits yet (a week with visits is kept: its cases name it)."""
        from qizhi.reception import services

        reception_of(bureau)
        return services.generate_roster(
            bureau.judicial_office, [bureau.people[1]], start=datetime.date(2027, 1, 4), weeks=1, by=bureau.unit_head
        )[0]

    def create_data(self, bureau):
        return {
            "unit": bureau.judicial_office.pk,
            "week": "2026-12-07",
            "leader": bureau.people[1].pk,
            "place": "所接待室",
        }

    def edit_data(self, obj):
        return {
            "unit": obj.unit_id, "week": obj.week.isoformat(), "leader": obj.leader_id, "place": "便民服务窗口",
            "version": obj.version,
        }  # fmt: skip
