"""Completion: a leaf's from its indicator, a decomposed target's the weighted completion of its
children. ``indicator_completion`` and ``weighted`` state the rule on plain values; the one roll-up that
writes it, ``rebuild_plans``, does it in set-based SQL for one plan or a province's year, and the tests
prove it equal to that rule digit for digit on random trees (``tests/test_rebuild_plans.py``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models, transaction

from qizhi.targets.choices import Direction, IndicatorKind
from qizhi.targets.models import (
    Milestone,
    Plan,
    Target,
)

ZERO, ONE = Decimal(0), Decimal(1)
FOUR_PLACES = Decimal("0.0001")
TWO_PLACES = Decimal("0.01")
SANE_FACTOR = 10  # a reported value over ten times the goal needs the reporter's confirmation
AREA = "targets"


# (yellow, red): how far behind the time-proportional expectation a target may fall. (It read a
# setting defined nowhere; as a value users tune it belongs in a table administrators edit — not yet.)
LIGHT_MARGINS = (Decimal("0.10"), Decimal("0.30"))


def margins() -> tuple[Decimal, Decimal]:
    return LIGHT_MARGINS


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


def refresh(target: Target) -> None:
    """Recompute the completion of ``target``'s plan after ``target`` changed (a value, a milestone, a
    weight, a child added or removed): the one roll-up, ``rebuild_plans``, on that plan."""
    rebuild_plans(Plan.objects.filter(pk=target.plan_id))


def rebuild(plan: Plan) -> None:
    """Recompute every target of ``plan`` from its leaves (``rebuild_plans`` on one plan)."""
    rebuild_plans(Plan.objects.filter(pk=plan.pk))


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
    """The completion of every target of ``plans`` (a queryset: one plan, or a province's year), in
    set-based SQL: one UPDATE for the leaves, then one per level from the deepest up, each grouping the
    level's targets by their parent's path — a few statements whatever the number of targets."""
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
