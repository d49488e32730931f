"""The target-responsibility system's rules: building and decomposing a plan, reporting and approving
progress, the roll-up of completion up the decomposition, traffic lights, supervision, scores and
ranks. Plain functions over querysets; every figure a page, the API or a document shows comes from here.

Completion is kept on each target (0–1): a leaf's comes from its indicator (value against goal, or
milestones done), a decomposed target's is the weighted completion of its children. ``refresh``
recomputes a target and its ancestors (two statements per level, at most a handful of levels)
whenever an approval, a weight or the shape of the tree changes; ``rebuild`` recomputes a whole plan
from its leaves and is the reference the tests compare against.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action, Role
from qizhi.accounts.services import holders
from qizhi.core import workflow
from qizhi.core.attachments import attach
from qizhi.core.notifications import notify
from qizhi.core.scoping import minimal_prefixes, scope_of, subtree_q
from qizhi.org.models import Unit
from qizhi.targets.choices import Direction, IndicatorKind, Light, SupervisionStatus
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

ZERO, ONE = Decimal(0), Decimal(1)
FOUR_PLACES = Decimal("0.0001")
TWO_PLACES = Decimal("0.01")
SANE_FACTOR = 10  # a reported value over ten times the goal needs the reporter's confirmation
AREA = "targets"


def margins() -> tuple[Decimal, Decimal]:
    """(yellow, red): how far behind the time-proportional expectation a target may fall."""
    yellow, red = getattr(settings, "TARGETS_LIGHT_MARGINS", ("0.10", "0.30"))
    return Decimal(yellow), Decimal(red)


# --- Completion -------------------------------------------------------------------------------


def indicator_completion(
    kind: str, direction: str, goal: Decimal | None, actual: Decimal | None, done: int = 0, total: int = 0
) -> Decimal:
    """A leaf's completion (0–1) from its own indicator."""
    if kind == IndicatorKind.MILESTONE:
        return (Decimal(done) / total).quantize(FOUR_PLACES) if total else ZERO
    if actual is None or goal is None:
        return ZERO
    if direction == Direction.AT_MOST:  # e.g. complaints ≤ 3: met while not exceeded
        return ONE if actual <= goal else (goal / actual).quantize(FOUR_PLACES)
    if goal == 0:
        return ONE
    return min(ONE, (actual / goal).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP))


def weighted(children: list[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ weight × completion / Σ weight; children of no weight count equally."""
    if not children:
        return ZERO
    total = sum((w for w, _c in children), ZERO)
    if total == 0:
        return (sum((c for _w, c in children), ZERO) / len(children)).quantize(FOUR_PLACES)
    return (sum((w * c for w, c in children), ZERO) / total).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _own_completion(target: Target) -> Decimal:
    if target.kind == IndicatorKind.MILESTONE:
        milestones = list(target.milestones.values_list("done_on", flat=True))
        return indicator_completion(
            target.kind, target.direction, None, None, sum(d is not None for d in milestones), len(milestones)
        )
    return indicator_completion(target.kind, target.direction, target.goal, target.actual)


def refresh(target: Target) -> None:
    """Recompute ``target``'s completion and then each ancestor's, bottom-up."""
    node = Target.objects.get(pk=target.pk)
    while node is not None:
        children = list(
            Target.objects.filter(path__startswith=node.path, depth=node.depth + 1).values_list("weight", "completion")
        )
        value = weighted(children) if children else _own_completion(node)
        Target.objects.filter(pk=node.pk).update(completion=value)
        node = Target.objects.get_parent(node, update=True) if node.depth > 1 else None


def rebuild(plan: Plan) -> None:
    """Recompute every target of ``plan`` from its leaves: one read, the sums in memory, one write."""
    nodes = list(Target.objects.filter(plan=plan).order_by("-depth", "path"))
    milestones = Counter()
    done = Counter()
    for target_id, done_on in Milestone.objects.filter(target__plan=plan).values_list("target_id", "done_on"):
        milestones[target_id] += 1
        done[target_id] += done_on is not None
    children: dict[str, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    step = Target.steplen
    for node in nodes:  # deepest first: a node's children are final before it is reached
        kids = children.get(node.path)
        if kids:
            node.completion = weighted(kids)
        else:
            node.completion = indicator_completion(
                node.kind, node.direction, node.goal, node.actual, done[node.pk], milestones[node.pk]
            )
        if node.depth > 1:
            children[node.path[:-step]].append((node.weight, node.completion))
    Target.objects.bulk_update(nodes, ["completion"], batch_size=1000)


# The set-based roll-up. Figures are computed in integers — weights in hundredths, completions in
# ten-thousandths — so SQLite's floating point and PostgreSQL's numeric give the same digits as the
# Decimal arithmetic of ``weighted`` and ``indicator_completion``: half up where they quantize with
# ROUND_HALF_UP, half to even where they use the default context.
_W = "CAST(ROUND({t}weight * 100) AS BIGINT)"
_C = "CAST(ROUND({t}completion * 10000) AS BIGINT)"
_A = "CAST(ROUND({t}actual * 100) AS BIGINT)"
_G = "CAST(ROUND({t}goal * 100) AS BIGINT)"


def _half_up(num: str, den: str) -> str:
    return f"((2 * ({num}) + ({den})) / (2 * ({den})))"


def _half_even(num: str, den: str) -> str:
    q, r = f"(({num}) / ({den}))", f"(({num}) %% ({den}))"  # %% : a placeholder-safe modulo
    return f"({q} + CASE WHEN 2 * {r} > ({den}) THEN 1 WHEN 2 * {r} = ({den}) THEN {q} %% 2 ELSE 0 END)"


def _leaf_sql(table: str, milestone_table: str) -> str:
    a, g = _A.format(t=""), _G.format(t="")
    done = f"(SELECT COUNT(m.done_on) FROM {milestone_table} m WHERE m.target_id = {table}.id)"
    total = f"(SELECT COUNT(*) FROM {milestone_table} m WHERE m.target_id = {table}.id)"
    value = f"""CASE
        WHEN kind = %s THEN CASE WHEN {total} = 0 THEN 0 ELSE {_half_even(f"{done} * 10000", total)} END
        WHEN actual IS NULL OR goal IS NULL THEN 0
        WHEN direction = %s THEN CASE WHEN {a} <= {g} THEN 10000 ELSE {_half_even(f"{g} * 10000", a)} END
        WHEN {g} = 0 THEN 10000
        WHEN {_half_up(f"{a} * 10000", g)} > 10000 THEN 10000
        ELSE {_half_up(f"{a} * 10000", g)} END"""
    # Rows already right are left alone: on PostgreSQL every updated row is a new row version.
    return f"""UPDATE {table} SET completion = ({value}) / 10000.0
        WHERE numchild = 0 AND plan_id IN ({{plans}}) AND completion <> ({value}) / 10000.0"""


def _level_sql(table: str) -> str:
    w, c = _W.format(t=""), _C.format(t="")
    step = Target.steplen
    # PostgreSQL sums bigints as numeric: cast back, or the divisions below would not truncate.
    wc, ws, cs = (f"CAST(SUM({x}) AS BIGINT)" for x in (f"{w} * {c}", w, c))
    value = f"CASE WHEN {ws} > 0 THEN {_half_up(wc, ws)} ELSE {_half_even(cs, 'COUNT(*)')} END"
    return f"""UPDATE {table} SET completion = kids.value / 10000.0
        FROM (SELECT SUBSTR(path, 1, LENGTH(path) - {step}) AS parent_path, {value} AS value
              FROM {table} WHERE depth = %s AND plan_id IN ({{plans}})
              GROUP BY SUBSTR(path, 1, LENGTH(path) - {step})) kids
        WHERE {table}.path = kids.parent_path AND {table}.completion <> kids.value / 10000.0"""


@transaction.atomic
def rebuild_plans(plans) -> None:
    """``rebuild`` for many plans at once (a queryset of plans: a province's year), in set-based SQL:
    one UPDATE for the leaves, then one per level from the deepest up, each grouping the level's
    targets by their parent's path. The same figures as ``rebuild``, whatever the number of targets."""
    from django.db import connection

    plan_sql, plan_params = plans.values("pk").query.sql_with_params()
    table, milestone_table = Target._meta.db_table, Milestone._meta.db_table
    deepest = Target.objects.filter(plan__in=plans).aggregate(deepest=models.Max("depth"))["deepest"]
    if deepest is None:
        return
    with connection.cursor() as cursor:
        kinds = [IndicatorKind.MILESTONE, Direction.AT_MOST]
        cursor.execute(_leaf_sql(table, milestone_table).format(plans=plan_sql), [*kinds, *plan_params, *kinds])
        for depth in range(deepest, 1, -1):
            cursor.execute(_level_sql(table).format(plans=plan_sql), [depth, *plan_params])


# --- Building a plan ------------------------------------------------------------------------------


TARGET_FIELDS = (
    "family", "category", "title", "description", "weight", "deadline", "owner_unit", "owner_person", "kind",
    "measure", "unit_of_measure", "goal", "direction", "stat_indicator",
)  # fmt: skip


def check_target(plan: Plan, parent: Target | None, data: dict) -> None:
    """Every rule a target's fields must meet; one ValidationError naming every bad field."""
    errors: dict[str, list[str]] = defaultdict(list)
    weight, goal = data.get("weight"), data.get("goal")
    if weight is None:
        errors["weight"].append(_("请填写分值"))
    elif weight < 0:
        errors["weight"].append(_("分值不能为负数"))
    if goal is not None and goal < 0:
        errors["goal"].append(_("目标值不能为负数"))
    kind = data.get("kind") or IndicatorKind.QUANTITATIVE
    if kind == IndicatorKind.QUANTITATIVE and goal is None and not data.get("stat_indicator"):
        errors["goal"].append(_("数量指标须填写目标值"))
    deadline = data.get("deadline")
    if deadline is None:
        errors["deadline"].append(_("请填写完成时限"))
    else:
        if deadline.year != plan.year:
            errors["deadline"].append(_("完成时限应在{year}年内").format(year=plan.year))
        if parent is not None and deadline > parent.deadline:
            errors["deadline"].append(
                _("完成时限不能晚于上级任务“{parent}”的时限（{day}）").format(
                    parent=parent.title, day=f"{parent.deadline:%Y年%-m月%-d日}"
                )
            )
    owner = data.get("owner_unit")
    if owner is None:
        errors["owner_unit"].append(_("请选择责任单位"))
    elif not owner.path.startswith(plan.unit.path):
        errors["owner_unit"].append(_("责任单位应在“{unit}”之内").format(unit=plan.unit))
    person = data.get("owner_person")
    if person is not None and owner is not None and not person.unit.path.startswith(owner.path):
        errors["owner_person"].append(_("责任人“{person}”不在责任单位“{unit}”").format(person=person, unit=owner))
    if errors:
        raise ValidationError(dict(errors))


@transaction.atomic
def add_target(plan: Plan, *, parent: Target | None = None, by, milestones=(), **data) -> Target:
    """A central task (no ``parent``) or a piece of ``parent``; ``milestones``: (title, due) pairs."""
    check_target(plan, parent, data)
    fields = {name: data[name] for name in TARGET_FIELDS if name in data}
    target = Target(plan=plan, created_by=by, updated_by=by, **fields)
    if parent is not None:
        target = Target.objects.add_child(parent, instance=target)
    else:
        target = Target.objects.add_root(instance=target)
    for position, (title, due) in enumerate(milestones, start=1):
        Milestone.objects.create(target=target, position=position, title=title, due=due, created_by=by, updated_by=by)
    refresh(target)
    target.refresh_from_db()
    return target


@transaction.atomic
def update_target(target: Target, *, by, **data) -> Target:
    merged = {name: getattr(target, name) for name in TARGET_FIELDS} | data
    check_target(target.plan, Target.objects.get_parent(target) if target.depth > 1 else None, merged)
    children = Target.objects.filter(path__startswith=target.path, depth=target.depth + 1)
    late = children.filter(deadline__gt=merged["deadline"]).first()
    if late is not None:
        raise ValidationError({"deadline": _("下级任务“{child}”的时限晚于此时限").format(child=late.title)})
    for name, value in data.items():
        setattr(target, name, value)
    target.stamp(by)
    target.save()
    refresh(target)
    return target


@transaction.atomic
def add_milestone(target: Target, *, by, title: str, due: datetime.date | None) -> Milestone:
    """One more step of a milestone-based target; its completion is recomputed (a step not yet done)."""
    errors = {}
    if target.kind != IndicatorKind.MILESTONE:
        errors["title"] = _("只有节点指标的任务可以添加节点")
    elif not (title or "").strip():
        errors["title"] = _("请填写节点名称")
    if due is None:
        errors["due"] = _("请填写计划完成日期")
    elif due > target.deadline or due.year != target.plan.year:
        errors["due"] = _("计划完成日期应在{year}年内且不晚于任务时限").format(year=target.plan.year)
    if errors:
        raise ValidationError(errors)
    position = target.milestones.count() + 1
    milestone = Milestone.objects.create(
        target=target, position=position, title=title.strip(), due=due, created_by=by, updated_by=by
    )
    refresh(target)
    return milestone


def decomposition_warnings(
    plan: Plan, *, within: Target | None = None, depth: int | None = None
) -> dict[int, list[str]]:
    """Where children's weights or goals do not add up to their parent's: every parent of the plan, or
    those in ``within``'s subtree, or those no deeper than ``depth`` (two queries: the children summed
    by parent in the database, then the parents)."""
    step = Target.steplen
    children = Target.objects.filter(plan=plan, depth__gt=1)
    parents = Target.objects.filter(plan=plan, numchild__gt=0)
    if within is not None:
        children = children.filter(path__startswith=within.path, depth__gt=within.depth)
        parents = parents.filter(path__startswith=within.path)
    if depth is not None:
        children, parents = children.filter(depth__lte=depth + 1), parents.filter(depth__lte=depth)
    sums = {
        row["parent_path"]: row
        for row in children.annotate(parent_path=Substr("path", 1, Length("path") - step))
        .values("parent_path")
        .annotate(
            weights=Sum("weight"), goals=Sum("goal"), with_goal=Count("goal"), n=Count("pk"),
            lowest=Min("unit_of_measure"), highest=Max("unit_of_measure"),
        )
        .order_by()
    }  # fmt: skip
    warnings: dict[int, list[str]] = defaultdict(list)
    for parent in parents.values("pk", "path", "weight", "goal", "kind", "unit_of_measure").order_by():
        row = sums.get(parent["path"])
        if row is None:
            continue
        weight, goal = row["weights"] or ZERO, row["goals"] or ZERO
        comparable = row["with_goal"] == row["n"] and row["lowest"] == row["highest"] == parent["unit_of_measure"]
        if weight != parent["weight"]:
            warnings[parent["pk"]].append(
                _("下级分值合计{children}，与本任务分值{own}不符").format(
                    children=_plain(weight), own=_plain(parent["weight"])
                )
            )
        if (
            comparable
            and parent["goal"] is not None
            and parent["kind"] == IndicatorKind.QUANTITATIVE
            and goal < parent["goal"]
        ):
            warnings[parent["pk"]].append(
                _("下级目标值合计{children}，低于本任务目标值{own}").format(
                    children=_plain(goal), own=_plain(parent["goal"])
                )
            )
    return dict(warnings)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


@transaction.atomic
def copy_plan(plan: Plan, year: int, *, by) -> Plan:
    """Next year's plan from ``plan``: same tasks, owners, weights and goals, deadlines moved to
    ``year``, no progress. Adjust it afterwards."""
    if Plan.objects.filter(unit=plan.unit, year=year).exists():
        raise ValidationError({"year": _("该单位{year}年已有目标责任书").format(year=year)})
    title = plan.title.replace(str(plan.year), str(year)) if str(plan.year) in plan.title else f"{year}年{plan.title}"
    new = Plan.objects.create(
        unit=plan.unit, year=year, title=title, description=plan.description, created_by=by, updated_by=by
    )
    copies: dict[str, Target] = {}
    step = Target.steplen

    def moved(day: datetime.date) -> datetime.date:
        try:
            return day.replace(year=year)
        except ValueError:  # 29 February
            return day.replace(year=year, day=28)

    for old in Target.objects.filter(plan=plan).order_by("path").prefetch_related("milestones"):
        data = {name: getattr(old, name) for name in TARGET_FIELDS} | {"deadline": moved(old.deadline)}
        parent = copies.get(old.path[:-step]) if old.depth > 1 else None
        copies[old.path] = add_target(
            new, parent=parent, by=by, milestones=[(m.title, moved(m.due)) for m in old.milestones.all()], **data
        )
    return new


# --- Progress ---------------------------------------------------------------------------------------


def is_leaf(target: Target) -> bool:
    return target.numchild == 0


def may_report(target: Target, user) -> bool:
    """The owner reports: the responsible person if they have a login; otherwise (no person named, or
    one without a login) whoever may change the owner unit's targets reports for them."""
    if target.owner_person_id is not None and target.owner_person.user_id is not None:
        return target.owner_person.user_id == user.pk
    return scope_of(user).covers(Action.CHANGE, AREA, target.owner_unit.path)


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
    if not may_report(target, by):
        raise ValidationError({"target": _("您不是该任务的责任人，不能报告进度")})
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
    if report.locked:
        raise ValidationError({"status": _("已审核的进度报告不能修改，如需更正请提交新的报告")})
    if report.created_by_id != by.pk:
        raise ValidationError({"target": _("只有报告人可以修改此报告")})
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


@transaction.atomic
def approve_progress(report: ProgressReport, *, by) -> ProgressReport:
    """Approve: the target takes the report's value (or its milestones are done), and the completion
    of the target and everything above it is recomputed."""
    if report.created_by_id == by.pk:
        raise ValidationError({"status": _("不能审核自己提交的报告")})
    if not may_approve(report, by):
        raise PermissionDenied
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
    if report.created_by_id == by.pk:
        raise ValidationError({"status": _("不能审核自己提交的报告")})
    if not may_approve(report, by):
        raise PermissionDenied
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

    step = Unit.steplen
    prefixes = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
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


# --- Traffic lights and supervision ---------------------------------------------------------------


def expected_share(start: datetime.date, deadline: datetime.date, today: datetime.date) -> Decimal:
    """How much should be done by ``today`` if work went evenly from ``start`` to ``deadline``."""
    if today >= deadline:
        return ONE
    if today <= start:
        return ZERO
    return (Decimal((today - start).days) / Decimal((deadline - start).days)).quantize(FOUR_PLACES)


def light_of(completion: Decimal, year: int, deadline: datetime.date, today: datetime.date) -> str:
    """Green on track; yellow behind the expectation by more than the yellow margin; red overdue or
    behind by more than the red margin. Done is green."""
    if completion >= ONE:
        return Light.GREEN
    if today > deadline:
        return Light.RED
    gap = expected_share(datetime.date(year, 1, 1), deadline, today) - completion
    yellow, red = margins()
    if gap > red:
        return Light.RED
    if gap > yellow:
        return Light.YELLOW
    return Light.GREEN


def light(target: Target, today: datetime.date | None = None) -> str:
    return light_of(target.completion, target.plan.year, target.deadline, today or timezone.localdate())


@dataclass
class Lagging:
    target: Target
    light: str
    expected: Decimal
    open_items: int = 0

    @property
    def who(self) -> str:
        """Who must act: the responsible person, or the owner unit's head."""
        if self.target.owner_person_id:
            return str(self.target.owner_person)
        return _("{unit}负责人").format(unit=self.target.owner_unit)


def supervision_list(unit: Unit, year: int, user, today: datetime.date | None = None) -> list[Lagging]:
    """Yellow and red targets owned within ``unit``'s subtree that ``user`` may see, reddest first (two queries)."""
    today = today or timezone.localdate()
    targets = (
        Target.objects.visible_to(user)
        .filter(subtree_q("owner_unit__path", unit.path), plan__year=year, completion__lt=1)
        .select_related("plan", "owner_unit", "owner_person")
    )
    rows = []
    for target in targets:
        colour = light(target, today)
        if colour != Light.GREEN:
            rows.append(Lagging(target, colour, expected_share(datetime.date(year, 1, 1), target.deadline, today)))
    open_counts = Counter(
        Supervision.objects.filter(target__in=[r.target.pk for r in rows])
        .exclude(status=SupervisionStatus.CLOSED)
        .values_list("target_id", flat=True)
    )
    for row in rows:
        row.open_items = open_counts[row.target.pk]
    rows.sort(key=lambda r: (r.light != Light.RED, r.target.owner_unit.path, r.target.path))
    return rows


def _owners(target: Target) -> list:
    if target.owner_person_id and target.owner_person.user_id:
        return [target.owner_person.user]
    return list(holders(target.owner_unit, [Role.UNIT_HEAD]))


@transaction.atomic
def open_supervision(target: Target, *, by, instruction: str, deadline: datetime.date) -> Supervision:
    if not may_supervise(target, by):
        raise PermissionDenied
    errors = {}
    if not instruction.strip():
        errors["instruction"] = _("请填写督办要求")
    if deadline is None or deadline < timezone.localdate():
        errors["deadline"] = _("反馈时限不能早于今天")
    if errors:
        raise ValidationError(errors)
    item = Supervision.objects.create(
        target=target, instruction=instruction.strip(), deadline=deadline, created_by=by, updated_by=by
    )
    notify(
        _owners(target),
        sender=by,
        url=item.get_absolute_url(),
        title=_("督办：{target}").format(target=target),
        body=instruction.strip(),
    )
    return item


def may_respond(item: Supervision, user) -> bool:
    return may_report(item.target, user) or scope_of(user).covers(Action.CHANGE, AREA, item.target.owner_unit.path)


def may_close(item: Supervision, user) -> bool:
    return item.created_by_id == user.pk or scope_of(user).covers(Action.APPROVE, AREA, item.target.plan.unit.path)


def may_supervise(target: Target, user) -> bool:
    scope = scope_of(user)
    return scope.covers(Action.APPROVE, AREA, target.plan.unit.path) or scope.covers(
        Action.APPROVE, AREA, target.owner_unit.path
    )


@transaction.atomic
def respond_supervision(item: Supervision, *, by, response: str) -> Supervision:
    if item.status == SupervisionStatus.CLOSED:
        raise ValidationError({"status": _("该督办事项已办结")})
    if not response.strip():
        raise ValidationError({"response": _("请填写办理反馈")})
    if not may_respond(item, by):
        raise PermissionDenied
    item.response, item.status, item.responded_at = response.strip(), SupervisionStatus.RESPONDED, timezone.now()
    item.stamp(by)
    item.save()
    if item.created_by_id:
        notify(
            [item.created_by],
            sender=by,
            url=item.get_absolute_url(),
            title=_("督办已反馈：{target}").format(target=item.target),
        )
    return item


@transaction.atomic
def close_supervision(item: Supervision, *, by) -> Supervision:
    if item.status == SupervisionStatus.CLOSED:
        raise ValidationError({"status": _("该督办事项已办结")})
    if not may_close(item, by):
        raise PermissionDenied
    item.status, item.closed_at = SupervisionStatus.CLOSED, timezone.now()
    item.stamp(by)
    item.save()
    return item


# --- Scores and ranks --------------------------------------------------------------------------------


@dataclass
class Score:
    """A unit's assessment: the weighted completion of what it answers for, put on a hundred-point
    scale (百分制) so that units with different numbers of tasks compare fairly, plus its bonus and
    deduction items (加减分)."""

    unit: Unit
    earned: Decimal  # Σ weight × completion of the targets it answers for
    possible: Decimal  # Σ weight of those targets
    adjustments: Decimal  # bonus and deduction points
    lights: dict[str, int] = field(default_factory=dict)
    rank: int | None = None

    @property
    def base(self) -> Decimal | None:
        """目标得分 on a hundred-point scale: 100 × earned ÷ possible."""
        if not self.possible:
            return None
        return (100 * self.earned / self.possible).quantize(TWO_PLACES)

    @property
    def total(self) -> Decimal:
        """综合得分: the hundred-point score plus the adjustments."""
        return ((self.base or ZERO) + self.adjustments).quantize(TWO_PLACES)


EARNED = ExpressionWrapper(F("weight") * F("completion"), output_field=DecimalField(max_digits=14, decimal_places=6))


def _with_parent_owner(queryset):
    """Annotate ``parent_owner``: the owner unit of each target's parent (None for a central task)."""
    parent = Target.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Target.steplen))
    return queryset.annotate(parent_owner=Subquery(parent.values("owner_unit")[:1]))


def scores(units: list[Unit], year: int, today: datetime.date | None = None) -> list[Score]:
    """Each unit's score for ``year`` and its light counts, from four grouped queries whatever the
    number of units. A unit answers for the central tasks of its own plan, and for the targets handed
    to it in anyone's plan — those it owns whose parent it does not own (its people's pieces count
    inside them)."""
    today = today or timezone.localdate()
    ids = [u.pk for u in units]
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])

    def add(rows, key: str) -> None:
        for row in rows:
            total = sums[row[key]]
            total[0] += row["earned"] or ZERO
            total[1] += row["possible"] or ZERO

    central = Target.objects.filter(plan__year=year, plan__unit__in=ids, depth=1)
    add(central.values("plan__unit").annotate(earned=Sum(EARNED), possible=Sum("weight")).order_by(), "plan__unit")
    handed_down = Q(depth__gt=1) & ~Q(parent_owner=F("owner_unit"))  # below depth 1 a parent always exists
    central_elsewhere = Q(depth=1) & ~Q(plan__unit=F("owner_unit"))  # its own central tasks are counted above
    handed = _with_parent_owner(Target.objects.filter(plan__year=year, owner_unit__in=ids)).filter(
        handed_down | central_elsewhere
    )
    add(handed.values("owner_unit").annotate(earned=Sum(EARNED), possible=Sum("weight")).order_by(), "owner_unit")
    adjustments = dict(
        ScoreAdjustment.objects.filter(year=year, unit__in=ids)
        .values("unit")
        .annotate(total=Sum("points"))
        .order_by()
        .values_list("unit", "total")
    )
    lights = light_counts(units, year, today)
    return [
        Score(
            unit=u, earned=Decimal(sums[u.pk][0]).quantize(TWO_PLACES), possible=sums[u.pk][1],
            adjustments=adjustments.get(u.pk) or ZERO, lights=lights[u.pk],
        )
        for u in units
    ]  # fmt: skip


class LightOf(models.Func):
    """``light_of`` as SQL for targets of plans of ``year``, exact to the digit: the expected share
    (``expected_share``: four places, half to even) and the completion are compared in ten-thousandths,
    in integers, so SQLite's floats and PostgreSQL's numerics give the lights Python gives."""

    output_field = models.CharField()

    def __init__(self, year: int, today: datetime.date):
        super().__init__(F("completion"), F("deadline"))
        self.start, self.today = datetime.date(year, 1, 1), today

    def as_sql(self, compiler, connection, **extra):
        (completion, params_c), (deadline, params_d) = (compiler.compile(e) for e in self.get_source_expressions())
        assert not params_c and not params_d  # two plain columns
        # The dates are written into the SQL: they come from date objects, digits and dashes only.
        start, today = self.start.isoformat(), self.today.isoformat()
        if connection.vendor == "sqlite":
            days, today_sql = f"CAST(julianday({deadline}) - julianday('{start}') AS INTEGER)", f"'{today}'"
        else:
            days, today_sql = f"({deadline} - DATE '{start}')", f"DATE '{today}'"
        elapsed = (self.today - self.start).days
        yellow, red = (int(m * 10000) for m in margins())
        share = _half_even(f"{elapsed} * 10000", days) if elapsed > 0 else "0"  # nothing expected before the year
        expected = f"(CASE WHEN {days} <= {elapsed} THEN 10000 ELSE {share} END)"
        done = f"CAST(ROUND({completion} * 10000) AS BIGINT)"
        sql = f"""(CASE WHEN {done} >= 10000 THEN '{Light.GREEN}' WHEN {deadline} < {today_sql} THEN '{Light.RED}'
            WHEN {done} < {expected} - {red} THEN '{Light.RED}'
            WHEN {done} < {expected} - {yellow} THEN '{Light.YELLOW}' ELSE '{Light.GREEN}' END)"""
        return sql, []


def lights_by(targets, year: int, today: datetime.date, *fields: str):
    """``targets`` (all of ``year``) counted by light and ``fields`` in the database, in one grouped
    query: rows of ``fields``, ``light`` and ``n``."""
    return targets.annotate(light=LightOf(year, today)).values(*fields, "light").annotate(n=Count("pk")).order_by()


def plan_lights(plan: Plan, targets, today: datetime.date | None = None) -> tuple[dict[str, int], dict[int, int]]:
    """``targets`` (the plan's, as a user sees them) counted in the database (one query): by light, and
    for each level how many targets lie at or above it."""
    counts, by_depth = dict.fromkeys(Light.values, 0), Counter()
    for row in lights_by(targets, plan.year, today or timezone.localdate(), "depth"):
        counts[row["light"]] += row["n"]
        by_depth[row["depth"]] += row["n"]
    levels, upto = {}, 0
    for depth in sorted(by_depth):
        upto += by_depth[depth]
        levels[depth] = upto
    return counts, levels


def central_score(top: list[Target]) -> tuple[Decimal, Decimal]:
    """A plan's score from its central tasks ``top``: (Σ weight × completion, Σ weight)."""
    earned = sum((t.weight * t.completion for t in top), ZERO)
    return earned.quantize(TWO_PLACES), sum((t.weight for t in top), ZERO)


def light_counts(units: list[Unit], year: int, today: datetime.date) -> dict[int, dict[str, int]]:
    """Green, yellow and red targets owned in each unit's subtree, counted in the database by owner
    unit (two queries whatever the number of targets), then added up the units' paths."""
    counts = {u.pk: dict.fromkeys(Light.values, 0) for u in units}
    if not units:
        return counts
    by_path = {u.path: u.pk for u in units}
    lengths = sorted({len(p) for p in by_path})
    condition = Q()
    for u in minimal_prefixes(set(by_path)):
        condition |= subtree_q("path", u)
    # Owners first (a few hundred units by their path index), then their targets by the owner index.
    targets = Target.objects.filter(owner_unit__in=Unit.objects.filter(condition).values("pk"), plan__year=year)
    for row in lights_by(targets, year, today, "owner_unit__path"):
        path = row["owner_unit__path"]
        for length in lengths:  # the units may nest: a target counts for each that contains it, once
            pk = by_path.get(path[:length]) if length <= len(path) else None
            if pk is not None:
                counts[pk][row["light"]] += row["n"]
    return counts


def rank(items: list[Score]) -> list[Score]:
    """Rank by 综合得分 (equal scores share a rank: 1, 2, 2, 4)."""
    ordered = sorted(items, key=lambda s: -s.total)
    previous, position = None, 0
    for index, item in enumerate(ordered, start=1):
        key = item.total
        if key != previous:
            position, previous = index, key
        item.rank = position
    return ordered


def ranking(parent: Unit, year: int, today: datetime.date | None = None) -> dict[str, list[Score]]:
    """The children of ``parent`` ranked among their own kind (科室 with 科室, 司法所 with 司法所,
    county bureaus within a city): ``{kind label: ranked scores}``, children with no targets left out."""
    return ranking_with_own(parent, year, today)[1]


def ranking_with_own(
    parent: Unit, year: int, today: datetime.date | None = None
) -> tuple[Score, dict[str, list[Score]]]:
    """``parent``'s own score and its children's ranking, from one pass of ``scores`` over both."""
    children = list(Unit.objects.filter(subtree_q("path", parent.path), depth=parent.depth + 1).order_by("path"))
    own, *figures = scores([parent, *children], year, today)
    groups: dict[str, list[Score]] = defaultdict(list)
    for score in figures:
        if score.possible or score.adjustments:
            groups[score.unit.get_kind_display()].append(score)
    return own, {kind: rank(items) for kind, items in groups.items()}


def person_score(person, year: int) -> Score:
    """A member's score from the targets they are personally responsible for (for appraisal)."""
    row = Target.objects.filter(plan__year=year, owner_person=person).aggregate(
        earned=Sum(EARNED), possible=Sum("weight")
    )
    earned = Decimal(row["earned"] or 0).quantize(TWO_PLACES)
    return Score(unit=person.unit, earned=earned, possible=row["possible"] or ZERO, adjustments=ZERO)


# --- What is public -------------------------------------------------------------------------------


def public_commitments(unit: Unit, year: int):
    """The public pledges and model posts of ``unit``'s subtree, for the disclosure portal."""
    return (
        Commitment.objects.filter(subtree_q("unit__path", unit.path), year=year, public=True).select_related(
            "party_org", "person"
        ),
        ModelPost.objects.filter(subtree_q("unit__path", unit.path), year=year, public=True).prefetch_related(
            "holders"
        ),
    )


def my_tasks(user, today: datetime.date | None = None) -> dict[str, list]:
    """What a staff member owns (personally, or as the unit they are granted a role on, for pieces
    with no person named), what falls due within 30 days, what was returned, what waits for review."""
    from qizhi.accounts.models import Grant

    today = today or timezone.localdate()
    person = getattr(user, "person", None)
    mine = Q(owner_person=person) if person is not None else Q(pk__in=[])
    my_units = Q(owner_person__isnull=True, owner_unit__in=Grant.objects.filter(user=user).values("unit"))
    owned = list(
        Target.objects.visible_to(user).filter(mine | my_units, plan__year=today.year)
        .select_related("plan", "owner_unit", "owner_person").order_by("plan", "path")
    )  # fmt: skip
    returned = list(
        ProgressReport.objects.filter(created_by=user, status=workflow.Status.RETURNED).select_related("target")
    )
    to_review = [
        r
        for r in ProgressReport.objects.visible_to(user)
        .filter(status=workflow.Status.SUBMITTED)
        .select_related("target", "target__plan", "target__owner_unit", "created_by")
        if may_approve(r, user)
    ]
    due = [t for t in owned if t.completion < 1 and t.deadline <= today + datetime.timedelta(days=30)]
    return {"owned": owned, "due": due, "returned": returned, "to_review": to_review}
