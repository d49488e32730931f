"""CRUD and scoping of dues records, declared against the shared base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.dues.testing import dues_of
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


class TestDuesBaseCrud(ScopedCrudTests):
    url_base = "dues:duesbase"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return dues_of(bureau)["base"]

    def create_data(self, bureau):
        return {
            "membership": party_of(bureau)["membership"].pk,
            "kind": "serving",
            "start_month": "2026-07",
            "base": "5200.00",
            "extra": "0",
        }

    def edit_data(self, obj):
        return {
            "kind": obj.kind,
            "start_month": obj.start_month.strftime("%Y-%m"),
            "base": "3100.00",
            "extra": "2.00",
            "version": obj.version,
        }


class TestDuesPaymentCrud(ScopedCrudTests):
    url_base = "dues:duespayment"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER
    editable = False  # a payment is a fact: undone (deleted, kept in history), never edited

    def sample(self, bureau):
        return dues_of(bureau)["payment"]

    def create_data(self, bureau):
        dues_of(bureau)
        return {"membership": party_of(bureau)["membership"].pk, "months": ["2026-02"], "paid_on": "2026-02-10"}

    def edit_data(self, obj):
        return {}


class TestDuesReliefCrud(ScopedCrudTests):
    url_base = "dues:duesrelief"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER
    editable = False  # a relief is approved once; a wrong one is deleted (history kept) and approved again

    def sample(self, bureau):
        return dues_of(bureau)["relief"]

    def create_data(self, bureau):
        dues_of(bureau)
        return {
            "membership": party_of(bureau)["membership"].pk,
            "kind": "reduced",
            "amount": "5.00",
            "start_month": "2026-06",
            "end_month": "2026-08",
            "reason": "家庭困难",
        }

    def edit_data(self, obj):
        return {}
