"""Targets' rules against hand-computed figures: completion and its roll-up, lights at their
boundaries, scores and ranks, every bad-input rule, and a Hypothesis property over random trees."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.core.models import Notification
from qizhi.core.pytest_plugin import TEST_TODAY
from qizhi.core.refusals import Refused
from qizhi.org.models import Unit
from qizhi.org.testing import make_person
from qizhi.targets import services
from qizhi.targets.choices import Direction, IndicatorKind, Light
from qizhi.targets.models import Milestone, Plan, ScoreAdjustment, Target
from qizhi.targets.testing import plan_of, report_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]
D = Decimal
TODAY = TEST_TODAY


def reload(target) -> Target:
    return Target.objects.get(pk=target.pk)


# --- Completion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "direction", "goal", "actual", "done", "total", "expected"),
    [
        (IndicatorKind.QUANTITATIVE, Direction.AT_LEAST, D(60), D(30), 0, 0, D("0.5")),
        (IndicatorKind.QUANTITATIVE, Direction.AT_LEAST, D(60), D(90), 0, 0, D(1)),  # over the goal: capped
        (IndicatorKind.QUANTITATIVE, Direction.AT_LEAST, D(60), None, 0, 0, D(0)),
        (IndicatorKind.QUANTITATIVE, Direction.AT_MOST, D(3), D(2), 0, 0, D(1)),  # complaints ≤ 3
        (IndicatorKind.QUANTITATIVE, Direction.AT_MOST, D(3), D(4), 0, 0, D("0.75")),
        (IndicatorKind.MILESTONE, Direction.AT_LEAST, None, None, 1, 3, D("0.3333")),
        (IndicatorKind.MILESTONE, Direction.AT_LEAST, None, None, 0, 0, D(0)),
    ],
)
def test_a_leafs_completion_comes_from_its_indicator(kind, direction, goal, actual, done, total, expected):
    assert services.indicator_completion(kind, direction, goal, actual, done, total) == expected


def test_approved_progress_rolls_up_by_weight(personas):
    a = personas.a
    p = plan_of(a)
    report = report_of(a)  # 乙: 30 of 60 件
    assert reload(p["member"]).completion == 0  # submitted is not counted
    services.approve_progress(report, by=a.unit_head)
    assert reload(p["member"]).completion == D("0.5")
    assert reload(p["judicial"]).completion == D("0.5")
    # 人民调解 = (20 × 0 + 40 × 0.5) / 60 = 0.3333
    assert reload(p["mediation"]).completion == D("0.3333")
    assert reload(p["mediation"]).actual is None  # a decomposed task has no value of its own


def test_milestones_done_by_approved_progress(personas):
    a = personas.a
    lessons = plan_of(a)["lessons"]
    first = lessons.milestones.first()
    report = services.report_progress(lessons, by=a.admin, as_of=TODAY, milestones=[first], narrative="上半年党课已讲")
    services.approve_progress(report, by=a.leader)
    first.refresh_from_db()
    assert first.done_on == TODAY
    assert reload(lessons).completion == D("0.5")


def test_the_plan_score_is_the_weighted_sum_of_central_tasks(personas):
    a = personas.a
    p = plan_of(a)
    services.approve_progress(report_of(a), by=a.unit_head)
    [score] = services.scores([a.unit], p["plan"].year)
    # 60 × 0.3333 + 40 × 0 = 19.998 → 20.00 of 100
    assert (score.earned, score.possible, score.base, score.total) == (D("20.00"), D(100), D("20.00"), D("20.00"))


def test_a_sections_score_counts_the_pieces_handed_to_it(personas):
    a = personas.a
    p = plan_of(a)
    services.approve_progress(report_of(a), by=a.unit_head)
    ScoreAdjustment.objects.create(unit=a.judicial_office, year=p["plan"].year, points=D(2), reason="省级表彰")
    office, judicial = services.scores([a.office, a.judicial_office], p["plan"].year)
    assert (office.earned, office.possible, office.base) == (D("0.00"), D(20), D("0.00"))
    # 40 × 0.5 = 20 of 40 → 50 on the hundred-point scale, + 2 bonus = 52
    assert (judicial.earned, judicial.base, judicial.adjustments, judicial.total) == (D("20.00"), D(50), D(2), D(52))


def test_the_bureau_answers_for_its_central_tasks_whoever_owns_them(personas):
    a = personas.a
    p = plan_of(a)
    year = p["plan"].year
    services.add_target(p["plan"], by=a.admin, title="办公室承办的中心工作", weight=D(10), goal=D(10),
                        deadline=datetime.date(year, 12, 31), owner_unit=a.office)  # fmt: skip
    bureau, office = services.scores([a.unit, a.office], year)
    assert bureau.possible == D(110)  # 60 + 40 + the office's central task
    assert office.possible == D(30)  # its piece of 人民调解 (20) and the central task it owns (10)


def test_ranking_groups_siblings_by_kind_and_shares_ranks(personas):
    a = personas.a
    year = plan_of(a)["plan"].year
    second_office = Unit.objects.add_child(a.unit, create_kwargs={"name": "东乡司法所", "kind": "judicial_office"})
    plan = plan_of(a)["plan"]
    services.add_target(
        plan,
        by=a.admin,
        title="东乡调解",
        weight=D(40),
        goal=D(10),
        deadline=datetime.date(year, 12, 31),
        owner_unit=second_office,
    )
    services.approve_progress(report_of(a), by=a.unit_head)  # 云溪司法所 50 %
    groups = services.ranking(a.unit, year)
    assert set(groups) == {"内设科室", "司法所"}
    offices = groups["司法所"]
    assert [(s.unit.name, s.rank, s.total) for s in offices] == [("云溪司法所", 1, D(50)), ("东乡司法所", 2, D(0))]
    assert services.rank([services.Score(a.unit, D(5), D(10), D(0)), services.Score(a.office, D(5), D(10), D(0)),
                          services.Score(a.judicial_office, D(1), D(10), D(0))])[2].rank == 3  # fmt: skip
    # The cockpit's rank of each child (its siblings of its kind only, without their lights) is the ranking's.
    for kind in groups.values():
        for score in kind:
            own, place, count = services.sibling_rank(score.unit, year)
            assert (own.total, place, count) == (score.total, score.rank, len(kind)) and own.lights == {}
    unranked = Unit.objects.add_child(a.unit, create_kwargs={"name": "无目标科", "kind": "department"})
    assert services.sibling_rank(unranked, year)[1:] == (None, len(groups["内设科室"]))
    root = Unit.objects.get(path=a.unit.path[: Unit.steplen])
    assert services.sibling_rank(root, year)[1:] == (None, 0)  # a root has no siblings to rank among


# --- Lights -----------------------------------------------------------------------------------------


def light_of(completion: Decimal, year: int, deadline: datetime.date, today: datetime.date) -> str:
    """The reference, as DOMAIN.md states the rule: done is green; overdue is red; else red or yellow when
    behind the time-proportional expectation by more than the red or the yellow margin."""
    if completion >= 1:
        return Light.GREEN
    if today > deadline:
        return Light.RED
    gap = services.expected_share(datetime.date(year, 1, 1), deadline, today) - completion
    yellow, red = services.margins()
    return Light.RED if gap > red else Light.YELLOW if gap > yellow else Light.GREEN


@pytest.mark.parametrize(
    ("completion", "day", "expected"),
    [
        (D("0.40"), (0, 7, 2), Light.GREEN),  # expected 0.5: 0.10 behind is not *more* than 0.10
        (D("0.3999"), (0, 7, 2), Light.YELLOW),
        (D("0.20"), (0, 7, 2), Light.YELLOW),  # 0.30 behind: not more than the red margin
        (D("0.1999"), (0, 7, 2), Light.RED),
        (D("0.90"), (0, 12, 31), Light.GREEN),  # the deadline day: everything is expected
        (D("0.8999"), (0, 12, 31), Light.YELLOW),
        (D("0.6999"), (0, 12, 31), Light.RED),
        (D("1"), (1, 1, 5), Light.GREEN),  # done is green, even after the deadline
        (D("0.95"), (1, 1, 1), Light.RED),  # overdue
        (D("0"), (0, 1, 1), Light.GREEN),  # nothing expected yet
    ],
)
def test_lights_at_their_boundaries(personas, completion, day, expected):
    # 1 January → 31 December of 2026 is 364 days; 2 July is day 182: half the time.
    target = plan_of(personas.a)["office"]
    Plan.objects.filter(pk=target.plan_id).update(year=2026)
    Target.objects.filter(pk=target.pk).update(completion=completion, deadline=datetime.date(2026, 12, 31))
    today = datetime.date(2026 + day[0], day[1], day[2])
    assert light_of(completion, 2026, datetime.date(2026, 12, 31), today) == expected
    assert services.light(reload(target), today) == expected
    assert services.with_lights(Target.objects.filter(pk=target.pk), today, 2026).get().light == expected


def test_the_supervision_list_shows_lagging_targets_of_my_subtree(personas):
    a = personas.a
    p = plan_of(a)
    late_day = datetime.date(p["plan"].year, 11, 30)
    rows = services.supervision_list(a.unit, p["plan"].year, a.leader, today=late_day)
    assert {r.target.title for r in rows} == {
        "云溪人民调解",
        "云溪机关调解",
        "云溪司法所调解",
        "云溪乙调解任务",
        "云溪三会一课",
    }
    assert all(r.light == Light.RED for r in rows)  # eleven months gone, nothing done
    assert services.supervision_list(a.unit, p["plan"].year, personas.b.leader, today=late_day) == []


def test_a_supervision_item_reaches_the_owner_and_closes(personas):
    a = personas.a
    target = plan_of(a)["member"]
    item = services.open_supervision(target, by=a.leader, instruction="请说明滞后原因", deadline=TODAY)
    assert Notification.objects.filter(recipient=a.staff, title__startswith="督办").exists()
    with pytest.raises(ValidationError):
        services.respond_supervision(item, by=a.staff, response="  ")
    services.respond_supervision(item, by=a.staff, response="已制定赶超计划")
    services.close_supervision(item, by=a.leader)
    item.refresh_from_db()
    assert item.status == "closed" and item.response == "已制定赶超计划"


# --- Bad input: a clear message naming the field, and nothing changed ------------------------------


def bad_target(personas, **changes):
    a = personas.a
    p = plan_of(a)
    data = {
        "title": "新任务", "weight": D(10), "goal": D(10), "deadline": datetime.date(p["plan"].year, 12, 31),
        "owner_unit": a.office,
    } | changes  # fmt: skip
    parent = data.pop("parent", None)
    count = Target.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_target(p["plan"], parent=parent, by=a.admin, **data)
    assert Target.objects.count() == count
    return error.value.message_dict


def test_negative_weight_and_goal_are_refused(personas):
    errors = bad_target(personas, weight=D(-1), goal=D(-5))
    assert errors["weight"] == ["分值不能为负数"] and errors["goal"] == ["目标值不能为负数"]


def test_a_child_deadline_after_its_parents_is_refused(personas):
    p = plan_of(personas.a)
    p["mediation"].deadline = datetime.date(p["plan"].year, 6, 30)
    p["mediation"].save()
    errors = bad_target(personas, parent=p["mediation"], deadline=datetime.date(p["plan"].year, 7, 1))
    assert "不能晚于上级任务“云溪人民调解”" in errors["deadline"][0]


def test_an_owner_outside_the_plans_unit_is_refused(personas):
    errors = bad_target(personas, owner_unit=personas.b.office)
    assert errors["owner_unit"] == ["责任单位应在“云溪县司法局”之内"]


def test_progress_on_a_target_that_is_not_yours_is_refused(personas):
    a = personas.a
    with pytest.raises(Refused, match="您不是该任务的责任人"):
        services.report_progress(plan_of(a)["member"], by=a.leader, as_of=TODAY, value=D(1), narrative="x")
    assert not plan_of(a)["member"].reports.exists()


def test_approving_your_own_report_is_refused(personas):
    a = personas.a
    office = plan_of(a)["office"]
    report = services.report_progress(office, by=a.admin, as_of=TODAY, value=D(5), narrative="机关调处5件")
    with pytest.raises(ValidationError, match="不能审核自己提交的报告"):
        services.approve_progress(report, by=a.admin)
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_value_over_ten_times_the_goal_needs_confirmation(personas):
    a = personas.a
    target = plan_of(a)["member"]  # goal 60
    with pytest.raises(ValidationError) as error:
        services.report_progress(target, by=a.staff, as_of=TODAY, value=D(601), narrative="录入")
    assert "超过目标值60的10倍" in error.value.message_dict["value"][0]
    assert not target.reports.exists()
    report = services.report_progress(
        target, by=a.staff, as_of=TODAY, value=D(601), narrative="确已完成", confirm_large=True
    )
    assert report.status == "submitted"


def test_future_dates_and_decomposed_targets_take_no_progress(personas):
    a = personas.a
    p = plan_of(a)
    with pytest.raises(ValidationError) as error:
        services.report_progress(
            p["member"], by=a.staff, as_of=TODAY + datetime.timedelta(days=1), value=D(1), narrative="x"
        )
    assert error.value.message_dict["as_of"] == ["截至日期不能晚于今天"]
    with pytest.raises(ValidationError, match="已分解"):
        services.report_progress(p["mediation"], by=a.admin, as_of=TODAY, value=D(1), narrative="x")


def test_an_approved_report_is_never_edited(personas):
    a = personas.a
    report = report_of(a)
    services.approve_progress(report, by=a.unit_head)
    with pytest.raises(ValidationError, match="已审核的进度报告不能修改"):
        services.revise_progress(report, by=a.staff, as_of=TODAY, value=D(50), narrative="改")
    report.refresh_from_db()
    assert report.value == D(30)


def test_a_returned_report_is_revised_and_goes_back_for_review(personas):
    a = personas.a
    report = report_of(a)
    services.return_progress(report, by=a.unit_head, reason="缺少台账")
    assert Notification.objects.filter(recipient=a.staff, body="退回理由：缺少台账").exists()
    services.revise_progress(report, by=a.staff, as_of=TODAY, value=D(36), narrative="补充台账")
    report.refresh_from_db()
    assert (report.status, report.value) == ("submitted", D(36))


# --- Plans ------------------------------------------------------------------------------------------


def test_decomposition_warnings_name_what_does_not_add_up(personas):
    p = plan_of(personas.a)
    assert services.decomposition_warnings(p["plan"]) == {}  # 20 + 40 = 60 points, 40 + 60 = 100 件
    p["office"].weight, p["office"].goal = D(10), D(30)
    p["office"].save()
    warnings = services.decomposition_warnings(p["plan"])
    assert warnings[p["mediation"].pk] == [
        "下级分值合计50，与本任务分值60不符",
        "下级目标值合计90，低于本任务目标值100",
    ]


def test_a_plan_is_copied_to_next_year_without_progress(personas):
    a = personas.a
    p = plan_of(a)
    services.approve_progress(report_of(a), by=a.unit_head)
    new = services.copy_plan(p["plan"], p["plan"].year + 1, by=a.admin)
    old_rows = list(Target.objects.filter(plan=p["plan"]).values_list("depth", "title", "weight", "goal"))
    assert list(Target.objects.filter(plan=new).values_list("depth", "title", "weight", "goal")) == old_rows
    assert not Target.objects.filter(plan=new, completion__gt=0).exists()
    assert Target.objects.get(plan=new, title="云溪三会一课").milestones.count() == 2
    assert new.title == f"云溪{p['plan'].year + 1}年目标责任书"
    with pytest.raises(ValidationError, match="已有目标责任书"):
        services.copy_plan(p["plan"], p["plan"].year + 1, by=a.admin)


# --- Roll-up property ----------------------------------------------------------------------------------


def naive(node, children, own) -> Decimal:
    """The reference: a recursive weighted mean, leaves from their own completion."""
    kids = children.get(node, [])
    if not kids:
        return own[node]
    return services.weighted([(weight, naive(kid, children, own)) for kid, weight in kids])


shapes = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 10), st.integers(0, 20)), min_size=1, max_size=14
)  # (parent choice, weight, actual out of a goal of 10)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=shapes)
def test_the_root_completion_equals_a_naive_recursive_weighted_mean(personas, shape):
    a = personas.a
    year = TODAY.year
    Plan.objects.filter(unit=a.office).delete()
    plan = Plan.objects.create(unit=a.office, year=year, title="随机")
    end = datetime.date(year, 12, 31)
    root = services.add_target(
        plan, by=a.admin, title="根", weight=D(10), goal=D(10), deadline=end, owner_unit=a.office
    )
    nodes = [root]
    children, own = {}, {}
    for choice, weight, _actual in shape:
        parent = nodes[choice % len(nodes)]
        if parent.depth >= 4:
            parent = nodes[0]
        node = services.add_target(
            plan,
            parent=reload(parent),
            by=a.admin,
            title="子",
            weight=D(weight),
            goal=D(10),
            deadline=end,
            owner_unit=a.office,
        )
        nodes.append(node)
        children.setdefault(parent.pk, []).append((node.pk, D(weight)))
    for node, (_c, _w, actual) in zip(nodes[1:], shape, strict=True):
        if node.pk not in children:  # a leaf: give it a value
            Target.objects.filter(pk=node.pk).update(actual=D(actual))
            services.refresh(node)
    for node in nodes:
        own[node.pk] = services.indicator_completion("quantitative", "at_least", D(10), reload(node).actual)
    expected = naive(root.pk, children, own)
    assert abs(reload(root).completion - expected) <= D("0.0005")  # each level rounds to four places
    services.rebuild(plan)
    assert abs(reload(root).completion - expected) <= D("0.0005")


def test_rebuild_equals_the_incremental_roll_up(personas):
    a = personas.a
    p = plan_of(a)
    services.approve_progress(report_of(a), by=a.unit_head)
    before = dict(Target.objects.filter(plan=p["plan"]).values_list("pk", "completion"))
    Target.objects.filter(plan=p["plan"]).update(completion=0)
    services.rebuild(p["plan"])
    assert dict(Target.objects.filter(plan=p["plan"]).values_list("pk", "completion")) == before


def test_targets_linked_to_the_statistics_follow_approvals(personas):
    from qizhi.statistics import services as stats
    from qizhi.statistics.models import Indicator

    a = personas.a
    year = TODAY.year
    plan = plan_of(a)["plan"]
    linked = services.add_target(
        plan, by=a.admin, title="调处纠纷（取自统计）", weight=D(10), goal=D(24), deadline=datetime.date(year, 12, 31),
        owner_unit=a.judicial_office, stat_indicator=Indicator.objects.get(code="disputes_accepted"),
    )  # fmt: skip
    month = datetime.date(year, 1, 1)
    report = stats.open_report(a.judicial_office, month, by=a.statistician)
    stats.save_values(report, {"disputes_accepted": 12, "disputes_succeeded": 11}, by=a.statistician)
    stats.submit(report, by=a.statistician)
    stats.approve(report, by=a.leader)
    assert (reload(linked).actual, reload(linked).completion) == (D(12), D("0.5"))
    stats.reopen(report, by=a.leader, reason="更正")
    assert reload(linked).actual is None and reload(linked).completion == 0
    make_person(a.office)  # (unrelated rows do not disturb it)


def test_a_milestone_is_added_within_the_targets_time(personas):
    a = personas.a
    lessons = plan_of(a)["lessons"]
    with pytest.raises(ValidationError) as error:
        services.add_milestone(lessons, by=a.admin, title="明年党课", due=datetime.date(lessons.plan.year + 1, 1, 5))
    assert "不晚于任务时限" in error.value.message_dict["due"][0]
    first = lessons.milestones.first()
    Milestone.objects.filter(pk=first.pk).update(done_on=TODAY)
    services.refresh(lessons)
    assert reload(lessons).completion == D("0.5")
    services.add_milestone(lessons, by=a.admin, title="七一专题党课", due=datetime.date(lessons.plan.year, 7, 1))
    assert reload(lessons).completion == D("0.3333")  # one of three
    with pytest.raises(ValidationError, match="只有节点指标"):
        services.add_milestone(plan_of(a)["office"], by=a.admin, title="x", due=TODAY)


@pytest.mark.parametrize("day", ["03-31", "06-29", "06-30", "07-01", "09-15", "12-31"])
def test_light_counts_in_the_database_agree_with_light_of(personas, day):
    a = personas.a
    p = plan_of(a)
    year = p["plan"].year
    services.approve_progress(report_of(a), by=a.unit_head)
    today = datetime.date.fromisoformat(f"{year}-{day}")
    Target.objects.filter(pk=p["office"].pk).update(deadline=datetime.date(year, 6, 30), completion=D("0.4"))
    Target.objects.filter(pk=p["lessons"].pk).update(completion=D("0.3999"))
    targets = list(Target.objects.filter(plan__year=year).select_related("owner_unit", "plan"))
    counts = services.light_counts([a.unit, a.judicial_office], year, today)
    for unit in (a.unit, a.judicial_office):
        owned = [t for t in targets if t.owner_unit.path.startswith(unit.path)]
        mine = [light_of(t.completion, year, t.deadline, today) for t in owned]
        assert counts[unit.pk] == {c: mine.count(c) for c in (Light.GREEN, Light.YELLOW, Light.RED)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    today=st.integers(0, 400), deadline=st.integers(0, 364), offset=st.sampled_from([-1, 0, 1, 17]),
    margin=st.sampled_from(["0.10", "0.30", "0", "1"]),
)  # fmt: skip
def test_the_database_light_is_light_of_at_the_boundaries(personas, today, deadline, offset, margin):
    p = plan_of(personas.a)
    year = p["plan"].year
    start = datetime.date(year, 1, 1)
    day, due = start + datetime.timedelta(days=today - 20), start + datetime.timedelta(days=deadline)
    expected = services.expected_share(start, due, day)
    completion = min(D(1), max(D(0), expected - D(margin) + D(offset) / 10000))
    Target.objects.filter(pk=p["office"].pk).update(deadline=due, completion=completion)
    rows = services.lights_by(Target.objects.filter(pk=p["office"].pk), year, day)
    assert [r["light"] for r in rows] == [light_of(completion, year, due, day)]
    joined = services.with_lights(Target.objects.filter(pk=p["office"].pk), day).get()  # the year from the plan
    assert joined.light == rows[0]["light"]
