"""CRUD and scoping of 发展党员 records, declared against the shared base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.org.testing import make_person
from qizhi.party.testing import party_of
from qizhi.recruitment.testing import recruitment_of

pytestmark = pytest.mark.django_db


class TestApplicantCrud(ScopedCrudTests):
    url_base = "recruitment:applicant"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return recruitment_of(bureau)["applicant"]

    def create_data(self, bureau):
        person = make_person(bureau.unit, name="新申请人", political_status="masses")
        return {"person": person.pk, "branch": party_of(bureau)["branch"].pk, "applied_on": "2026-11-20", "note": ""}

    def edit_data(self, obj):
        return {"note": "已递交思想汇报", "version": obj.version}
