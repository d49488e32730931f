"""The set-based roll-up (the one that writes completion) gives, digit for digit, what the rule stated on
plain values gives — ``indicator_completion`` for a leaf, ``weighted`` over the children — computed here
recursively from the rows, plan by plan."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.targets import services
from qizhi.targets.choices import Direction, IndicatorKind
from qizhi.targets.models import Milestone, Plan, Target

pytestmark = pytest.mark.django_db
D = Decimal

node = st.tuples(
    st.integers(0, 40),  # parent choice
    st.sampled_from([D(0), D("0.01"), D("0.33"), D(1), D(3), D("7.5"), D("33.33")]),  # weight
    st.sampled_from([None, D(0), D(3), D(7), D("9.99"), D(12), D(40)]),  # goal
    st.sampled_from([None, D(0), D(1), D(2), D("4.44"), D(7), D(13), D(400)]),  # actual
    st.sampled_from([Direction.AT_LEAST, Direction.AT_LEAST, Direction.AT_MOST]),
    st.integers(-2, 3),  # milestones: the target counts this many when positive, half of them done
)
forests = st.lists(st.lists(node, min_size=1, max_size=12), min_size=1, max_size=3)  # one tree list per plan


def build(unit, year: int, index: int, nodes: list) -> Plan:
    plan = Plan.objects.create(unit=unit, year=year, title=f"随机{index}")
    made: list[Target] = []
    end = datetime.date(year, 12, 31)
    for choice, weight, goal, actual, direction, milestones in nodes:
        fields = {
            "plan": plan, "title": "任务", "weight": weight, "goal": goal, "actual": actual, "deadline": end,
            "direction": direction, "owner_unit": unit,
            "kind": IndicatorKind.MILESTONE if milestones > 0 else IndicatorKind.QUANTITATIVE,
        }  # fmt: skip
        parent = made[choice % len(made)] if made and choice % 4 else None
        if parent is not None and parent.depth < 4:
            target = Target.objects.add_child(Target.objects.get(pk=parent.pk), instance=Target(**fields))
        else:
            target = Target.objects.add_root(instance=Target(**fields))
        for position in range(max(0, milestones)):
            done = end if position < milestones // 2 else None
            Milestone.objects.create(target=target, position=position, title="节点", due=end, done_on=done)
        made.append(target)
    return plan


def reference(plan: Plan) -> dict[int, Decimal]:
    """Each target's completion by the rule, recursively: no SQL arithmetic, no shared code path."""
    targets = {t.path: t for t in Target.objects.filter(plan=plan)}
    milestones = {t.pk: [m.done_on for m in t.milestones.all()] for t in targets.values()}
    result: dict[int, Decimal] = {}

    def completion(target: Target) -> Decimal:
        kids = [t for path, t in targets.items() if path[: -Target.steplen] == target.path and t.depth > 1]
        if kids:
            value = services.weighted([(kid.weight, completion(kid)) for kid in kids])
        else:
            steps = milestones[target.pk]
            value = services.indicator_completion(
                target.kind, target.direction, target.goal, target.actual, sum(d is not None for d in steps), len(steps)
            )
        result[target.pk] = value
        return value

    for target in targets.values():
        if target.depth == 1:
            completion(target)
    return result


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(forests=forests)
def test_it_equals_the_rule_computed_recursively(personas, forests):
    a = personas.a
    Plan.objects.filter(unit=a.office).delete()
    plans = [build(a.office, 2030 + i, i, nodes) for i, nodes in enumerate(forests)]
    expected = {}
    for plan in plans:
        expected |= reference(plan)
    Target.objects.filter(plan__in=plans).update(completion=D("0.5"))
    services.rebuild_plans(Plan.objects.filter(pk__in=[p.pk for p in plans]))
    assert dict(Target.objects.filter(plan__in=plans).values_list("pk", "completion")) == expected


def test_it_leaves_other_plans_alone(personas):
    a, b = personas.a, personas.b
    mine = build(a.office, 2031, 0, [(0, D(1), D(10), D(5), Direction.AT_LEAST, 0)])
    other = build(b.office, 2031, 1, [(0, D(1), D(10), D(5), Direction.AT_LEAST, 0)])
    services.rebuild_plans(Plan.objects.filter(pk=mine.pk))
    assert Target.objects.get(plan=mine).completion == D("0.5")
    assert Target.objects.get(plan=other).completion == 0
