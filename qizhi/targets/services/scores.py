"""Scores and ranks of units over the year's targets."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Length, Substr
from django.utils import timezone

from qizhi.core.scoping import minimal_prefixes, subtree_q
from qizhi.org.models import Unit
from qizhi.targets.choices import Light
from qizhi.targets.models import (
    Plan,
    ScoreAdjustment,
    Target,
)
from qizhi.targets.services.completion import TWO_PLACES, ZERO
from qizhi.targets.services.lights import LightOf

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
    def ranked(self) -> bool:
        """Whether the unit takes part in a ranking: it has targets to score or adjustments."""
        return bool(self.possible or self.adjustments)

    @property
    def total(self) -> Decimal:
        """综合得分: the hundred-point score plus the adjustments."""
        return ((self.base or ZERO) + self.adjustments).quantize(TWO_PLACES)


EARNED = ExpressionWrapper(F("weight") * F("completion"), output_field=DecimalField(max_digits=14, decimal_places=6))


def _with_parent_owner(queryset):
    """Annotate ``parent_owner``: the owner unit of each target's parent (None for a central task)."""
    parent = Target.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Target.steplen))
    return queryset.annotate(parent_owner=Subquery(parent.values("owner_unit")[:1]))


def scores(units: list[Unit], year: int, today: datetime.date | None = None, *, lights: bool = True) -> list[Score]:
    """Each unit's score for ``year`` and its light counts, from four grouped queries whatever the
    number of units. A unit answers for the central tasks of its own plan, and for the targets handed
    to it in anyone's plan — those it owns whose parent it does not own (its people's pieces count
    inside them). ``lights=False`` leaves the light counts out: they read every target of the units'
    subtrees, the score only the units' own."""
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
    counts = light_counts(units, year, today) if lights else {}
    return [
        Score(
            unit=u, earned=Decimal(sums[u.pk][0]).quantize(TWO_PLACES), possible=sums[u.pk][1],
            adjustments=adjustments.get(u.pk) or ZERO, lights=counts.get(u.pk, {}),
        )
        for u in units
    ]  # fmt: skip


def lights_by(targets, year: int, today: datetime.date, *fields: str):
    """``targets`` (all of ``year``) counted by light and ``fields`` in the database, in one grouped
    query: rows of ``fields``, ``light`` and ``n``."""
    return targets.annotate(light=LightOf(today, year)).values(*fields, "light").annotate(n=Count("pk")).order_by()


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
        if score.ranked:
            groups[score.unit.get_kind_display()].append(score)
    return own, {kind: rank(items) for kind, items in groups.items()}


def sibling_rank(unit: Unit, year: int, today: datetime.date | None = None) -> tuple[Score, int | None, int]:
    """``unit``'s score (without lights), its rank among its parent's children of its kind as ``ranking``
    ranks them, and how many are ranked: ``(score, None, 0)`` for the root or a unit with nothing to score.
    Scores the siblings only, not their subtrees' lights: a city's cockpit ranks it in one short pass."""
    if unit.depth == 1:
        return scores([unit], year, today, lights=False)[0], None, 0
    siblings = Unit.objects.filter(subtree_q("path", unit.parent_path), depth=unit.depth, kind=unit.kind).order_by(
        "path"
    )
    figures = scores(list(siblings), year, today, lights=False)
    ranked = rank([s for s in figures if s.ranked])
    own = next(s for s in figures if s.unit.pk == unit.pk)
    return own, own.rank, len(ranked)
