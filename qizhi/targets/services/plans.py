"""Building a plan: targets, their decomposition and milestones, checks, deletion, copying a year."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    Count,
    Max,
    Min,
    Sum,
)
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import Refused, lock, require
from qizhi.core.scoping import scope_of
from qizhi.targets.choices import IndicatorKind
from qizhi.targets.models import (
    Milestone,
    Plan,
    Target,
)
from qizhi.targets.services.completion import AREA, ZERO, refresh

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


def _covers_target(target: Target, user, action: str) -> bool:
    """Whether ``user`` may take ``action`` on ``target``: over its owner unit or over its plan's unit
    (the model's two scope paths, read from the loaded row: no query)."""
    scope = scope_of(user)
    return scope.covers(action, AREA, target.owner_unit.path) or scope.covers(action, AREA, target.plan.unit.path)


def may_add_target(plan: Plan, user, parent: Target | None = None) -> bool:
    """A central task is added by whoever may add targets over the plan's unit; a piece of ``parent``
    also by whoever may add them over the parent's owner unit (a 司法所 decomposes its own share)."""
    if parent is None:
        return scope_of(user).covers(Action.ADD, AREA, plan.unit.path)
    return _covers_target(parent, user, Action.ADD)


def may_change_target(target: Target, user) -> bool:
    """Who edits a task and adds its milestones: whoever may change targets over either of its units."""
    return _covers_target(target, user, Action.CHANGE)


@transaction.atomic
def add_target(plan: Plan, *, parent: Target | None = None, by, milestones=(), **data) -> Target:
    """A central task (no ``parent``) or a piece of ``parent``; ``milestones``: (title, due) pairs."""
    lock(parent if parent is not None else plan)
    if not may_add_target(plan, by, parent):
        raise Refused(
            _("您不能分解任务“{parent}”").format(parent=parent)
            if parent is not None
            else _("您不能在“{plan}”中新增任务").format(plan=plan)
        )
    return _build_target(plan, parent=parent, by=by, milestones=milestones, **data)


def _build_target(plan: Plan, *, parent: Target | None, by, milestones=(), **data) -> Target:
    """``add_target`` once the actor's right is settled (copying a plan checks it once for all)."""
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


def may_delete(target: Target, user) -> bool:
    """A task goes only while nothing hangs on it: no progress report, no piece below it."""
    return not target.numchild and not target.reports.exists()


@transaction.atomic
def delete_target(target: Target, *, by) -> None:
    """Delete a task (its history keeps the deleted version) and recompute what it counted toward."""
    lock(target)
    require(target, by=by, action=Action.DELETE, message=_("您不能删除任务“{target}”").format(target=target))
    if not may_delete(target, by):
        raise ValidationError({"target": _("该任务已有进度报告或下级任务，不能删除")})
    parent = Target.objects.get_parent(target) if target.depth > 1 else None
    target._history_user = by
    try:
        with transaction.atomic():
            target.delete()
    except models.ProtectedError as exc:
        raise ValidationError({"target": _("“{obj}”仍被其他记录引用，不能删除").format(obj=target)}) from exc
    if parent is not None:
        parent.refresh_from_db()
        refresh(parent)


@transaction.atomic
def update_target(target: Target, *, by, **data) -> Target:
    lock(target)  # the version an edit started from (``expect_version``) survives: the save checks it
    if not may_change_target(target, by):
        raise Refused(_("您不能修改任务“{target}”").format(target=target))
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
    lock(target)
    if not may_change_target(target, by):
        raise Refused(_("您不能为任务“{target}”添加节点").format(target=target))
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


def may_copy_plan(plan: Plan, user) -> bool:
    """Who starts next year from a plan: whoever may add plans (and their tasks) over its unit."""
    return scope_of(user).covers(Action.ADD, AREA, plan.unit.path)


@transaction.atomic
def copy_plan(plan: Plan, year: int, *, by) -> Plan:
    """Next year's plan from ``plan``: same tasks, owners, weights and goals, deadlines moved to
    ``year``, no progress. Adjust it afterwards."""
    lock(plan)
    if not may_copy_plan(plan, by):
        raise Refused(_("您不能复制“{plan}”").format(plan=plan))
    if Plan.objects.filter(unit=plan.unit, year=year).exists():
        raise ValidationError({"year": _("该单位{year}年已有目标责任书").format(year=year)})
    title = plan.title.replace(str(plan.year), str(year)) if str(plan.year) in plan.title else f"{year}年{plan.title}"
    new = Plan.objects.create(
        unit=plan.unit, year=year, title=title, description=plan.description, created_by=by, updated_by=by
    )
    copies: dict[str, Target] = {}

    def moved(day: datetime.date) -> datetime.date:
        try:
            return day.replace(year=year)
        except ValueError:  # 29 February
            return day.replace(year=year, day=28)

    for old in Target.objects.filter(plan=plan).order_by("path").prefetch_related("milestones"):
        data = {name: getattr(old, name) for name in TARGET_FIELDS} | {"deadline": moved(old.deadline)}
        parent = copies.get(old.parent_path) if old.depth > 1 else None
        copies[old.path] = _build_target(
            new, parent=parent, by=by, milestones=[(m.title, moved(m.due)) for m in old.milestones.all()], **data
        )
    return new
