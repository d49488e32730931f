"""The demo's target-responsibility year: seed 000's "全年司法行政32项中心工作量化分解到各职能股、室、处、
中心，任务到单位，责任到个人" — 32 central tasks of 云溪县司法局 decomposed down to sections, judicial
offices and people, with approved progress through the year so that every light colour shows, a
returned report and one waiting for review, supervision, bonus and deduction items, public
commitments of the five branches and the model posts and windows seed 000 names; and a smaller
plan for the sibling bureau, so that the city's ranking has two counties.

Everything goes through ``targets.services`` as a user would.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from qizhi.org.models import Person, Unit
from qizhi.party.models import PartyOrg
from qizhi.targets import services
from qizhi.targets.choices import Direction, Family, IndicatorKind, PostKind
from qizhi.targets.models import Commitment, ModelPost, Plan, ScoreAdjustment

D = Decimal
OFFICES = ("东乡司法所", "土主司法所", "城关司法所", "石门司法所")

# (family, category, title, measure, unit of measure, goal, owner, weight, completion pattern)
# Completion pattern: the share of the time-proportional expectation reached (1 = on track).
PARTY_TASKS = (
    ("党组建设", "落实党组理论学习中心组学习制度", "集中学习", "次", 12, "政治处", 3, 1.0),
    ("党组建设", "落实全面从严治党主体责任", "专题研究", "次", 4, "政治处", 2.5, 1.0),
    ("组织建设", "规范“三会一课”", "党课", "次", 4, "政治处", 2.5, 0.7),
    ("组织建设", "发展党员和党员教育管理", "发展党员", "名", 2, "政治处", 2, 0.5),
    ("作风建设", "开展创先争优活动", "示范岗", "个", 6, "政治处", 2.5, 1.0),
    ("廉政建设", "党风廉政建设责任制", "廉政教育", "次", 6, "办公室", 2.5, 0.95),
    ("宣传工作", "信息宣传与简报", "信息简报", "期", 85, "办公室", 2.5, 1.0),
    ("队伍建设", "干警教育培训与岗位练兵", "培训", "人次", 120, "政治处", 2.5, 0.9),
)
BUSINESS_TASKS = (
    ("人民调解", "矛盾纠纷排查调处", "调处矛盾纠纷", "件", 7000, "基层科", 8, None),  # decomposed to the offices
    ("人民调解", "调解组织规范化建设", "规范化调委会", "个", 40, "基层科", 2, 0.8),
    ("社区矫正", "社区矫正对象监管", "重新违法犯罪", "人", 0, "基层科", 6, 1.0),
    ("安置帮教", "刑满释放人员安置帮教", "安置帮教", "人", 300, "基层科", 4, None),
    ("司法所建设", "司法所规范化建设达标", "达标司法所", "个", 4, "基层科", 3, 0.6),
    ("法律援助", "法律援助案件办理", "办理法律援助案件", "件", 550, "法律援助中心", 6, 1.0),
    ("法律援助", "法律援助工作站建设", "工作站", "个", 12, "法律援助中心", 2, 0.4),
    ("公证", "公证业务办理", "办理公证", "件", 1800, "公证处", 6, 1.0),
    ("公证", "公证质量监管", "错证", "件", 0, "公证处", 2, 1.0),
    ("律师", "律师诉讼业务", "律师代理诉讼", "件", 900, "公证律师管理科", 5, 1.0),
    ("律师", "法律顾问服务", "常年法律顾问", "家", 500, "公证律师管理科", 3, 0.95),
    ("律师", "刑事辩护全覆盖", "刑事辩护", "件", 100, "公证律师管理科", 2, 0.9),
    ("基层法律服务", "法律事务代理与文书", "代写法律文书", "件", 850, "公证律师管理科", 2, 1.0),
    ("法治宣传", "“七五”普法规划实施", "普法活动", "场", 60, "宣教科", 6, 0.85),
    ("法治宣传", "法律进机关进乡村进社区进学校进企业进单位", "“六进”活动", "场", 48, "宣教科", 3, 0.75),
    ("法治宣传", "法治文化阵地建设", "法治文化阵地", "处", 10, "宣教科", 2, 0.5),
    ("法治宣传", "国家宪法日集中宣传", "宣传活动", "场", 1, "宣教科", 1, 0.0),
    ("司法鉴定", "司法鉴定业务", "司法鉴定", "件", 70, "办公室", 2, 1.0),
    ("维稳", "重点人员排查稳控", "排查", "次", 12, "基层科", 3, 1.0),
    ("维稳", "重大节日和敏感时期安保", "安保方案", "个", 6, "办公室", 2, 1.0),
    ("效能建设", "机关效能与政务公开", "政务公开事项", "项", 30, "办公室", 3, 0.9),
    ("效能建设", "“有话想对局长说”平台答复", "答复率", "%", 100, "办公室", 2, 1.0),
    ("综合", "综合目标考核材料报送", "报送", "次", 4, "办公室", 2, 0.0),
    ("综合", "信访积案化解", "化解积案", "件", 10, "办公室", 3, 0.6),
)
AT_MOST = {"重新违法犯罪", "错证"}  # "no more than" goals (zero: none)
EARLY = {"综合目标考核材料报送": (6, 30), "国家宪法日集中宣传": (12, 4)}  # deadlines other than the year's end

BRANCH_PLEDGES = {
    "机关党支部": "带头落实“三会一课”，机关干部全年每人撰写学习心得不少于4篇。",
    "公证处党支部": "公证办证一次告知、限时办结，全年错证为零。",
    "聚鑫律师党支部": "党员律师每人每年办理法律援助案件不少于5件。",
    "县法律工作者协会党支部": "法律服务进村入户，每月开展一次义务咨询。",
    "退休老干部支部": "发挥余热，参与矛盾纠纷调解和关心下一代工作。",
}
MODEL_POSTS = (
    ("办公室", PostKind.POST, "局办公室党员示范岗", "热情接待、一次告知、限时办结。"),
    ("政治处", PostKind.POST, "政治处党员示范岗", "服务干警、公道正派、严守纪律。"),
    ("法律援助中心", PostKind.WINDOW, "法律援助示范窗口", "当日受理、三日审批，困难群众优先。"),
    ("公证处", PostKind.WINDOW, "公证示范窗口", "办证规范、收费公开、服务优质。"),
    ("聚鑫律师事务所", PostKind.WINDOW, "聚鑫律师事务所示范窗口", "诚信执业、勤勉尽责、热心公益。"),
    ("恒河法律事务所", PostKind.WINDOW, "恒河法律事务所示范窗口", "便民利民、扎根基层、依法服务。"),
)


def _value(goal: int, share: float, expected: Decimal, direction: str) -> Decimal:
    if direction == Direction.AT_MOST:
        return D(goal) if share >= 1 else D(goal + 2)
    return (D(goal) * expected * D(str(share))).quantize(D(1))


def build_targets(bureau: Unit, *, actor, reviewer, staff_user, head_user) -> Plan:
    """This year's plan of ``bureau`` (seed 000) with progress to today."""
    today = timezone.localdate()
    year = today.year
    units = {u.name: u for u in Unit.objects.filter(path__startswith=bureau.path)}
    plan = Plan.objects.create(
        unit=bureau, year=year, title=f"{bureau.name}{year}年度目标管理责任书", created_by=actor,
        description="将全年司法行政32项中心工作量化分解到各职能股、室、处、中心，任务到单位，责任到个人。",
    )  # fmt: skip
    expected = services.expected_share(datetime.date(year, 1, 1), datetime.date(year, 12, 31), today)
    leaves = []  # (target, completion share)
    for family, tasks in ((Family.PARTY, PARTY_TASKS), (Family.BUSINESS, BUSINESS_TASKS)):
        for category, title, measure, unit_of_measure, goal, owner, weight, share in tasks:
            month, day = EARLY.get(title, (12, 31))
            direction = Direction.AT_MOST if measure in AT_MOST else Direction.AT_LEAST
            target = services.add_target(
                plan, by=actor, family=family, category=category, title=title, measure=measure,
                unit_of_measure=unit_of_measure, goal=D(goal), direction=direction, weight=D(str(weight)),
                deadline=datetime.date(year, month, day), owner_unit=units[owner],
            )  # fmt: skip
            if share is None:
                leaves += _decompose(plan, target, units, actor=actor, staff_user=staff_user)
            else:
                leaves.append((target, share))
    for target, share in leaves:
        value = _value(int(target.goal), share, expected, target.direction)
        report = services.report_progress(
            target, by=actor, as_of=today - datetime.timedelta(days=3), value=value,
            narrative=f"截至目前完成{value}{target.unit_of_measure}，台账齐全。", confirm_large=True,
        )  # fmt: skip
        services.approve_progress(report, by=reviewer)
    _member_reports(plan, staff_user=staff_user, head_user=head_user, today=today)
    lagging = next(t for t, share in leaves if share and share < 0.5 and t.deadline >= today)
    services.open_supervision(
        lagging, by=reviewer, instruction="进度明显滞后，请于一周内说明原因并报送赶超措施。",
        deadline=today + datetime.timedelta(days=7),
    )  # fmt: skip
    ScoreAdjustment.objects.create(
        unit=units["东乡司法所"], year=year, points=D(3), reason="被司法部表彰为全国模范司法所", created_by=actor
    )
    ScoreAdjustment.objects.create(
        unit=units["石门司法所"], year=year, points=D("-0.5"), reason="统计报表迟报一次", created_by=actor
    )
    _commitments(bureau, units, year, actor=actor)
    return plan


def _decompose(plan, target, units, *, actor, staff_user) -> list:
    """A county-wide task split equally over the four judicial offices; 东乡司法所 hands its share on to
    two of its people (four levels: 党组 → 基层科 → 司法所 → 干警)."""
    leaves = []
    shares = {"东乡司法所": 1.0, "土主司法所": 0.9, "城关司法所": 0.75, "石门司法所": 0.45}
    piece_goal = (target.goal / len(OFFICES)).quantize(D(1))
    for name in OFFICES:
        office = units[name]
        piece = services.add_target(
            plan, parent=target, by=actor, family=target.family, category=target.category,
            title=f"{name}{target.measure}", measure=target.measure, unit_of_measure=target.unit_of_measure,
            goal=piece_goal, weight=target.weight / len(OFFICES), deadline=target.deadline, owner_unit=office,
        )  # fmt: skip
        if name != "东乡司法所":
            leaves.append((piece, shares[name]))
            continue
        # The staff login's person takes one of the two pieces (linked here unless the study demo did it).
        linked = Person.objects.filter(user=staff_user, unit=office).first() if staff_user else None
        others = Person.objects.filter(unit=office, retired=False).exclude(pk=getattr(linked, "pk", None))
        people = [*([linked] if linked else []), *others.order_by("pk")[: 1 if linked else 2]]
        if staff_user is not None and linked is None and not Person.objects.filter(user=staff_user).exists():
            people[-1].user = staff_user
            people[-1].save()
        for person in people:
            member_piece = services.add_target(
                plan, parent=piece, by=actor, family=target.family, category=target.category,
                title=f"{person.name}{target.measure}", measure=target.measure,
                unit_of_measure=target.unit_of_measure, goal=(piece_goal / len(people)).quantize(D(1)),
                weight=piece.weight / len(people), deadline=target.deadline, owner_unit=office, owner_person=person,
            )  # fmt: skip
            if person.user_id is None:
                leaves.append((member_piece, 1.0))
    return leaves


def _member_reports(plan, *, staff_user, head_user, today) -> None:
    """The staff login's own pieces: one report returned with a reason, one waiting for the head."""
    if staff_user is None:
        return
    mine = list(plan.targets.filter(owner_person__user=staff_user).order_by("path"))
    for number, target in enumerate(mine):
        report = services.report_progress(
            target, by=staff_user, as_of=today - datetime.timedelta(days=1),
            value=(target.goal * D("0.8")).quantize(D(1)), narrative="本人承办部分已基本完成，附调解台账。",
        )  # fmt: skip
        if number == 0:
            services.return_progress(report, by=head_user, reason="请补充调解协议书扫描件作为佐证材料。")


def _commitments(bureau, units, year, *, actor) -> None:
    for org in PartyOrg.objects.filter(unit__path__startswith=bureau.path, name__in=BRANCH_PLEDGES):
        Commitment.objects.create(
            unit=org.unit, year=year, party_org=org, content=BRANCH_PLEDGES[org.name], public=True, created_by=actor
        )
    for unit_name, kind, name, pledge in MODEL_POSTS:
        unit = units[unit_name]
        post = ModelPost.objects.create(unit=unit, year=year, kind=kind, name=name, pledge=pledge, created_by=actor)
        post.holders.set(Person.objects.filter(unit=unit, retired=False, political_status="party_member")[:2])


def build_sibling_targets(bureau: Unit, *, actor, reviewer) -> Plan:
    """A smaller plan for the sibling bureau: a second county for the city's ranking."""
    today = timezone.localdate()
    year = today.year
    units = {u.name: u for u in Unit.objects.filter(path__startswith=bureau.path)}
    plan = Plan.objects.create(unit=bureau, year=year, title=f"{bureau.name}{year}年度目标管理责任书", created_by=actor)
    expected = services.expected_share(datetime.date(year, 1, 1), datetime.date(year, 12, 31), today)
    tasks = (
        (Family.PARTY, "规范“三会一课”", "党课", "次", 4, "办公室", 30, 0.8),
        (Family.BUSINESS, "矛盾纠纷排查调处", "调处矛盾纠纷", "件", 3000, "白沙司法所", 40, 0.95),
        (Family.BUSINESS, "公证业务办理", "办理公证", "件", 900, "公证处", 30, 0.7),
    )
    for family, title, measure, unit_of_measure, goal, owner, weight, share in tasks:
        target = services.add_target(
            plan, by=actor, family=family, title=title, measure=measure, unit_of_measure=unit_of_measure,
            goal=D(goal), weight=D(weight), deadline=datetime.date(year, 12, 31), owner_unit=units[owner],
            kind=IndicatorKind.QUANTITATIVE,
        )  # fmt: skip
        value = _value(goal, share, expected, Direction.AT_LEAST)
        report = services.report_progress(
            target, by=actor, as_of=today, value=value, narrative=f"完成{value}{unit_of_measure}"
        )
        services.approve_progress(report, by=reviewer)
    return plan
