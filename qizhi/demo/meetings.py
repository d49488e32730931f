"""The demo's organizational life: twelve months of seed 000's five branches, with deliberate gaps.

Every meeting goes through the services (planned, attendance from the members on its date,
exceptions marked, confirmed held), so the compliance page reads what a secretary would have
recorded. The gaps are fixed so the page always shows something missing:

- 聚鑫律师党支部 skipped its 支部委员会 twice and one quarter's 党课;
- 公证处党支部 skipped one 主题党日;
- 退休老干部支部 holds no 支部委员会 in the three winter months;
- 机关第二党小组 skipped one month;
- one member of 机关党支部 missed every meeting of one month without leave (three or more in a row).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind, PointKind
from qizhi.meetings.models import LifeMeetingPoint, Meeting
from qizhi.party.choices import PartyOrgKind
from qizhi.party.models import PartyOrg

TOPICS = {
    MeetingKind.BRANCH_COMMITTEE: "研究{month}月支部工作",
    MeetingKind.THEME_DAY: "{month}月主题党日：重温入党誓词",
    MeetingKind.GROUP_MEETING: "{month}月党小组学习",
    MeetingKind.BRANCH_ASSEMBLY: "第{quarter}季度党员大会",
    MeetingKind.PARTY_LECTURE: "书记讲党课：发挥党员先锋模范作用",
    MeetingKind.ORGANIZATIONAL_LIFE: "年度组织生活会",
    MeetingKind.DEMOCRATIC_LIFE: "党组年度民主生活会",
}
# (organization name, kind) → months offsets (0 = first of the twelve) with no meeting
GAPS = {
    ("聚鑫律师党支部", MeetingKind.BRANCH_COMMITTEE): {2, 7},
    ("聚鑫律师党支部", MeetingKind.PARTY_LECTURE): {4},
    ("公证处党支部", MeetingKind.THEME_DAY): {5},
    ("机关第二党小组", MeetingKind.GROUP_MEETING): {6},
}
RETIREES_SKIP = {12, 1, 2}  # calendar months


def months_back(today: datetime.date, count: int = 12) -> list[tuple[int, int]]:
    """The ``count`` whole months before ``today``'s month, oldest first."""
    year, month = today.year, today.month
    result = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        result.append((year, month))
    return result[::-1]


def build_meetings(bureau, *, actor, today: datetime.date | None = None) -> int:
    """Twelve months of meetings of the bureau's party organizations; returns how many."""
    today = today or timezone.localdate()
    rng = random.Random(2026)
    orgs = list(PartyOrg.objects.filter(unit__path__startswith=bureau.path).order_by("path"))
    months = months_back(today)
    truant = next(o for o in orgs if o.name == "机关党支部").memberships.order_by("-pk").first().person
    truant_month = months[-2]  # absent without leave from every meeting of that month: three or more in a row
    rules = services.active_rules()  # read once: the demo holds what they ask
    count = 0
    for offset, (year, month) in enumerate(months):
        for org in orgs:
            for kind in kinds_due(org, month, rules):
                if offset in GAPS.get((org.name, kind), set()):
                    continue
                if org.retirees and kind == MeetingKind.BRANCH_COMMITTEE and month in RETIREES_SKIP:
                    continue
                day = datetime.date(year, month, rng.randint(3, 26))
                absent = [truant] if (year, month) == truant_month else []
                hold(org, kind, day, actor=actor, rng=rng, absent=absent)
                count += 1
    count += plan_ahead(orgs, today, actor=actor)
    return count


def kinds_due(org: PartyOrg, month: int, rules: list) -> list[str]:
    """What the rules ask of ``org`` in a month (quarterly in its last month, yearly in December)."""
    kinds = []
    for rule in services.rules_for(org.kind, rules):
        last_month_of_period = {"month": 1, "quarter": 3, "half": 6}.get(rule.frequency, 12)
        if month % last_month_of_period == 0:
            kinds.append(rule.kind)
    return kinds


def hold(org, kind, day, *, actor, rng: random.Random, absent=()) -> Meeting:
    topic = TOPICS[kind].format(month=day.month, quarter=(day.month - 1) // 3 + 1)
    meeting = Meeting(
        kind=kind, party_org=org, date=day, start_time=datetime.time(15), topic=topic, place="局机关会议室",
        agenda=f"一、{topic}\n二、研究近期工作",
    )  # fmt: skip
    meeting.minutes = f"<p>会议由支部书记主持，围绕“{topic}”进行了学习和讨论。</p>"
    # The notice went out three to five days before; about one meeting in seventeen was entered only
    # afterwards (补录), as happens (the rng is not drawn from: the demo's other figures stay put).
    if (day.day + org.pk) % 17:
        noticed_on = day - datetime.timedelta(days=3 + day.day % 3)
        meeting.notice_published_at = timezone.make_aware(datetime.datetime.combine(noticed_on, datetime.time(9)))
    meeting = services.save_meeting(meeting, by=actor)
    marks = {}
    for row in meeting.attendances.select_related("person"):
        if row.person in absent:
            marks[row.pk] = ("absent", "", "")
        elif rng.random() < 0.08:
            marks[row.pk] = ("absent", rng.choice(["leave", "sick", "business_trip"]), "")
        elif rng.random() < 0.04:
            marks[row.pk] = ("late", "", "")
    services.record_attendance(meeting, marks, by=actor)
    meeting = services.mark_held(meeting, by=actor, today=max(day, timezone.localdate()))
    if meeting.is_life_meeting:
        life_points(meeting, actor=actor)
    return meeting


def life_points(meeting: Meeting, *, actor) -> None:
    people = [row.person for row in meeting.attendances.select_related("person")[:3]]
    texts = ("理论学习不够系统，学用结合不紧", "深入基层调研不够", "服务群众的办法不多")
    for person, text in zip(people, texts, strict=False):
        point = LifeMeetingPoint(meeting=meeting, kind=PointKind.SELF_CRITICISM, speaker=person, content=text)
        point.stamp(actor)
        point.save()
    problem = LifeMeetingPoint(meeting=meeting, kind=PointKind.PROBLEM, content="“三会一课”记录不够规范")
    problem.stamp(actor)
    problem.save()


def plan_ahead(orgs, today: datetime.date, *, actor) -> int:
    """This month's branch committee meetings, planned for later this month (the calendar shows them)."""
    count = 0
    for org in orgs:
        if org.kind != PartyOrgKind.BRANCH:
            continue
        day = min(today + datetime.timedelta(days=3), today.replace(day=28))
        topic = TOPICS[MeetingKind.BRANCH_COMMITTEE].format(month=today.month)
        meeting = services.save_meeting(
            Meeting(
                kind=MeetingKind.BRANCH_COMMITTEE, party_org=org, date=max(day, today), topic=topic,
                start_time=datetime.time(15), place="局机关会议室", agenda=f"一、{topic}\n二、研究近期工作",
            ),
            by=actor,
        )  # fmt: skip
        services.publish_notice(meeting, by=actor)  # the committee is told (their 待办 shows it)
        count += 1
    return count
