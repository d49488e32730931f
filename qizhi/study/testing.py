"""Study data in the test personas' bureaus, built on demand, and the scoping samples of study models."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from qizhi.core.testing import sample
from qizhi.org.testing import Bureau
from qizhi.party.testing import party_of
from qizhi.study import services
from qizhi.study.models import Material, Reflection, StudyPlan, StudyRecord, WorkLog

DAY = datetime.date(2025, 4, 1)


def study_of(bureau: Bureau) -> dict:
    """A plan of the bureau's branch with two materials, a record, a reflection and a work log."""
    if "study" in bureau.__dict__:
        return bureau.__dict__["study"]
    party = party_of(bureau)
    actor = get_user_model().objects.get(username=bureau.branch_secretary.username)
    prefix = bureau.unit.name[:2]
    plan = StudyPlan(
        title=f"{prefix}学习实践科学发展观学习计划", party_org=party["branch"], unit=bureau.unit,
        start_date=datetime.date(2025, 3, 16), end_date=datetime.date(2025, 4, 30),
    )  # fmt: skip
    plan.stamp(actor)
    plan.save()
    materials = []
    for number, (title, required) in enumerate(((f"{prefix}党的十七大报告", True), (f"{prefix}参考读物", False)), 1):
        material = Material(plan=plan, number=number, title=title, required=required)
        material.stamp(actor)
        material.save()
        materials.append(material)
    record = services.save_record(
        StudyRecord(person=bureau.people[0], material=materials[0], date=DAY, minutes=90, notes="精读"), by=actor
    )
    reflection = services.save_reflection(
        Reflection(person=bureau.people[0], plan=plan, title=f"{prefix}学习心得", content="深刻领会科学发展观"),
        by=actor,
    )
    log = services.save_worklog(WorkLog(person=bureau.people[1], date=DAY, content=f"{prefix}调解纠纷两件"), by=actor)
    bureau.__dict__["study"] = {
        "plan": plan, "materials": materials, "record": record, "reflection": reflection, "log": log,
    }  # fmt: skip
    return bureau.__dict__["study"]


@sample(StudyPlan)
def _plan_sample(bureau: Bureau):
    return study_of(bureau)["plan"]


@sample(Material)
def _material_sample(bureau: Bureau):
    return study_of(bureau)["materials"][0]


@sample(StudyRecord)
def _record_sample(bureau: Bureau):
    return study_of(bureau)["record"]


@sample(Reflection)
def _reflection_sample(bureau: Bureau):
    return study_of(bureau)["reflection"]


@sample(WorkLog)
def _log_sample(bureau: Bureau):
    return study_of(bureau)["log"]
