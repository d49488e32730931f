"""Appraisal data in the test personas' bureaus, built on demand, and the scoping samples."""

from __future__ import annotations

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from qizhi.appraisals import services
from qizhi.appraisals.choices import ElectorateKind, Mark, RoundState
from qizhi.appraisals.models import DutyReport, Electorate, Grade, Round
from qizhi.core.testing import sample
from qizhi.org.choices import UnitKind
from qizhi.org.models import Unit
from qizhi.org.testing import Bureau, make_person, make_user
from qizhi.party.testing import party_of

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def window() -> tuple[datetime.datetime, datetime.datetime]:
    """A voting window around today (the frozen test day): from two days ago to a week ahead."""
    today = timezone.localdate()
    opens = datetime.datetime.combine(today - datetime.timedelta(days=2), datetime.time(8), tzinfo=TZ)
    return opens, datetime.datetime.combine(today + datetime.timedelta(days=7), datetime.time(18), tzinfo=TZ)


def actor(bureau: Bureau):
    return get_user_model().objects.get(username=bureau.party_affairs.username)


def voters_unit(bureau: Bureau, size: int, name: str | None = None) -> tuple[Unit, list]:
    """A sub-unit of the bureau with ``size`` serving staff, each with a login: one staff electorate."""
    name = name or f"{bureau.unit.name[:2]}审判庭{size}"
    unit = Unit.objects.add_child(bureau.unit, create_kwargs={"name": name, "kind": UnitKind.DEPARTMENT})
    people = []
    for index in range(size):
        user = make_user(f"{bureau.unit.pk}_{name}_{index}")
        people.append(make_person(unit, f"{name}{index:02d}", user=user))
    return unit, people


def staff_round(bureau: Bureau, unit: Unit, subjects, *, title="干警集体评议", year=2026) -> Round:
    opens, closes = window()
    return services.create_round(
        unit=unit, year=year, title=title, opens_at=opens, closes_at=closes, by=actor(bureau),
        subjects=subjects, kinds=(ElectorateKind.STAFF,),
    )  # fmt: skip


def appraisal_of(bureau: Bureau) -> dict:
    """A draft branch round of the bureau's branch, a graded round of last year, a duty report."""
    if "appraisals" in bureau.__dict__:
        return bureau.__dict__["appraisals"]
    party = party_of(bureau)
    by = actor(bureau)
    prefix = bureau.unit.name[:2]
    opens, closes = window()
    draft = services.create_round(
        unit=bureau.unit, party_org=party["branch"], year=2026, title=f"{prefix}2026年度民主评议党员",
        opens_at=opens, closes_at=closes, by=by,
    )  # fmt: skip
    last = services.create_round(
        unit=bureau.unit, party_org=party["branch"], year=2025, title=f"{prefix}2025年度民主评议党员",
        opens_at=opens.replace(year=2025), closes_at=closes.replace(year=2025), by=by,
    )  # fmt: skip
    Round.objects.filter(pk=last.pk).update(state=RoundState.SEALED)
    last.refresh_from_db()
    member = party["membership"].person
    grade = services.record_grade(last, member, grade=Mark.COMPETENT, by=by)
    report = DutyReport(
        person=member, year=2026, duty=f"{prefix}甲本年度认真履行岗位职责", integrity="严守廉洁纪律",
        submitted_on=datetime.date(2026, 11, 20),
    )  # fmt: skip
    report.stamp(by)
    report.save()
    bureau.__dict__["appraisals"] = {"draft": draft, "last": last, "grade": grade, "report": report}
    return bureau.__dict__["appraisals"]


@sample(Round)
def _round_sample(bureau: Bureau):
    return appraisal_of(bureau)["draft"]


@sample(Electorate)
def _electorate_sample(bureau: Bureau):
    return appraisal_of(bureau)["draft"].electorates.first()


@sample(Grade)
def _grade_sample(bureau: Bureau):
    return appraisal_of(bureau)["grade"]


@sample(DutyReport)
def _report_sample(bureau: Bureau):
    return appraisal_of(bureau)["report"]
