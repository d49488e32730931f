"""Member points: counted from records that already exist (meetings attended, study hours, dues paid on
time, progress approved) and from approved manual entries, under the rule table.

A member's year: every applicable rule's points times its quantity, each rule held to its yearly cap
(on the magnitude, so a deduction is capped too), summed; never below 0 (floor); 0 for the year when an
approved 一票否决 item exists. Each year starts again from the base rule (yearly reset). ``recount()``
computes this from the records in a fixed number of grouped queries; ``PointTotal`` rows are a summary
that ``refresh()`` rewrites and the ``rebuild_points`` command rebuilds.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import Refused, lock
from qizhi.core.scoping import scope_of, scope_queryset
from qizhi.party.models import Membership
from qizhi.points.choices import EntryStatus, PointSource
from qizhi.points.models import PointEntry, PointRule, PointTotal

AREA = "points"
ZERO = Decimal("0")

# --- Counting the records ---------------------------------------------------------------------------


def _add(counts, key_by_person, rows, source, value="n"):
    for row in rows:
        membership_id = key_by_person.get(row["who"])
        if membership_id is not None:
            counts[membership_id][source] += row[value]


def quantities(memberships: list[Membership], year: int) -> dict[int, dict]:
    """{membership id: {source or rule id: quantity}} for ``year``: five grouped queries in all."""
    from qizhi.dues.models import DuesPayment
    from qizhi.meetings.choices import ATTENDED, MeetingStatus
    from qizhi.meetings.models import Attendance
    from qizhi.study.models import StudyRecord
    from qizhi.targets.models import ProgressReport

    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    by_person = {m.person_id: m.pk for m in memberships}
    people = list(by_person)
    attended = (
        Attendance.objects.filter(
            person_id__in=people, status__in=ATTENDED, meeting__status=MeetingStatus.HELD, meeting__date__year=year
        )
        .values(who=F("person_id"))
        .annotate(n=Count("id"))
    )
    _add(counts, by_person, attended, PointSource.MEETING_ATTENDANCE)
    studied = StudyRecord.objects.filter(person_id__in=people, date__year=year).values(
        who=F("person_id")).annotate(n=Sum("minutes"))  # fmt: skip
    for row in studied:
        row["n"] = (row["n"] or 0) // 60  # whole hours of the year
    _add(counts, by_person, studied, PointSource.STUDY_HOURS)
    approved = (
        ProgressReport.objects.filter(status="approved", as_of__year=year, target__owner_person_id__in=people)
        .values(who=F("target__owner_person_id"))
        .annotate(n=Count("id"))
    )
    _add(counts, by_person, approved, PointSource.PROGRESS_APPROVED)
    paid = DuesPayment.objects.filter(membership_id__in=by_person.values(), month__year=year)
    for membership_id, month, paid_on in paid.values_list("membership_id", "month", "paid_on"):
        if (paid_on.year, paid_on.month) <= (month.year, month.month):  # paid within the month (or ahead)
            counts[membership_id][PointSource.DUES_ON_TIME] += 1
    entries = (
        PointEntry.objects.filter(membership_id__in=by_person.values(), status=EntryStatus.APPROVED, date__year=year)
        .values("membership_id", "rule_id")
        .annotate(n=Sum("count"))
    )
    for row in entries:
        counts[row["membership_id"]][row["rule_id"]] += row["n"]
    return counts


# --- Scoring ------------------------------------------------------------------------------------


@dataclass
class Score:
    total: Decimal
    vetoed: bool
    detail: dict[str, str] = field(default_factory=dict)  # rule id → points it gave


def rule_points(rule: PointRule, quantity: int) -> Decimal:
    """One rule's points for the year: points × quantity, its magnitude held to the yearly cap."""
    value = rule.points * quantity
    if rule.yearly_cap is not None and abs(value) > rule.yearly_cap:
        value = rule.yearly_cap if value > 0 else -rule.yearly_cap
    return value


def score(rules: list[PointRule], quantity: dict, *, retired: bool) -> Score:
    """A pure function of the rules and one member's quantities."""
    detail, total, vetoed = {}, ZERO, False
    for rule in rules:
        if not rule.applies(retired):
            continue
        if rule.source == PointSource.BASE:
            count = 1
        elif rule.source == PointSource.MANUAL:
            count = quantity.get(rule.pk, 0)
        else:
            count = quantity.get(rule.source, 0)
        if not count:
            continue
        if rule.veto:
            vetoed = True
        value = rule_points(rule, count)
        detail[str(rule.pk)] = str(value)
        total += value
    return Score(ZERO if vetoed else max(ZERO, total), vetoed, detail)


def recount(memberships: QuerySet[Membership], year: int) -> dict[int, Score]:
    """Every member's score for ``year``, from the records."""
    members = list(memberships.select_related("person"))
    rules = list(PointRule.objects.filter(active=True))
    counts = quantities(members, year)
    return {m.pk: score(rules, counts.get(m.pk, {}), retired=m.person.retired) for m in members}


def refresh(memberships: QuerySet[Membership], year: int) -> int:
    """Rewrite the stored totals of ``memberships`` for ``year`` from a recount; returns rows written."""
    scores = recount(memberships, year)
    with transaction.atomic():
        existing = {t.membership_id: t for t in PointTotal.objects.filter(membership_id__in=list(scores), year=year)}
        for membership_id, result in scores.items():
            row = existing.get(membership_id) or PointTotal(membership_id=membership_id, year=year)
            row.total, row.vetoed, row.detail = result.total, result.vetoed, result.detail
            row.save()
    return len(scores)


# --- Manual entries -----------------------------------------------------------------------------


def may_enter_for(user, membership: Membership) -> bool:
    """A member enters their own items; whoever keeps the branch's points (CHANGE) enters anyone's there."""
    if membership.person.user_id is not None and membership.person.user_id == user.pk:
        return True
    return scope_of(user).covers(Action.CHANGE, AREA, membership.branch.unit.path)


def enterable_memberships(user) -> QuerySet[Membership]:
    """The current memberships ``user`` may enter an item for (``may_enter_for`` as a list: the form's
    and the API's choices)."""
    keeps = scope_queryset(Membership.objects.all(), user, Action.CHANGE, area=AREA, path_field="branch__unit__path")
    return Membership.objects.filter(Q(person__user=user) | Q(pk__in=keeps.values("pk")), ended_on__isnull=True)


def may_enter_somewhere(user) -> bool:
    """Whether the 登记 page and button are for ``user``: a current member, or one who may add points items."""
    if Membership.objects.filter(person__user=user, ended_on__isnull=True).exists():
        return True
    return scope_of(user).can(Action.ADD, AREA)


def visible_memberships(user) -> QuerySet[Membership]:
    """The memberships whose points ``user`` may read (the ranking page and the API)."""
    return scope_queryset(Membership.objects.all(), user, Action.VIEW, area=AREA, path_field="branch__unit__path")


def _decides(user, entry: PointEntry) -> bool:
    """The rule's approving role (or an administrator) over the member's branch, with APPROVE in points."""
    scope = scope_of(user)
    path = entry.membership.branch.unit.path
    if scope.unrestricted:
        return True
    if not scope.covers(Action.APPROVE, AREA, path):
        return False
    return any(g.role in (entry.rule.approver_role, "admin") and path.startswith(g.path) for g in scope.grants)


def may_decide(user, entry: PointEntry) -> bool:
    """What the entry's page and the to-do list offer: a pending entry, to its rule's approver over the
    member's branch (``decide_entry`` refuses the same)."""
    return entry.status == EntryStatus.PENDING and _decides(user, entry)


def _check_cap(entry: PointEntry, *, extra_pending: bool) -> None:
    rule = entry.rule
    if rule.yearly_cap is None:
        return
    used = (
        PointEntry.objects.filter(
            membership=entry.membership, rule=rule, status=EntryStatus.APPROVED, date__year=entry.date.year
        )
        .exclude(pk=entry.pk)
        .aggregate(n=Sum("count"))["n"]
        or 0
    )
    if abs(rule.points * (used + entry.count)) > rule.yearly_cap:
        room = int(rule.yearly_cap // abs(rule.points)) - used if rule.points else 0
        raise ValidationError({"count": _("超过“{rule}”的年度上限{cap}分，本年度最多还能登记{room}次").format(
            rule=rule, cap=rule.yearly_cap, room=max(0, room))})  # fmt: skip


@transaction.atomic
def submit_entry(entry: PointEntry, *, by) -> PointEntry:
    """Record a manual item (pending approval); the member themselves or whoever keeps the branch's
    points, decided on the member's locked row (which also holds the cap check to one writer)."""
    lock(entry.membership)
    if not may_enter_for(by, entry.membership):
        raise Refused(_("只能为本人或本支部党员登记积分"))
    if entry.rule.source != PointSource.MANUAL or not entry.rule.active:
        raise ValidationError({"rule": _("该积分项目由系统根据已有记录自动计算，不能手工登记")})
    today = timezone.localdate()
    if not datetime.date(today.year - 1, 1, 1) <= entry.date <= today:
        raise ValidationError({"date": _("发生日期应在去年1月1日至今天之间")})
    entry.full_clean()
    _check_cap(entry, extra_pending=True)
    entry.status = EntryStatus.PENDING
    entry.stamp(by)
    entry.save()
    return entry


@transaction.atomic
def decide_entry(entry: PointEntry, *, by, approve: bool) -> PointEntry:
    """Approve or reject a pending entry, by the rule's approver (decided on the locked row); approval
    needs the evidence the rule asks for and respects its cap."""
    from qizhi.core.attachments import attachments_of

    entry = (
        PointEntry.objects.select_for_update(of=("self",))
        .select_related("rule", "membership__branch__unit")
        .get(pk=entry.pk)
    )
    if not _decides(by, entry):
        raise Refused(_("该积分项目须由{role}审批").format(role=entry.rule.get_approver_role_display()))
    if entry.status != EntryStatus.PENDING:
        raise ValidationError({"status": _("该登记已审批，不能重复审批")})
    if approve:
        if entry.rule.evidence_required and not attachments_of(entry).exists():
            raise ValidationError({"rule": _("该积分项目须附佐证材料，请先上传附件")})
        _check_cap(entry, extra_pending=False)
    entry.status = EntryStatus.APPROVED if approve else EntryStatus.REJECTED
    entry.decided_by, entry.decided_on = by, timezone.localdate()
    entry.stamp(by)
    entry.save()
    refresh(Membership.objects.filter(pk=entry.membership_id), entry.date.year)
    return entry


def ranking(memberships: QuerySet[Membership], year: int) -> list[PointTotal]:
    """The stored totals of ``memberships`` for ``year``, highest first, with their rank (ties share one)."""
    rows = list(
        PointTotal.objects.filter(membership__in=memberships, year=year)
        .select_related("membership__person", "membership__branch")
        .order_by("-total", "membership__person__pinyin")
    )
    rank, previous = 0, None
    for index, row in enumerate(rows, start=1):
        if row.total != previous:
            rank, previous = index, row.total
        row.rank = rank
    return rows
