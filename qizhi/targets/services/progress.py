"""Progress: who reports and who reviews, the report's workflow, targets read from the statistics,
and a member's own tasks."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Left, Length
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action, Role
from qizhi.accounts.services import holders
from qizhi.core import workflow
from qizhi.core.attachments import attach
from qizhi.core.notifications import notify
from qizhi.core.refusals import Refused, lock
from qizhi.core.scoping import first_instance, scope_of
from qizhi.org.models import Unit
from qizhi.targets.choices import IndicatorKind
from qizhi.targets.models import (
    Milestone,
    ProgressReport,
    Target,
)
from qizhi.targets.services.completion import AREA, SANE_FACTOR, refresh
from qizhi.targets.services.lights import with_lights
from qizhi.targets.services.plans import _plain

# --- Progress ---------------------------------------------------------------------------------------


def is_leaf(target: Target) -> bool:
    return target.numchild == 0


def may_report(target: Target, user) -> bool:
    """The owner reports: the responsible person if they have a login; otherwise (no person named, or
    one without a login) whoever may change the owner unit's targets reports for them."""
    if target.owner_person_id is not None and target.owner_person.user_id is not None:
        return target.owner_person.user_id == user.pk
    return scope_of(user).covers(Action.CHANGE, AREA, target.owner_unit.path)


def check_reporter(target: Target, by) -> None:
    """Refuse unless ``by`` reports on ``target``: the service before a report, the form page before
    it shows the form."""
    if not may_report(target, by):
        raise Refused(_("您不是该任务的责任人，不能报告进度"))


def reviewer_path(target: Target) -> str:
    parent = Target.objects.get_parent(target) if target.depth > 1 else None
    return (parent.owner_unit.path if parent else target.plan.unit.path), parent


def may_approve(report: ProgressReport, user) -> bool:
    """The parent task's owner approves (its responsible person, or a reviewer over its unit); never the reporter."""
    if report.created_by_id == user.pk:
        return False
    path, parent = reviewer_path(report.target)
    if parent is not None and parent.owner_person_id is not None and parent.owner_person.user_id == user.pk:
        return True
    return scope_of(user).covers(Action.APPROVE, AREA, path)


def awaits(report: ProgressReport, user) -> bool:
    """Whether the report waits for ``user`` in their 待办: the parent task's responsible person alone when
    there is one, otherwise the first reviewer over the parent's unit (``core.scoping.first_instance``):
    a section head before the leaders above, who keep the right (``may_approve``) but not the item."""
    return awaiting(ProgressReport.objects.filter(pk=report.pk), user).exists()  # one rule: the 待办's


def awaiting(reports: QuerySet[ProgressReport], user) -> QuerySet[ProgressReport]:
    """The reports of ``reports`` that wait for ``user`` (see ``awaits``), as one statement for a 待办 of
    thousands: each report's reviewing unit (its parent task's owner unit, or the plan's unit for a central
    task) and the parent's responsible user are read by correlated subqueries, and the first-instance rule
    is ``first_instance``'s NOT EXISTS over the grants. A province administrator's 15,732 reports took 58 s
    one report at a time and 10 s batched in Python (bench/README.md)."""
    path = OuterRef("target__path")
    parent = Target.objects.filter(path=Left(path, Length(path) - Target.steplen))
    annotated = reports.exclude(created_by=user.pk).annotate(
        review_path=Coalesce(Subquery(parent.values("owner_unit__path")[:1]), F("target__plan__unit__path")),
        parent_user=Subquery(parent.values("owner_person__user_id")[:1]),
    )
    in_person = annotated.filter(parent_user=user.pk)
    by_unit = first_instance(
        annotated.filter(parent_user__isnull=True), user, Action.APPROVE,
        area=AREA, path_field="review_path", author="created_by",
    )  # fmt: skip
    return in_person | by_unit  # one WHERE with OR, not a semi-join: the planner keeps the scope's ranges


def may_revise(report: ProgressReport, user) -> bool:
    """Only its reporter corrects a report, and only while it is not approved (what the page offers:
    a returned report)."""
    return report.created_by_id == user.pk and not report.locked


def _check_progress(target: Target, *, as_of, value, milestones, narrative, confirm_large) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if not is_leaf(target):
        errors["target"].append(_("该任务已分解，完成度由下级任务汇总，请在下级任务中报告进度"))
    if target.stat_indicator_id is not None:
        errors["target"].append(_("该任务的完成值取自业务统计，无需填报"))
    today = timezone.localdate()
    if as_of is None:
        errors["as_of"].append(_("请填写截至日期"))
    elif as_of > today:
        errors["as_of"].append(_("截至日期不能晚于今天"))
    elif as_of.year != target.plan.year:
        errors["as_of"].append(_("截至日期应在{year}年内").format(year=target.plan.year))
    if target.kind == IndicatorKind.QUANTITATIVE:
        if value is None:
            errors["value"].append(_("请填写完成值"))
        elif value < 0:
            errors["value"].append(_("完成值不能为负数"))
        elif target.goal and value > SANE_FACTOR * target.goal and not confirm_large:
            errors["value"].append(
                _("完成值{value}超过目标值{goal}的{factor}倍，请核实后勾选“确认数值无误”").format(
                    value=_plain(value), goal=_plain(target.goal), factor=SANE_FACTOR
                )
            )
    foreign = [m for m in milestones if m.target_id != target.pk]
    if foreign:
        errors["milestones"].append(_("节点“{title}”不属于该任务").format(title=foreign[0].title))
    if not (narrative or "").strip():
        errors["narrative"].append(_("请填写完成情况"))
    if errors:
        raise ValidationError(dict(errors))


@transaction.atomic
def report_progress(
    target: Target, *, by, as_of, narrative, value=None, milestones=(), files=(), confirm_large=False
) -> ProgressReport:
    """The owner reports, with evidence files; the report goes to the parent owner for review."""
    lock(target)  # its owner, read on the locked row
    check_reporter(target, by)
    milestones = list(milestones)
    _check_progress(
        target, as_of=as_of, value=value, milestones=milestones, narrative=narrative, confirm_large=confirm_large
    )
    report = ProgressReport.objects.create(
        target=target, as_of=as_of, value=value, narrative=narrative.strip(), created_by=by, updated_by=by
    )
    report.milestones_done.set(milestones)
    if files:
        attach(report, files, by=by, authorized=True)  # the owner's own evidence
    workflow.transition(report, workflow.Status.SUBMITTED, by=by)
    _tell_reviewers(report, by)
    return report


@transaction.atomic
def revise_progress(
    report: ProgressReport, *, by, as_of, narrative, value=None, milestones=(), files=(), confirm_large=False
) -> ProgressReport:
    """A returned report, corrected by its reporter and submitted again. An approved one is never
    edited: a correction is a new report."""
    lock(report)
    if report.created_by_id != by.pk:
        raise Refused(_("只有报告人可以修改此报告"))
    if report.locked:
        raise ValidationError({"status": _("已审核的进度报告不能修改，如需更正请提交新的报告")})
    milestones = list(milestones)
    _check_progress(
        report.target, as_of=as_of, value=value, milestones=milestones, narrative=narrative, confirm_large=confirm_large
    )
    report.as_of, report.value, report.narrative = as_of, value, narrative.strip()
    report.stamp(by)
    report.save()
    report.milestones_done.set(milestones)
    if files:
        attach(report, files, by=by, authorized=True)  # the owner's own evidence
    if report.status == workflow.Status.RETURNED:
        workflow.transition(report, workflow.Status.SUBMITTED, by=by)
        _tell_reviewers(report, by)
    return report


def _tell_reviewers(report: ProgressReport, by) -> None:
    path, parent = reviewer_path(report.target)
    if parent is not None and parent.owner_person_id is not None and parent.owner_person.user_id:
        people = [parent.owner_person.user]
    else:
        unit = Unit.objects.get(path=path)
        people = list(holders(unit, [Role.UNIT_HEAD, Role.PARTY_AFFAIRS]))
    notify(
        [u for u in people if u.pk != by.pk], sender=by, url=report.get_absolute_url(),
        title=_("待审核进度报告：{target}").format(target=report.target),
    )  # fmt: skip


def _locked_for_review(report: ProgressReport, by) -> ProgressReport:
    """The report's row locked, then the reviewer's right checked on it: never one's own report."""
    lock(report)
    if report.created_by_id == by.pk:
        raise ValidationError({"status": _("不能审核自己提交的报告")})
    if not may_approve(report, by):
        raise Refused(_("您不是该任务上级的责任人，不能审核此报告"))
    return report


@transaction.atomic
def approve_progress(report: ProgressReport, *, by) -> ProgressReport:
    """Approve: the target takes the report's value (or its milestones are done), and the completion
    of the target and everything above it is recomputed."""
    _locked_for_review(report, by)
    workflow.transition(report, workflow.Status.APPROVED, by=by)
    target = report.target
    latest = target.reports.filter(status=workflow.Status.APPROVED).exclude(pk=report.pk).order_by("-as_of").first()
    if latest is None or report.as_of >= latest.as_of:
        Target.objects.filter(pk=target.pk).update(actual=report.value)
    Milestone.objects.filter(pk__in=report.milestones_done.values("pk"), done_on__isnull=True).update(
        done_on=report.as_of
    )
    refresh(target)
    return report


@transaction.atomic
def return_progress(report: ProgressReport, *, by, reason: str) -> ProgressReport:
    _locked_for_review(report, by)
    workflow.transition(report, workflow.Status.RETURNED, by=by, reason=reason)
    if report.created_by_id:
        notify(
            [report.created_by], sender=by, url=report.get_absolute_url(),
            title=_("进度报告被退回：{target}").format(target=report.target),
            body=_("退回理由：{reason}").format(reason=reason),
        )  # fmt: skip
    return report


def refresh_linked(unit: Unit, year: int) -> int:
    """Targets read from the statistics, owned by ``unit`` or above it: their value is the year's
    approved roll-up for their owner unit. Returns how many changed."""
    from qizhi.statistics.services import rollup

    prefixes = unit.ancestor_paths()
    changed = 0
    linked = Target.objects.filter(plan__year=year, stat_indicator__isnull=False, owner_unit__path__in=prefixes)
    for owner in Unit.objects.filter(pk__in=linked.values("owner_unit")):  # the unit's few ancestors
        figures = {
            f.indicator.pk: f.value for f in rollup(owner, datetime.date(year, 1, 1), datetime.date(year, 12, 1))
        }
        for target in linked.filter(owner_unit=owner):
            value = figures.get(target.stat_indicator_id)
            if value != target.actual:
                Target.objects.filter(pk=target.pk).update(actual=value)
                refresh(target)
                changed += 1
    return changed


def my_tasks(user, today: datetime.date | None = None) -> dict[str, list]:
    """What a staff member owns (personally, or as the unit they are granted a role on, for pieces
    with no person named), what falls due within 30 days, what was returned, what waits for review."""
    from qizhi.accounts.models import Grant

    today = today or timezone.localdate()
    person = getattr(user, "person", None)
    mine = Q(owner_person=person) if person is not None else Q(pk__in=[])
    my_units = Q(owner_person__isnull=True, owner_unit__in=Grant.objects.filter(user=user).values("unit"))
    owned = list(
        with_lights(Target.objects.visible_to(user).filter(mine | my_units, plan__year=today.year), today, today.year)
        .select_related("plan", "owner_unit", "owner_person").order_by("plan", "path")
    )  # fmt: skip
    returned = list(
        ProgressReport.objects.filter(created_by=user, status=workflow.Status.RETURNED).select_related("target")
    )
    waiting = ProgressReport.objects.visible_to(user).filter(status=workflow.Status.SUBMITTED)
    to_review = list(
        awaiting(waiting, user).select_related("target", "target__plan", "target__owner_unit", "created_by")
    )
    due = [t for t in owned if t.completion < 1 and t.deadline <= today + datetime.timedelta(days=30)]
    return {"owned": owned, "due": due, "returned": returned, "to_review": to_review}
