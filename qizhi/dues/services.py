"""Party dues: what a member owes for a month, payments, reliefs, the branch ledger and the unpaid list.

``dues_for()`` is the one computation of a month's dues (base in force × the 2008 standard, then an
approved relief); the ledger page, its export, the API, the member's page and payments all read it.

Counting unpaid months: a member's dues are tracked from the first month that has a base (and not
before they joined the branch); the month in progress is not yet overdue, so the count runs back from
the previous month and stops at a month that is paid or exempt.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action, Role
from qizhi.core.refusals import Refused, lock
from qizhi.core.scoping import scope_of, scope_queryset, subtree_q
from qizhi.dues.choices import DuesStatus, ReliefKind
from qizhi.dues.models import FIRST_MONTH, DuesBase, DuesPayment, DuesRelief, month_label
from qizhi.dues.standard import MAX_BASE, monthly_standard
from qizhi.org.models import Person
from qizhi.party.choices import MEMBER_HOLDING
from qizhi.party.models import Membership, PartyOrg
from qizhi.party.services import current_membership

AREA = "dues"
WARNING_MONTHS = 3  # a warning to the member and the secretary
ALERT_MONTHS = 6  # 党章: six months unpaid without good reason counts as leaving the party
LOOKBACK_MONTHS = 60  # the unpaid count looks back at most this far
ZERO = Decimal("0.00")

# --- Months -------------------------------------------------------------------------------------


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``first`` to ``last``, both included."""
    result, month = [], month_of(first)
    while month <= last:
        result.append(month)
        month = add_months(month, 1)
    return result


def parse_month(text, *, field: str = "month") -> datetime.date:
    """``YYYY-MM`` → the first day of that month, or a ValidationError naming ``field``."""
    try:
        year, month = (int(part) for part in str(text).strip().split("-"))
        day = datetime.date(year, month, 1)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("月份应写成 YYYY-MM，如 2026-11")}) from exc
    if not FIRST_MONTH <= day <= datetime.date(2100, 12, 1):
        raise ValidationError({field: _("月份应在2000年至2100年之间")})
    return day


# --- Who may act --------------------------------------------------------------------------------


def own_person(user) -> Person | None:
    return Person.objects.filter(user=user).first() if user.is_authenticated else None


def manageable_memberships(user) -> QuerySet[Membership]:
    """Memberships whose dues ``user`` may record: where the user may change dues."""
    return scope_queryset(Membership.objects.all(), user, Action.CHANGE, area=AREA, path_field="branch__unit__path")


def payable_memberships(user) -> QuerySet[Membership]:
    """Whose dues ``user`` may pay (``may_pay_for`` as a list): their own, and those whose dues they keep."""
    return Membership.objects.filter(Q(person__user=user) | Q(pk__in=manageable_memberships(user).values("pk")))


def visible_memberships(user) -> QuerySet[Membership]:
    return scope_queryset(Membership.objects.all(), user, Action.VIEW, area=AREA, path_field="branch__unit__path")


def may_pay_for(user, membership: Membership) -> bool:
    """A member pays their own dues; whoever keeps the branch's dues records payments for anyone in it."""
    if membership.person.user_id is not None and membership.person.user_id == user.pk:
        return True
    return scope_of(user).covers(Action.CHANGE, AREA, membership.branch.unit.path)


def may_approve_relief(user, membership: Membership) -> bool:
    """A 减交/免交 is recorded by a dues keeper who may also approve dues over the member's branch (a
    secretary, party affairs): a leader who only approves, or a keeper who only records, may not."""
    scope, path = scope_of(user), membership.branch.unit.path
    return scope.covers(Action.ADD, AREA, path) and scope.covers(Action.APPROVE, AREA, path)


def may_approve_relief_somewhere(user) -> bool:
    """Whether ``user`` may approve a relief anywhere: the reliefs list's 新增 button and the form's door."""
    scope = scope_of(user)
    return scope.can(Action.ADD, AREA) and scope.can(Action.APPROVE, AREA)


def relievable_memberships(user) -> QuerySet[Membership]:
    """Memberships whose relief ``user`` may approve (``may_approve_relief`` as a list: the relief
    form's and the API's choices)."""
    keeps = scope_queryset(Membership.objects.all(), user, Action.ADD, area=AREA, path_field="branch__unit__path")
    return scope_queryset(keeps, user, Action.APPROVE, area=AREA, path_field="branch__unit__path")


def refuse_relief() -> Refused:
    return Refused(_("只有有审批权限的党务干部或支部书记可以批准减免党费"))


def ledger_branches(user) -> QuerySet[PartyOrg]:
    """The organizations whose 党费台账 ``user`` may read: member-holding ones they see, where they may
    view dues. The ledger page's choices, its export and the API's ledger all read this one list."""
    orgs = PartyOrg.objects.visible_to(user).filter(kind__in=MEMBER_HOLDING)
    return scope_queryset(orgs, user, Action.VIEW, area=AREA, path_field="unit__path")


# --- A month's dues -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthDues:
    """What a member owes for one month, and why."""

    month: datetime.date
    base: DuesBase | None
    relief: DuesRelief | None
    standard: Decimal | None  # by the 2008 rule, before any relief
    due: Decimal | None  # after the relief; None when no base is known
    extra: Decimal  # voluntary, from the base record

    @property
    def known(self) -> bool:
        return self.due is not None


def _in_force(records, month: datetime.date):
    """The latest base whose start month is not after ``month`` (records sorted by start month)."""
    found = None
    for record in records:
        if record.start_month <= month:
            found = record
        else:
            break
    return found


def _relief_for(reliefs, month: datetime.date) -> DuesRelief | None:
    return next((r for r in reliefs if r.start_month <= month <= r.end_month), None)


def _dues(month: datetime.date, bases, reliefs) -> MonthDues:
    base = _in_force(bases, month)
    relief = _relief_for(reliefs, month)
    if base is None:
        return MonthDues(month, None, relief, None, None, ZERO)
    standard = monthly_standard(base.base, base.kind)
    due = standard
    if relief is not None:
        due = ZERO if relief.kind == ReliefKind.EXEMPT else min(standard, relief.amount)
    return MonthDues(month, base, relief, standard, due, base.extra)


class DuesBook:
    """The bases and reliefs of many memberships, read in two queries, answering ``dues(m, month)``."""

    def __init__(self, memberships: Iterable[Membership]):
        ids = [m.pk for m in memberships]
        self.bases: dict[int, list[DuesBase]] = defaultdict(list)
        self.reliefs: dict[int, list[DuesRelief]] = defaultdict(list)
        for base in DuesBase.objects.filter(membership_id__in=ids).order_by("start_month"):
            self.bases[base.membership_id].append(base)
        for relief in DuesRelief.objects.filter(membership_id__in=ids).order_by("start_month"):
            self.reliefs[relief.membership_id].append(relief)

    def dues(self, membership: Membership, month: datetime.date) -> MonthDues:
        return _dues(month, self.bases[membership.pk], self.reliefs[membership.pk])

    def tracked_from(self, membership: Membership) -> datetime.date | None:
        """The first month whose dues are tracked: the first base's, not before joining the party (a
        membership recorded when the platform was set up starts "today", but its bases may be older)."""
        bases = self.bases[membership.pk]
        if not bases:
            return None
        return max(bases[0].start_month, month_of(membership.joined_on))


def dues_for(membership: Membership, month: datetime.date) -> MonthDues:
    return DuesBook([membership]).dues(membership, month_of(month))


# --- Payments -----------------------------------------------------------------------------------


def latest_month_payable(today: datetime.date) -> datetime.date:
    """Dues may be paid in advance up to the end of the current year (e.g. a retiree's year at once)."""
    return datetime.date(today.year, 12, 1)


@transaction.atomic
def pay(
    membership: Membership,
    months: Iterable[datetime.date],
    *,
    by,
    paid_on: datetime.date | None = None,
    extra: Decimal | None = None,
    note: str = "",
) -> list[DuesPayment]:
    """Record ``membership``'s dues for ``months`` (one payment each), paid by the member or, when
    ``by`` is someone else, by proxy. All months or none; a month already paid is refused.

    The member's row is locked first: who may pay is decided on the row as it is now, and two
    payments for the same month cannot both pass the check below."""
    lock(membership)
    if not may_pay_for(by, membership):
        raise Refused(_("只能交纳本人的党费，或由党费管理人员代为登记"))
    today = timezone.localdate()
    paid_on = paid_on or today
    months = sorted({month_of(m) for m in months})
    _check_payment(membership, months, paid_on=paid_on, extra=extra, today=today)
    proxy = None
    if membership.person.user_id != by.pk:
        proxy = own_person(by)
    paid = set(DuesPayment.objects.filter(membership=membership, month__in=months).values_list("month", flat=True))
    if paid:
        listed = "、".join(month_label(m) for m in sorted(paid))
        raise ValidationError({"months": _("以下月份的党费已交纳：{months}").format(months=listed)})
    book = DuesBook([membership])
    payments = []
    for month in months:
        dues = book.dues(membership, month)
        payment = DuesPayment(
            membership=membership, month=month, due=dues.due, paid_on=paid_on, proxy=proxy, note=note,
            extra=dues.extra if extra is None else extra,
        )  # fmt: skip
        payment.stamp(by)
        payment.save()
        payments.append(payment)
    return payments


def _check_payment(membership, months, *, paid_on, extra, today) -> None:
    if not months:
        raise ValidationError({"months": _("请至少选择一个月份")})
    if paid_on > today or paid_on < FIRST_MONTH:
        raise ValidationError({"paid_on": _("交纳日期不能晚于今天，也不能早于2000年")})
    if extra is not None and not ZERO <= extra <= MAX_BASE:
        raise ValidationError({"extra": _("自愿多交金额应在 0 至 1,000,000 元之间")})
    first, last = month_of(membership.joined_on), latest_month_payable(today)
    if membership.ended_on is not None:
        last = min(last, month_of(membership.ended_on))
    outside = [m for m in months if not first <= m <= last]
    if outside:
        raise ValidationError(
            {"months": _("{months}不在可交纳的月份内（{first}至{last}）").format(
                months="、".join(month_label(m) for m in outside), first=month_label(first), last=month_label(last))}
        )  # fmt: skip
    book = DuesBook([membership])
    unknown = [m for m in months if not book.dues(membership, m).known]
    if unknown:
        raise ValidationError(
            {"months": _("{months}尚未核定党费计算基数，请先登记基数").format(
                months="、".join(month_label(m) for m in unknown))}
        )  # fmt: skip


def unpaid_months(
    membership: Membership, today: datetime.date | None = None, *, book: DuesBook | None = None
) -> list[datetime.date]:
    """The months from tracking start to the current month that are due (> 0) and not paid (``book``: one
    already read for this membership, saving its two queries)."""
    today = today or timezone.localdate()
    book = book or DuesBook([membership])
    start = book.tracked_from(membership)
    if start is None:
        return []
    paid = set(DuesPayment.objects.filter(membership=membership).values_list("month", flat=True))
    last = month_of(today) if membership.ended_on is None else min(month_of(today), month_of(membership.ended_on))
    return [m for m in months_between(start, last) if m not in paid and (book.dues(membership, m).due or ZERO) > 0]


def months_text(months: Iterable[datetime.date]) -> str:
    """Months in a sentence, the year named once: 2026年10月、11月 (2025年12月、2026年1月 across a year)."""
    parts, year = [], None
    for month in sorted(months):
        parts.append(month_label(month) if month.year != year else f"{month.month}月")
        year = month.year
    return "、".join(parts)


@dataclass(frozen=True)
class OwnDues:
    """A member's dues at a glance (their home page): this month's, the months unpaid, the last payment."""

    membership: Membership
    current: MonthDues
    unpaid: list[MonthDues]  # oldest first, as ``unpaid_months`` counts them
    last_paid: list[DuesPayment]  # the payments recorded on the latest payment day, oldest month first

    @property
    def owed(self) -> Decimal:
        return sum((d.due for d in self.unpaid), ZERO)

    @property
    def unpaid_text(self) -> str:
        return months_text(d.month for d in self.unpaid)

    @property
    def last_paid_on(self) -> datetime.date | None:
        return self.last_paid[0].paid_on if self.last_paid else None

    @property
    def last_months_text(self) -> str:
        return months_text(p.month for p in self.last_paid)

    @property
    def last_amount(self) -> Decimal:
        return sum((p.amount for p in self.last_paid), ZERO)


def own_dues(person: Person, today: datetime.date | None = None) -> OwnDues | None:
    """``person``'s dues through their current membership, or None when they hold none (five queries)."""
    today = today or timezone.localdate()
    membership = current_membership(person)
    if membership is None:
        return None
    book = DuesBook([membership])
    unpaid = [book.dues(membership, m) for m in unpaid_months(membership, today, book=book)]
    latest = DuesPayment.objects.filter(membership=membership).order_by("-paid_on").values("paid_on")[:1]
    last_paid = list(DuesPayment.objects.filter(membership=membership, paid_on=Subquery(latest)).order_by("month"))
    return OwnDues(membership, book.dues(membership, month_of(today)), unpaid, last_paid)


# --- Reliefs ------------------------------------------------------------------------------------


@transaction.atomic
def grant_relief(
    membership: Membership,
    *,
    kind: str,
    start_month: datetime.date,
    end_month: datetime.date,
    reason: str,
    by,
    amount: Decimal | None = None,
) -> DuesRelief:
    """An approved 减交/免交: only one who may approve dues over the member's branch grants it (decided
    on the member's locked row, which also keeps two overlapping reliefs from both passing)."""
    lock(membership)
    if not may_approve_relief(by, membership):
        raise refuse_relief()
    relief = DuesRelief(
        membership=membership, kind=kind, start_month=month_of(start_month), end_month=month_of(end_month),
        reason=reason, amount=None if kind == ReliefKind.EXEMPT else amount,
        approved_by=by, approved_on=timezone.localdate(),
    )  # fmt: skip
    if kind == ReliefKind.REDUCED and amount is None:
        raise ValidationError({"amount": _("减交须填写减交后每月应交金额")})
    relief.full_clean()
    overlapping = DuesRelief.objects.filter(
        membership=membership, start_month__lte=relief.end_month, end_month__gte=relief.start_month
    )
    if overlapping.exists():
        raise ValidationError({"start_month": _("该党员在此期间已有减免记录")})
    relief.stamp(by)
    relief.save()
    return relief


# --- The branch ledger --------------------------------------------------------------------------


@dataclass
class LedgerRow:
    membership: Membership
    dues: MonthDues
    payment: DuesPayment | None

    @property
    def status(self) -> str:
        if self.payment is not None:
            return DuesStatus.PAID
        if not self.dues.known:
            return DuesStatus.NO_BASE
        if self.dues.due == 0:
            return DuesStatus.EXEMPT
        return DuesStatus.UNPAID

    @property
    def status_label(self) -> str:
        return DuesStatus(self.status).label

    @property
    def due(self) -> Decimal:
        """What the month owes: the amount fixed at payment, else today's computation."""
        if self.payment is not None:
            return self.payment.due
        return self.dues.due or ZERO

    @property
    def paid(self) -> Decimal:
        return self.payment.due if self.payment else ZERO

    @property
    def extra(self) -> Decimal:
        return self.payment.extra if self.payment else ZERO

    @property
    def received(self) -> Decimal:
        return self.paid + self.extra


@dataclass
class Ledger:
    """A branch's dues for one month: a row per member, and totals that balance to the fen."""

    party_org: PartyOrg
    month: datetime.date
    rows: list[LedgerRow] = field(default_factory=list)

    def _sum(self, attribute: str) -> Decimal:
        return sum((getattr(r, attribute) for r in self.rows), ZERO)

    @property
    def totals(self) -> dict[str, Decimal | int]:
        due, paid, extra = self._sum("due"), self._sum("paid"), self._sum("extra")
        return {
            "members": len(self.rows),
            "paid_members": sum(1 for r in self.rows if r.payment is not None),
            "due": due,
            "paid": paid,
            "extra": extra,
            "received": paid + extra,
            "outstanding": due - paid,
        }


def members_during(party_org: PartyOrg, month: datetime.date) -> QuerySet[Membership]:
    """Memberships of the branch (and its groups) in force at some time in ``month``: started by its end,
    or with a dues base in force that month (a membership recorded when the platform was set up starts
    on that day, but its dues may go back further), and not ended before it."""
    end = add_months(month, 1)
    based = DuesBase.objects.filter(start_month__lte=month).values("membership_id")
    return (
        Membership.objects.filter(subtree_q("branch__path", party_org.path))
        .filter(Q(started_on__lt=end) | Q(pk__in=based))
        .filter(joined_on__lt=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month))
    )


def ledger(party_org: PartyOrg, month: datetime.date) -> Ledger:
    """The 党费收缴台账 of ``party_org`` for ``month`` (four queries whatever the branch's size)."""
    month = month_of(month)
    members = members_during(party_org, month)
    payments = DuesPayment.objects.filter(month=month).filter(subtree_q("membership__branch__path", party_org.path))
    by_member = {p.membership_id: p for p in payments.select_related("proxy")}
    memberships = list(
        Membership.objects.filter(Q(pk__in=members.values("pk")) | Q(pk__in=list(by_member)))
        .select_related("person", "branch")
        .order_by("branch__path", "person__pinyin", "pk")
    )
    book = DuesBook(memberships)
    rows = [LedgerRow(m, book.dues(m, month), by_member.get(m.pk)) for m in memberships]
    return Ledger(party_org, month, rows)


# --- The unpaid list ----------------------------------------------------------------------------


@dataclass
class Arrears:
    membership: Membership
    months: list[datetime.date]  # consecutive unpaid months, oldest first, ending last month
    owed: Decimal

    @property
    def count(self) -> int:
        return len(self.months)

    @property
    def since(self) -> datetime.date:
        return self.months[0]

    @property
    def level(self) -> str:
        if self.count >= ALERT_MONTHS:
            return "alert"
        return "warning" if self.count >= WARNING_MONTHS else ""

    @property
    def level_label(self) -> str:
        return {"alert": _("已满6个月（党章规定视为自行脱党，须立即处理）"), "warning": _("已满3个月，应予提醒")}.get(
            self.level, ""
        )


def arrears(
    memberships: QuerySet[Membership], today: datetime.date | None = None, *, at_least: int = 1
) -> list[Arrears]:
    """Current members with at least ``at_least`` overdue months: consecutive unpaid months up to last month.

    A member who paid any of the last ``at_least`` months, or has no dues base, cannot qualify: one SQL
    condition over the whole set leaves them out before the months of the others are read (at province
    scale the 待办's ``at_least=3`` leaves a few hundred of twenty thousand members to count)."""
    today = today or timezone.localdate()
    last = add_months(month_of(today), -1)
    window = add_months(last, -(LOOKBACK_MONTHS - 1))
    recent = DuesPayment.objects.filter(
        membership=OuterRef("pk"), month__gt=add_months(last, -at_least), month__lte=last
    )
    candidates = memberships.filter(Exists(DuesBase.objects.filter(membership=OuterRef("pk"))), ended_on__isnull=True)
    candidates = candidates.exclude(Exists(recent))
    members = list(candidates.select_related("person", "branch__unit"))
    book = DuesBook(members)
    paid: dict[int, set] = defaultdict(set)
    rows = DuesPayment.objects.filter(membership__in=[m.pk for m in members], month__gte=window, month__lte=last)
    for membership_id, month in rows.values_list("membership_id", "month"):
        paid[membership_id].add(month)
    result = []
    for membership in members:
        start = book.tracked_from(membership)
        if start is None:
            continue
        run, owed, month = [], ZERO, last
        while month >= max(start, window):
            dues = book.dues(membership, month)
            if month in paid[membership.pk] or not dues.due:
                break
            run.append(month)
            owed += dues.due
            month = add_months(month, -1)
        if len(run) >= at_least:
            result.append(Arrears(membership, run[::-1], owed))
    result.sort(key=lambda a: (-a.count, a.membership.branch.path, a.membership.person.pinyin))
    return result


# --- Reminders ----------------------------------------------------------------------------------


@dataclass
class Reminder:
    arrears: Arrears
    recipients: list
    title: str
    body: str


def secretaries_of(branch: PartyOrg) -> list:
    """Who answers for a branch's dues: the secretary of its current term (if linked to an account),
    and the users granted 支部书记 on its unit or above."""
    from qizhi.accounts.services import holders
    from qizhi.party.models import Officer

    users = list(holders(branch.unit, [Role.BRANCH_SECRETARY]))
    today = timezone.localdate()
    officers = Officer.objects.filter(
        term__party_org=branch, role="secretary", term__start_date__lte=today, term__end_date__gte=today,
        person__user__isnull=False,
    ).select_related("person__user")  # fmt: skip
    users += [o.person.user for o in officers]
    return users


def reminders(memberships: QuerySet[Membership], today: datetime.date | None = None) -> list[Reminder]:
    """A warning at 3 consecutive unpaid months and an alert at 6, to the member and the secretaries."""
    result = []
    for item in arrears(memberships, today, at_least=WARNING_MONTHS):
        person = item.membership.person
        threshold = ALERT_MONTHS if item.level == "alert" else WARNING_MONTHS
        title = _("党费催交：{person}自{since}起连续未交纳党费已满{n}个月").format(
            person=person, since=month_label(item.since), n=threshold
        )
        body = _("{branch} {person}：连续{count}个月未交纳党费，共欠交{owed}元。{note}").format(
            branch=item.membership.branch, person=person, count=item.count, owed=item.owed, note=item.level_label
        )
        recipients = secretaries_of(item.membership.branch)
        if person.user_id is not None:
            recipients.append(person.user)
        result.append(Reminder(item, recipients, title, body))
    return result


def send_reminder(reminder: Reminder, url: str) -> int:
    """Notify each recipient once per run of unpaid months and level (the title names both)."""
    from qizhi.core.models import Notification
    from qizhi.core.notifications import notify

    already = set(
        Notification.objects.filter(title=reminder.title, recipient__in=reminder.recipients).values_list(
            "recipient_id", flat=True
        )
    )
    fresh = [u for u in reminder.recipients if u.pk not in already]
    return len(notify(fresh, title=reminder.title, body=reminder.body, url=url))
