"""The cockpit's tiles: each figure read from the service its own page and API read, never recomputed.

A tile names the page it comes from (filtered to the same unit and period), so that the figure a
leader sees here is the figure that page shows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qizhi.core import generations
from qizhi.core.scoping import scope_of
from qizhi.core.todo import Item
from qizhi.dues.services import OwnDues, own_dues
from qizhi.meetings import services as meetings
from qizhi.meetings.choices import Frequency
from qizhi.org.models import Unit
from qizhi.org.services import staff_counts
from qizhi.party import services as party
from qizhi.party.choices import MembershipStatus
from qizhi.party.models import CONVERSION_AFTER_DAYS, PartyOrg
from qizhi.statistics import services as statistics
from qizhi.targets import services as targets
from qizhi.targets.choices import SupervisionStatus
from qizhi.targets.models import Supervision

HEADLINE_FIGURES = 4
CONVERSION_NOTICE_DAYS = 30


@dataclass
class Figure:
    label: str
    value: object
    css: str = ""  # e.g. text-danger for a figure that needs attention
    url: str = ""
    note: str = ""


@dataclass
class Tile:
    key: str
    title: str
    icon: str
    url: str
    figures: list[Figure] = field(default_factory=list)
    note: str = ""


def _url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return reverse(name) + (f"?{query}" if query else "")


def quarter_of(day: datetime.date) -> meetings.Period:
    return meetings.Period(Frequency.QUARTERLY, day.year, (day.month - 1) // 3 + 1)


# --- 局领导 / 党务干部 ---------------------------------------------------------------------------


def targets_tile(unit: Unit, today: datetime.date) -> Tile:
    """Lights of the unit's targets (as the ranking counts them), its score, and its rank among its siblings."""
    year = today.year
    lights = targets.light_counts([unit], year, today)[unit.pk]
    own, place, ranked = targets.sibling_rank(unit, year, today)
    rank_note = ""
    if place is not None:
        parent = Unit.objects.get_parent(unit)
        rank_note = _("在{parent}同类单位中排第{rank}名（共{count}个）").format(
            parent=parent.name, rank=place, count=ranked
        )
    board = _url("targets:supervision_board", unit=unit.pk, year=year)
    return Tile(
        "targets", _("目标责任"), "bullseye", _url("targets:ranking", unit=unit.pk, year=year),
        [
            Figure(_("红灯"), lights["red"], "text-danger", board),
            Figure(_("黄灯"), lights["yellow"], "text-warning", board),
            Figure(_("绿灯"), lights["green"], "text-success"),
            Figure(_("综合得分"), own.total if own.ranked else "—"),
        ],
        rank_note,
    )  # fmt: skip


def meetings_tile(unit: Unit, today: datetime.date) -> Tile:
    """三会一课 of this quarter: what was due, held and missed (the compliance page for the quarter)."""
    period = quarter_of(today)
    report = meetings.compliance(unit=unit, period=period, today=today)
    rate = report.compliance_rate
    return Tile(
        "meetings", _("三会一课（{period}）").format(period=period.label), "calendar-event",
        _url("meetings:compliance", unit=unit.pk, period=period.key),
        [
            Figure(_("应开"), report.due),
            Figure(_("已开"), report.held),
            Figure(_("缺开"), report.missing, "text-danger" if report.missing else ""),
            Figure(_("落实率"), f"{rate:.0f}%" if rate is not None else "—"),
        ],
    )  # fmt: skip


def statistics_tile(unit: Unit, today: datetime.date) -> Tile:
    """Units that have not submitted last month (the 报送情况 board), and the year's headline figures
    so far (January to last month; in January, last year's) with their change on the same months of
    the year before."""
    month = statistics.previous_month(today)
    rows = statistics.submission_status(unit, month)
    outstanding = sum(1 for _u, r in rows if r is None or r.status in statistics.OUTSTANDING)
    year = month.year
    start, end = datetime.date(year, 1, 1), month
    rollup_url = _url("statistics:rollup", unit=unit.pk, start=f"{start:%Y-%m}", end=f"{end:%Y-%m}")
    figures = [
        Figure(
            _("{month}月未报").format(month=month.month), outstanding, "text-danger" if outstanding else "",
            _url("statistics:board", unit=unit.pk, month=f"{month:%Y-%m}"),
        )
    ]  # fmt: skip
    headline = [f for f in statistics.rollup(unit, start, end) if f.value and not f.indicator.is_ratio]
    for figure in headline[: HEADLINE_FIGURES - 1]:
        change = figure.change_percent
        note = (
            _("同比{sign}{change}%").format(sign="+" if change > 0 else "", change=change) if change is not None else ""
        )
        figures.append(Figure(figure.indicator.name, statistics.plain(figure.value), url=rollup_url, note=note))
    return Tile(
        "statistics", _("业务统计"), "bar-chart", rollup_url, figures,
        (
            _("{year}年全年数据，与上年同比").format(year=year)
            if end.month == 12
            else _("{year}年1—{month}月累计，与上年同期比").format(year=year, month=end.month)
        ),
    )  # fmt: skip


def open_supervision(user, unit: Unit):
    """Supervision items not closed on targets owned in ``unit``'s subtree that ``user`` sees."""
    from qizhi.core.scoping import subtree_q

    return (
        Supervision.objects.visible_to(user)
        .filter(subtree_q("target__owner_unit__path", unit.path))
        .exclude(status=SupervisionStatus.CLOSED)
    )


def supervision_tile(user, unit: Unit, today: datetime.date) -> Tile:
    waiting = Q(status=SupervisionStatus.OPEN)
    counts = open_supervision(user, unit).aggregate(  # one pass: a province holds 300,000 targets
        total=Count("pk"),
        waiting=Count("pk", filter=waiting),
        overdue=Count("pk", filter=waiting & Q(deadline__lt=today)),
    )
    overdue = counts["overdue"]
    return Tile(
        "supervision", _("督查督办"), "exclamation-triangle", _url("targets:supervision_board", unit=unit.pk),
        [
            Figure(_("未办结"), counts["total"]),
            Figure(_("待反馈"), counts["waiting"]),
            Figure(_("逾期未反馈"), overdue, "text-danger" if overdue else ""),
        ],
    )  # fmt: skip


def conversions_due(unit: Unit | None = None, party_org: PartyOrg | None = None, *, today: datetime.date):
    """Probationary members whose year ends within the notice window (or has ended)."""
    joined_by = today + datetime.timedelta(days=CONVERSION_NOTICE_DAYS - CONVERSION_AFTER_DAYS)
    return party.members_in(unit=unit, party_org=party_org).filter(
        status=MembershipStatus.PROBATIONARY, joined_on__lte=joined_by
    )


def party_tile(unit: Unit, today: datetime.date) -> Tile:
    figures = party.figures(unit=unit, today=today)
    share = figures["serving_member_share_percent"]
    due = conversions_due(unit, today=today).count()
    expiring = party.expiring_terms(party.orgs_in(unit=unit), today).count()
    members_url = _url("party:membership_list", unit=unit.pk)
    return Tile(
        "party", _("党组织与党员"), "flag", members_url,
        [
            Figure(_("党员"), figures["members"], url=members_url),
            Figure(_("占在职人员"), f"{share}%" if share is not None else "—"),
            Figure(_("待转正"), due, "text-warning" if due else "",
                   _url("party:membership_list", unit=unit.pk, status=MembershipStatus.PROBATIONARY)),
            Figure(_("任期将满"), expiring, "text-warning" if expiring else "", reverse("party:partyorg_tree")),
        ],
    )  # fmt: skip


def shared_tiles(unit: Unit, today: datetime.date) -> list[Tile]:
    """The bureau cockpit's tiles that depend on the unit alone (not on who looks), cached per unit and
    day until the next committed write (``core.generations``): the cockpit and the big screen of a
    county read them on every visit and every poll."""
    return generations.cached(
        ("dashboard.unit-tiles", unit.pk, today.isoformat()),
        lambda: [targets_tile(unit, today), meetings_tile(unit, today), statistics_tile(unit, today),
                 party_tile(unit, today)],
    )  # fmt: skip


def leader_tiles(user, unit: Unit, today: datetime.date) -> list[Tile]:
    """The 局领导's tiles: the unit's, and the supervision items this user sees, cached under the scope's
    signature (``visible_to`` follows the grants alone), both until the next committed write."""
    targets_, meetings_, statistics_, party_ = shared_tiles(unit, today)
    supervision = generations.cached(
        ("dashboard.supervision", scope_of(user).signature(), unit.pk, today.isoformat()),
        lambda: supervision_tile(user, unit, today),
    )  # fmt: skip
    return [targets_, meetings_, statistics_, supervision, party_]


# --- 支部书记: their branch -----------------------------------------------------------------------


def branch_of(user) -> PartyOrg | None:
    """The branch the user answers for: where they are secretary now, else the branch they belong to,
    else the first branch they may keep."""
    from qizhi.party.choices import OfficerRole, PartyOrgKind
    from qizhi.party.models import Membership, Officer

    today = timezone.localdate()
    office = (
        Officer.objects.filter(
            person__user=user,
            role=OfficerRole.SECRETARY,
            term__start_date__lte=today,
            term__end_date__gte=today,
            term__party_org__kind__in=(PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH),
        )
        .select_related("term__party_org")
        .first()
    )
    if office is not None:
        return office.term.party_org
    membership = Membership.objects.filter(person__user=user, ended_on__isnull=True).select_related("branch").first()
    if membership is not None:
        return membership.branch
    return PartyOrg.objects.editable_by(user).filter(kind=PartyOrgKind.BRANCH).order_by("path").first()


def branch_tiles(user, branch: PartyOrg, today: datetime.date, waiting: list[Item]) -> list[Tile]:
    """The 支部书记's tiles: the branch's figures (the same for whoever looks at that branch), cached per
    branch and day until the next committed write; the counts of the user's own 待办 added on each visit."""
    tiles = generations.cached(
        ("dashboard.branch-tiles", branch.pk, today.isoformat()), lambda: _branch_tiles(branch, today)
    )
    todo = reverse("core:todo")
    for tile in tiles:
        if tile.key == "meetings":
            tile.figures.append(Figure(_("到期待办"), sum(1 for i in waiting if i.kind == "meetings.due"), url=todo))
        elif tile.key == "study":
            tile.figures.append(Figure(_("心得待审阅"), sum(1 for i in waiting if i.kind == "study.review"), url=todo))
    return tiles


def _branch_tiles(branch: PartyOrg, today: datetime.date) -> list[Tile]:
    from qizhi.study import services as study
    from qizhi.study.models import StudyPlan

    period = quarter_of(today)
    report = meetings.compliance(party_org=branch, period=period, today=today)
    year_report = meetings.compliance(party_org=branch, period=meetings.Period(Frequency.YEARLY, today.year, 1),
                                      today=today)  # fmt: skip
    attendance = year_report.attendance_rate
    figures = party.figures(party_org=branch, today=today)
    tiles = [
        Tile(
            "meetings", _("{branch}三会一课（{period}）").format(branch=branch.name, period=period.label),
            "calendar-event", _url("meetings:compliance", unit=branch.unit_id, period=period.key),
            [
                Figure(_("应开"), report.due),
                Figure(_("缺开"), report.missing, "text-danger" if report.missing else ""),
                Figure(_("本年出勤率"), f"{attendance:.0f}%" if attendance is not None else "—"),
            ],
        ),
        Tile(
            "party", _("党员"), "flag", _url("party:membership_list", party_org=branch.pk),
            [
                Figure(_("党员"), figures["members"]),
                Figure(_("预备党员"), figures["probationary_members"]),
                Figure(_("待转正"), conversions_due(party_org=branch, today=today).count()),
            ],
        ),
    ]  # fmt: skip
    plan = StudyPlan.objects.filter(party_org=branch).order_by("-end_date").first()
    if plan is not None:
        done = study.completion(plan)
        rate = done.rate
        tiles.append(
            Tile(
                "study", _("学习：{plan}").format(plan=plan.title), "book", plan.get_absolute_url(),
                [
                    Figure(_("完成率"), f"{rate:.0f}%" if rate is not None else "—"),
                    Figure(_("已完成人数"), done.complete),
                ],
            )
        )  # fmt: skip
    return tiles


# --- 科室/司法所负责人: their unit ----------------------------------------------------------------


def unit_tiles(user, unit: Unit, today: datetime.date) -> list[Tile]:
    """The 科室/司法所负责人's tiles: the unit's alone (not the viewer's), cached per unit and day until the
    next committed write."""
    return generations.cached(("dashboard.head-tiles", unit.pk, today.isoformat()), lambda: _unit_tiles(unit, today))


def _unit_tiles(unit: Unit, today: datetime.date) -> list[Tile]:
    counts = staff_counts(unit)
    month = statistics.previous_month(today)
    rows = statistics.submission_status(unit, month)
    report = next((r for u, r in rows if u.pk == unit.pk), None)
    state = report.get_status_display() if report else _("未填报")
    tiles = [targets_tile(unit, today)]
    if rows:
        tiles.append(
            Tile(
                "statistics", _("{month}月统计报表").format(month=month.month), "bar-chart",
                report.get_absolute_url() if report else _url("statistics:board", unit=unit.pk,
                                                              month=f"{month:%Y-%m}"),
                [Figure(_("状态"), state, "" if report and report.status == "approved" else "text-warning")],
            )
        )  # fmt: skip
    tiles.append(
        Tile(
            "people", _("人员"), "people", _url("org:person_list", unit=unit.pk),
            [
                Figure(_("总人数"), counts.staff),
                Figure(_("在职"), counts.serving),
                Figure(_("党员"), counts.party_members),
            ],
        )
    )  # fmt: skip
    return tiles


# --- The member's own page ------------------------------------------------------------------------


@dataclass
class MemberPage:
    person: object
    tasks: list  # (target, light, may report)
    returned: list
    meetings: list  # upcoming meetings of my organizations
    attended: list  # my recent attendance rows
    plans: list  # (plan, my completion row)
    minutes_this_year: int
    grades: list = field(default_factory=list)  # my final 民主评议 等次, newest first (appraisals)
    honors: list = field(default_factory=list)  # my honors, newest first (honors)
    dues: OwnDues | None = None  # my party dues, when I hold a current membership (dues)
    signed: set = field(default_factory=set)  # the upcoming meetings I signed in to already


def member_page(user, today: datetime.date) -> MemberPage | None:
    """What is mine: targets I report on, my organizations' meetings, my study — each from its app's service.

    Cached per user and day until the next committed write; only whether a meeting's sign-in is open
    right now (a window that closes by the clock, without a write) is worked out on each visit."""
    key = ("dashboard.member", user.pk, today.isoformat())
    (page,) = generations.cached(key, lambda: (_member_page(user, today),))  # a tuple: None (no person) is kept too
    if page is not None:
        now = timezone.now()
        for meeting in page.meetings:  # the member's one tap to the sign-in form while the secretary's code is live
            meeting.sign_in_now = meeting.sign_in_is_open(now) and meeting.pk not in page.signed
    return page


def _member_page(user, today: datetime.date) -> MemberPage | None:
    from django.db.models import Sum

    from qizhi.meetings.models import Attendance, Meeting, members_meetings_q
    from qizhi.study import services as study
    from qizhi.study.models import StudyPlan, StudyRecord

    person = study.own_person(user)
    if person is None:
        return None
    mine = targets.my_tasks(user, today)
    tasks = [
        (t, targets.light(t, today), targets.is_leaf(t) and t.stat_indicator_id is None and targets.may_report(t, user))
        for t in mine["owned"]
        if t.completion < 1
    ]
    upcoming = (
        Meeting.objects.visible_to(user)
        .filter(members_meetings_q(user), date__gte=today)
        .exclude(status="cancelled")
        .select_related("party_org")
        .order_by("date", "start_time")[:5]
    )
    attended = (
        Attendance.objects.filter(person=person, meeting__date__lte=today)
        .select_related("meeting", "meeting__party_org")
        .order_by("-meeting__date")[:5]
    )
    upcoming = list(upcoming)
    signed = set(
        Attendance.objects.filter(person=person, meeting__in=upcoming, signed_in_at__isnull=False).values_list(
            "meeting_id", flat=True
        )
    )
    recent = today - datetime.timedelta(days=366)
    plans = study.plans_of(person, StudyPlan.objects.visible_to(user).filter(end_date__gte=recent))
    rows = []
    for plan in plans:
        table = study.completion(plan)
        rows.append((plan, next((r for r in table.rows if r.person.pk == person.pk), None), table))
    minutes = StudyRecord.objects.filter(person=person, date__year=today.year).aggregate(n=Sum("minutes"))["n"] or 0
    from qizhi.appraisals.services import grades_of
    from qizhi.honors.services import person_honors

    return MemberPage(
        person, tasks, mine["returned"], upcoming, list(attended), rows, minutes,
        grades=list(grades_of(person)[:3]), honors=list(person_honors(person)[:5]),
        dues=own_dues(person, today), signed=signed,
    )  # fmt: skip
