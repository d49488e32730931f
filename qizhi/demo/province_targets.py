"""One year's target plans for the generated province (``province.py``), written in bulk.

Each bureau (厅, 市局, 县局) gets a plan of ``tasks`` central tasks, decomposed four levels down: the
bureau's task (level 1) → a piece for each of a few of its child units (a county's sections and
judicial offices, a city's county bureaus; level 2) → pieces kept by that unit or handed to its own
children (level 3) → pieces for the people who serve there (level 4). At the default size that is
about 2,400 targets a plan and 320,000 in all, with about a million progress reports on the leaves,
mostly approved.

Rows are built per plan and written with ``bulk_create``: treebeard paths, depths and child counts are
computed here (never ``add_child``, one query a node), leaves take the value of their latest approved
report, and completion is rolled up once for the whole province by ``services.rebuild_plans`` (set-based
SQL). No history rows are written, as for the province itself.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from qizhi.core.scoping import subtree_q
from qizhi.core.workflow import Status
from qizhi.demo.province import generated_root
from qizhi.org.choices import UnitKind
from qizhi.org.models import Person, Unit
from qizhi.targets import services
from qizhi.targets.choices import Family, IndicatorKind
from qizhi.targets.models import Milestone, Plan, ProgressReport, Target

__all__ = ["Outcome", "TargetsSize", "delete_generated", "generate", "generated_plans", "generated_root"]
BATCH_SIZE = 2000
TASKS = (  # (category, measure, unit of measure, family)
    ("人民调解", "调处矛盾纠纷", "件", Family.BUSINESS),
    ("法治宣传", "开展普法活动", "场", Family.BUSINESS),
    ("法律援助", "办理法律援助案件", "件", Family.BUSINESS),
    ("社区矫正", "开展教育帮扶", "人次", Family.BUSINESS),
    ("公证服务", "办理公证", "件", Family.BUSINESS),
    ("行政复议", "办结复议案件", "件", Family.BUSINESS),
    ("安置帮教", "落实帮教措施", "人", Family.BUSINESS),
    ("法律服务", "提供公共法律服务", "次", Family.BUSINESS),
    ("党员教育", "组织集中学习", "次", Family.PARTY),
    ("支部建设", "开展主题党日", "次", Family.PARTY),
)
QUARTER_ENDS = ((6, 30), (9, 30), (12, 31))
BUREAUS = (UnitKind.DEPARTMENT_OF_JUSTICE, UnitKind.BUREAU)  # the units that get a plan


@dataclass(frozen=True)
class TargetsSize:
    tasks: int = 30  # central tasks a plan
    pieces: int = 5  # level-2 pieces a task (one per child unit, as many as there are)
    subpieces: int = 3  # level-3 pieces a level-2 piece
    people: int = 4  # level-4 pieces a level-3 piece, one per person
    reports: int = 4  # progress reports a leaf, on average
    milestone_share: float = 0.05  # leaves with milestones instead of a value
    seed: int = 2026


@dataclass
class Outcome:
    plans: int = 0
    targets: int = 0
    milestones: int = 0
    reports: int = 0
    county_plan: Plan | None = None
    city: Unit | None = None


def generated_plans(year: int | None = None):
    """The plans of the generated province (all years, or one)."""
    root = generated_root()
    if root is None:
        return Plan.objects.none()
    plans = Plan.objects.filter(subtree_q("unit__path", root.path))
    return plans.filter(year=year) if year else plans


def delete_generated() -> int:
    """Delete the generated plans with their targets, milestones and reports; returns the plans deleted.

    A raw DELETE per table: the collector would load a million reports to send their signals."""
    plans = generated_plans()
    count = plans.count()
    targets = Target.objects.filter(plan__in=plans)
    with transaction.atomic():
        through = ProgressReport.milestones_done.through
        for queryset in (
            through.objects.filter(progressreport__target__in=targets),
            ProgressReport.objects.filter(target__in=targets),
            Milestone.objects.filter(target__in=targets),
            Target.commitments.through.objects.filter(target__in=targets),
            targets,
            plans,
        ):
            queryset._raw_delete(queryset.db)
    return count


class PlanBuilder:
    def __init__(self, size: TargetsSize, year: int, today: datetime.date):
        self.size, self.year, self.today = size, year, today
        self.rng = random.Random(size.seed)
        self.children: dict[int, list[Unit]] = defaultdict(list)
        self.staff: dict[int, list[int]] = defaultdict(list)
        last = Target.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
        self.root_step = Target._str2int(last) if last else 0
        self.outcome = Outcome()

    def load(self, root: Unit) -> list[Unit]:
        units = list(Unit.objects.filter(subtree_q("path", root.path)).order_by("path"))
        by_path = {u.path: u for u in units}
        for unit in units:
            if unit.depth > root.depth:
                self.children[by_path[unit.parent_path].pk].append(unit)
        people = Person.objects.filter(subtree_q("unit__path", root.path), retired=False)
        for pk, unit_id in people.order_by("pk").values_list("pk", "unit_id"):
            self.staff[unit_id].append(pk)
        return units

    # --- one plan -------------------------------------------------------------------------------

    def node(self, plan: Plan, parent: Target | None, index: int, **fields) -> Target:
        if parent is None:
            self.root_step += 1
            path, depth = Target._get_path(None, 1, self.root_step), 1
        else:
            parent.numchild += 1
            path, depth = Target._get_path(parent.path, parent.depth + 1, index), parent.depth + 1
        return Target(plan=plan, path=path, depth=depth, numchild=0, **fields)

    def deadline(self, ceiling: datetime.date) -> datetime.date:
        month, day = self.rng.choice((*QUARTER_ENDS, (ceiling.month, ceiling.day)))
        return min(ceiling, datetime.date(self.year, month, day))

    def split(self, total: Decimal, parts: int) -> list[Decimal]:
        """``total`` in ``parts`` shares (to the cent) that add up to it exactly."""
        cents = int(total * 100)
        base, rest = divmod(cents, parts)
        return [Decimal(base + (i < rest)) / 100 for i in range(parts)]

    def plan(self, unit: Unit) -> list[Target]:
        plan = Plan.objects.create(unit=unit, year=self.year, title=f"{unit.name}{self.year}年目标责任书")
        self.outcome.plans += 1
        rows: list[Target] = []
        weights = self.split(Decimal(100), self.size.tasks)
        for number in range(self.size.tasks):
            category, measure, uom, family = TASKS[number % len(TASKS)]
            goal = Decimal(self.rng.randrange(60, 600, 12))
            task = self.node(
                plan, None, 0, family=family, category=category, title=f"{category}第{number + 1}项",
                weight=weights[number], deadline=self.deadline(datetime.date(self.year, 12, 31)), owner_unit=unit,
                measure=measure, unit_of_measure=uom, goal=goal,
            )  # fmt: skip
            rows.append(task)
            self.decompose(plan, task, unit, rows)
        return rows

    def decompose(self, plan: Plan, task: Target, unit: Unit, rows: list[Target]) -> None:
        size = self.size
        below = self.children[unit.pk] or [unit]
        first = self.rng.randrange(len(below))
        owners = [below[(first + i) % len(below)] for i in range(min(size.pieces, len(below)))]
        for i, (owner, weight, goal) in enumerate(zip(owners, *self.shares(task, len(owners)), strict=True), 1):
            piece = self.child(plan, task, i, owner, weight, goal, f"{owner.name}承担")
            rows.append(piece)
            further = self.children[owner.pk] or [owner]
            for j, (weight3, goal3) in enumerate(zip(*self.shares(piece, size.subpieces), strict=True), 1):
                sub_owner = further[(j - 1) % len(further)]
                sub = self.child(plan, piece, j, sub_owner, weight3, goal3, f"{sub_owner.name}第{j}组")
                rows.append(sub)
                staff = self.staff[sub_owner.pk] or [None]
                for k, (weight4, goal4) in enumerate(zip(*self.shares(sub, size.people), strict=True), 1):
                    person = staff[(j * size.people + k) % len(staff)]
                    leaf = self.child(plan, sub, k, sub_owner, weight4, goal4, f"个人任务{k}", person=person)
                    rows.append(leaf)

    def shares(self, parent: Target, parts: int) -> tuple[list[Decimal], list[Decimal]]:
        return self.split(parent.weight, parts), self.split(parent.goal, parts)

    def child(self, plan, parent: Target, index: int, owner: Unit, weight, goal, suffix: str, person=None) -> Target:
        return self.node(
            plan, parent, index, family=parent.family, category=parent.category, title=f"{parent.category}·{suffix}",
            weight=weight, deadline=self.deadline(parent.deadline), owner_unit=owner, owner_person_id=person,
            measure=parent.measure, unit_of_measure=parent.unit_of_measure, goal=goal,
        )  # fmt: skip

    # --- progress on the leaves ---------------------------------------------------------------------

    def progress(self, leaves: list[Target]) -> tuple[list[Milestone], list[ProgressReport]]:
        """Reports spread over the months so far (mostly approved; the latest sometimes submitted or
        returned); a leaf's ``actual`` is its latest approved value. Some leaves count milestones."""
        milestones, reports = [], []
        start = datetime.date(self.year, 1, 1)
        for leaf in leaves:
            pace = self.rng.choice((0.4, 0.7, 0.9, 1.0, 1.0, 1.1))  # how well this leaf keeps up with time
            expected = float(services.expected_share(start, leaf.deadline, self.today))
            if self.rng.random() < self.size.milestone_share:
                leaf.kind, leaf.goal, leaf.measure, leaf.unit_of_measure = IndicatorKind.MILESTONE, None, "", ""
                for position, (month, day) in enumerate(QUARTER_ENDS, start=1):
                    due = min(leaf.deadline, datetime.date(self.year, month, day))
                    done = due if due <= self.today and self.rng.random() < pace else None
                    milestones.append(Milestone(target=leaf, position=position, title=f"第{position}阶段", due=due,
                                                done_on=done))  # fmt: skip
                steps = milestones[-len(QUARTER_ENDS) :]
                done = sum(m.done_on is not None for m in steps)
                leaf.completion = services.indicator_completion(leaf.kind, leaf.direction, None, None, done, len(steps))
                continue
            count = self.rng.randint(max(0, self.size.reports - 2), self.size.reports + 2)
            months = max(1, min(self.today.month, leaf.deadline.month))
            for n in range(1, count + 1):
                as_of = datetime.date(self.year, max(1, months * n // count), 1) + datetime.timedelta(days=14)
                as_of = min(as_of, self.today)
                share = min(2.0, expected * pace * n / count)
                value = (leaf.goal * Decimal(str(round(share, 3)))).quantize(Decimal("0.01"))
                status = Status.APPROVED
                if n == count and self.rng.random() < 0.15:
                    status = self.rng.choice((Status.SUBMITTED, Status.RETURNED))
                narrative = f"截至{as_of:%-m月%-d日}完成{value}{leaf.unit_of_measure}"
                reports.append(
                    ProgressReport(target=leaf, as_of=as_of, value=value, status=status, narrative=narrative)
                )
                if status == Status.APPROVED:
                    leaf.actual = value
            # what the roll-up would find: it then rewrites only the decomposed targets
            leaf.completion = services.indicator_completion(leaf.kind, leaf.direction, leaf.goal, leaf.actual)
        return milestones, reports

    def write(self, unit: Unit) -> None:
        rows = self.plan(unit)
        leaves = [t for t in rows if t.numchild == 0]
        milestones, reports = self.progress(leaves)
        Target.objects.bulk_create(rows, batch_size=BATCH_SIZE)  # both engines return the keys
        Milestone.objects.bulk_create(milestones, batch_size=BATCH_SIZE)
        ProgressReport.objects.bulk_create(reports, batch_size=BATCH_SIZE)
        self.outcome.targets += len(rows)
        self.outcome.milestones += len(milestones)
        self.outcome.reports += len(reports)


def generate(size: TargetsSize, year: int | None = None, progress=None) -> Outcome:
    """Plans for every bureau of the generated province; ``progress(done, total)`` is told as they go."""
    root = generated_root()
    if root is None:
        raise LookupError("no generated province")
    today = timezone.localdate()
    year = year or today.year
    builder = PlanBuilder(size, year, min(today, datetime.date(year, 12, 31)))
    bureaus = builder.load(root)
    bureaus = [u for u in bureaus if u.kind in BUREAUS]
    with transaction.atomic():
        for done, unit in enumerate(bureaus, start=1):
            builder.write(unit)
            if progress:
                progress(done, len(bureaus))
        services.rebuild_plans(generated_plans(year))
    outcome = builder.outcome
    outcome.city = next(u for u in bureaus if u.depth == root.depth + 1)
    county = next(u for u in bureaus if u.depth == root.depth + 2)
    outcome.county_plan = Plan.objects.get(unit=county, year=year)
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM also marks the pages all-visible, so covering indexes are read alone.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # (not in a test)
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return outcome
