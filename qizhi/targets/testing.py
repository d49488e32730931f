"""A year's plan in each test bureau, built on demand, and the scoping samples."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from qizhi.core.testing import sample
from qizhi.org.testing import Bureau
from qizhi.targets import services
from qizhi.targets.choices import Family, IndicatorKind
from qizhi.targets.models import (
    Commitment,
    Milestone,
    ModelPost,
    Plan,
    ProgressReport,
    ScoreAdjustment,
    Supervision,
    Target,
)


def plan_of(bureau: Bureau) -> dict:
    """This year's plan of the bureau: 人民调解 (60 points, 100 件) split into the office (20 points,
    40 件) and the judicial office (40 points, 60 件), which hands its piece on to its member 乙;
    三会一课 (40 points, two milestones). 乙 is linked to the bureau's staff login: ``bureau.staff``
    reports, the judicial office's head (``bureau.unit_head``) reviews."""
    if "plan" not in bureau.__dict__:
        year = timezone.localdate().year
        admin, prefix = bureau.admin, bureau.unit.name[:2]
        member = bureau.people[1]
        member.user = bureau.staff
        member.save()
        plan = Plan.objects.create(unit=bureau.unit, year=year, title=f"{prefix}{year}年目标责任书", created_by=admin)
        end = datetime.date(year, 12, 31)
        mediation = services.add_target(
            plan, by=admin, title=f"{prefix}人民调解", weight=Decimal(60), goal=Decimal(100), unit_of_measure="件",
            measure="调处矛盾纠纷", deadline=end, owner_unit=bureau.unit,
        )  # fmt: skip
        office = services.add_target(
            plan, parent=mediation, by=admin, title=f"{prefix}机关调解", weight=Decimal(20), goal=Decimal(40),
            unit_of_measure="件", deadline=end, owner_unit=bureau.office,
        )  # fmt: skip
        judicial = services.add_target(
            plan, parent=mediation, by=admin, title=f"{prefix}司法所调解", weight=Decimal(40), goal=Decimal(60),
            unit_of_measure="件", deadline=end, owner_unit=bureau.judicial_office,
        )  # fmt: skip
        member_piece = services.add_target(
            plan, parent=judicial, by=admin, title=f"{member.name}调解任务", weight=Decimal(40), goal=Decimal(60),
            unit_of_measure="件", deadline=end, owner_unit=bureau.judicial_office, owner_person=member,
        )  # fmt: skip
        lessons = services.add_target(
            plan, by=admin, title=f"{prefix}三会一课", family=Family.PARTY, kind=IndicatorKind.MILESTONE,
            weight=Decimal(40), deadline=end, owner_unit=bureau.unit,
            milestones=[(f"{prefix}上半年党课", datetime.date(year, 6, 30)), (f"{prefix}下半年党课", end)],
        )  # fmt: skip
        bureau.__dict__["plan"] = {
            "plan": plan, "mediation": mediation, "office": office, "judicial": judicial, "member": member_piece,
            "lessons": lessons,
        }  # fmt: skip
    return bureau.__dict__["plan"]


def report_of(bureau: Bureau) -> ProgressReport:
    """乙's submitted report: 30 of 60 件."""
    if "progress" not in bureau.__dict__:
        target = plan_of(bureau)["member"]
        bureau.__dict__["progress"] = services.report_progress(
            target, by=bureau.staff, as_of=timezone.localdate(), value=Decimal(30), narrative="上半年调处30件"
        )
    return bureau.__dict__["progress"]


@sample(Plan)
def _plan_sample(bureau: Bureau):
    return plan_of(bureau)["plan"]


@sample(Target)
def _target_sample(bureau: Bureau):
    return plan_of(bureau)["member"]


@sample(Milestone)
def _milestone_sample(bureau: Bureau):
    return Milestone.objects.filter(target=plan_of(bureau)["lessons"]).first()


@sample(ProgressReport)
def _progress_sample(bureau: Bureau):
    return report_of(bureau)


@sample(Supervision)
def _supervision_sample(bureau: Bureau):
    target = plan_of(bureau)["office"]
    return Supervision.objects.create(
        target=target, instruction=f"{bureau.unit.name}：请加快机关调解进度", deadline=timezone.localdate(),
        created_by=bureau.leader,
    )  # fmt: skip


@sample(ScoreAdjustment)
def _adjustment_sample(bureau: Bureau):
    return ScoreAdjustment.objects.create(
        unit=bureau.judicial_office, year=timezone.localdate().year, points=Decimal(2),
        reason=f"{bureau.unit.name}获省级表彰", created_by=bureau.admin,
    )  # fmt: skip


@sample(Commitment)
def _commitment_sample(bureau: Bureau):
    return Commitment.objects.create(
        unit=bureau.judicial_office, year=timezone.localdate().year, person=bureau.people[1],
        content=f"{bureau.unit.name}：全年调处纠纷不少于60件", created_by=bureau.admin,
    )  # fmt: skip


@sample(ModelPost)
def _model_post_sample(bureau: Bureau):
    return ModelPost.objects.create(
        unit=bureau.office, year=timezone.localdate().year, name=f"{bureau.unit.name[:2]}党员示范岗",
        pledge="热情接待，一次告知", created_by=bureau.admin,
    )  # fmt: skip
