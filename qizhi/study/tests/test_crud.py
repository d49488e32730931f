"""CRUD and scoping of study plans, records, reflections and work logs, declared against the shared base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.party.testing import party_of
from qizhi.study.testing import study_of

pytestmark = pytest.mark.django_db


class TestStudyPlanCrud(ScopedCrudTests):
    url_base = "study:studyplan"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return study_of(bureau)["plan"]

    def deletable_sample(self, bureau):
        from qizhi.study.models import StudyPlan

        study_of(bureau)
        return StudyPlan.objects.create(
            title="临时计划", unit=bureau.unit, start_date="2025-01-01", end_date="2025-02-01"
        )

    def create_data(self, bureau):
        return {
            "title": "党章学习计划", "party_org": party_of(bureau)["branch"].pk, "unit": bureau.unit.pk,
            "start_date": "2025-05-01", "end_date": "2025-06-30",
        }  # fmt: skip

    def edit_data(self, obj):
        return {
            "title": obj.title + "（修订）", "party_org": obj.party_org_id, "unit": obj.unit_id,
            "start_date": obj.start_date.isoformat(), "end_date": obj.end_date.isoformat(), "version": obj.version,
        }  # fmt: skip


class TestStudyRecordCrud(ScopedCrudTests):
    url_base = "study:studyrecord"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return study_of(bureau)["record"]

    def create_data(self, bureau):
        material = study_of(bureau)["materials"][1]
        return {"person": bureau.people[0].pk, "material": material.pk, "date": "2025-04-02", "minutes": 45}

    def edit_data(self, obj):
        return {
            "person": obj.person_id, "material": obj.material_id, "date": obj.date.isoformat(), "minutes": 60,
            "notes": "补记", "version": obj.version,
        }  # fmt: skip


class TestReflectionCrud(ScopedCrudTests):
    url_base = "study:reflection"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return study_of(bureau)["reflection"]

    def create_data(self, bureau):
        return {"person": bureau.people[0].pk, "title": "再学习的体会", "content": "联系实际"}

    def edit_data(self, obj):
        return {"person": obj.person_id, "title": obj.title, "content": obj.content + "。", "version": obj.version}


class TestWorkLogCrud(ScopedCrudTests):
    url_base = "study:worklog"
    editor = Role.BRANCH_SECRETARY
    viewer = Role.LEADER

    def sample(self, bureau):
        return study_of(bureau)["log"]

    def create_data(self, bureau):
        return {"person": bureau.people[1].pk, "date": "2025-04-02", "content": "接待来访群众三人"}

    def edit_data(self, obj):
        return {"person": obj.person_id, "date": obj.date.isoformat(), "content": "补充", "version": obj.version}
