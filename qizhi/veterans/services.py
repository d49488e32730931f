"""老干部工作: deciding a hardship, and the year's figures and paragraph as seed 000 writes them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import lock, require
from qizhi.core.scoping import subtree_q
from qizhi.meetings.choices import AttendanceStatus, MeetingKind, MeetingStatus
from qizhi.meetings.models import Attendance, Meeting
from qizhi.org.models import Person, Unit
from qizhi.veterans.choices import AidStatus, CareKind
from qizhi.veterans.models import MAX_AMOUNT, CareVisit, HardshipAid

ZERO = Decimal("0.00")
PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def may_decide(user, aid: HardshipAid) -> bool:
    """What the aid's page offers: a pending hardship, to one who may approve in the cadre's unit
    (``decide_aid`` refuses the same)."""
    return (
        aid.status == AidStatus.PENDING
        and HardshipAid.objects.for_action(user, Action.APPROVE).filter(pk=aid.pk).exists()
    )


@transaction.atomic
def decide_aid(
    aid: HardshipAid, *, grant: bool, on: datetime.date, by, amount: Decimal | None = None, decision: str = ""
) -> HardshipAid:
    """帮扶 or not: the decision, with the amount given, by one who may approve in the cadre's unit."""
    lock(aid)
    require(aid, by=by, action=Action.APPROVE, message=_("您不能决定{person}的困难帮扶").format(person=aid.person))
    if aid.status != AidStatus.PENDING:
        raise ValidationError({"status": _("该困难帮扶已于{day}决定").format(day=aid.decided_on)})
    if not aid.reported_on <= on <= timezone.localdate():
        raise ValidationError({"decided_on": _("决定日期应在反映日期与今天之间")})
    if grant and (amount is None or not ZERO < amount <= MAX_AMOUNT):
        raise ValidationError({"amount": _("帮扶金额应大于 0 且不超过 1,000,000 元")})
    if not grant and not decision.strip():
        raise ValidationError({"decision": _("不予帮扶时请写明理由")})
    aid.status = AidStatus.GRANTED if grant else AidStatus.DECLINED
    aid.amount = amount if grant else None
    aid.decision, aid.decided_on, aid.decided_by = decision.strip()[:300], on, by
    aid.stamp(by)
    aid.save()
    return aid


@dataclass(frozen=True)
class YearFigures:
    """The year's 老干部工作 in a unit's subtree."""

    unit: Unit
    year: int
    retired: int  # retired staff on the roster
    forums: int  # 老干部座谈会 held
    forum_attendances: int  # 人次 present at them
    visits: int  # 走访看望 and 节日慰问 records
    visited: int  # 人次 visited or greeted
    activities: int  # 文体、参观活动
    activity_participants: int
    given: Decimal  # 慰问金
    aided: int  # 困难老同志帮扶 granted (persons)
    aid_amount: Decimal

    def as_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.__dict__.items() if k != "unit"}


def year_figures(unit: Unit, year: int) -> YearFigures:
    """One aggregate query per table over the unit's subtree (the path prefix)."""
    in_year = Q(date__year=year)
    forums = Meeting.objects.filter(
        subtree_q("unit__path", unit.path), in_year, kind=MeetingKind.VETERANS_FORUM, status=MeetingStatus.HELD
    )
    attendances = Attendance.objects.filter(meeting__in=forums, status__in=PRESENT).count()
    care = CareVisit.objects.filter(subtree_q("unit__path", unit.path), in_year)
    greeting = Q(kind__in=(CareKind.VISIT, CareKind.CONDOLENCE))
    counts = care.aggregate(
        visits=Count("pk", filter=greeting, distinct=True),
        visited=Count("veterans", filter=greeting),
        activities=Count("pk", filter=Q(kind=CareKind.ACTIVITY), distinct=True),
        participants=Count("veterans", filter=Q(kind=CareKind.ACTIVITY)),
    )
    given = care.aggregate(total=Sum("amount"))["total"] or ZERO  # a join-free sum: no double counting
    aids = HardshipAid.objects.filter(
        subtree_q("unit__path", unit.path), status=AidStatus.GRANTED, decided_on__year=year
    ).aggregate(n=Count("person", distinct=True), total=Sum("amount"))
    retired = Person.objects.filter(subtree_q("unit__path", unit.path), retired=True).count()
    return YearFigures(
        unit,
        year,
        retired,
        forums.count(),
        attendances,
        counts["visits"],
        counts["visited"],
        counts["activities"],
        counts["participants"],
        given.quantize(ZERO),
        aids["n"],
        (aids["total"] or ZERO).quantize(ZERO),
    )


def paragraph(figures: YearFigures) -> str:
    """The year's sentence of the party-building report (seed 000: 重视关心老干部)."""
    f = figures
    return _(
        "{year}年，{unit}从政治上、生活上关心、关注、关爱退休老同志（现有退休职工{retired}人），利用节日组织召开老干部座谈会"
        "{forums}次、参加{attend}人次，走访慰问老同志{visits}次、{visited}人次，发放慰问金{given}元，组织开展文体、参观活动"
        "{activities}次、参加{participants}人次，帮扶困难老同志{aided}人、{aid}元。"
    ).format(
        year=f.year,
        unit=f.unit.name,
        retired=f.retired,
        forums=f.forums,
        attend=f.forum_attendances,
        visits=f.visits,
        visited=f.visited,
        given=f.given,
        activities=f.activities,
        participants=f.activity_participants,
        aided=f.aided,
        aid=f.aid_amount,
    )
