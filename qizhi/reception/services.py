"""The rules of the reception app: numbers and query codes, ownership and 转办, clocks, figures.

State changes are service functions with keyword-only actors; each locks its row, decides who may
act on the locked row (``Refused``), then checks the state (``ValidationError``)."""

from __future__ import annotations

import datetime
import secrets
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core import generations
from qizhi.core.models import Notification
from qizhi.core.notifications import notify
from qizhi.core.refusals import Refused, lock, require, require_covers
from qizhi.core.scoping import keeps_catalogs, scope_of, subtree_q
from qizhi.reception import clocks
from qizhi.reception.choices import (
    CaseKind,
    CaseStatus,
    Channel,
    Counting,
    DayKind,
    HandoverState,
    QAState,
    Satisfaction,
    Stage,
    Start,
)
from qizhi.reception.models import (
    CalendarDay,
    Case,
    CaseCounter,
    CaseStep,
    ClockRule,
    ClockStop,
    DutySlot,
    Handover,
)
from qizhi.reception.rules import DEFAULT_RULES, HOLIDAY_NAMES

AREA = "reception"
PREFIXES = {
    CaseKind.VISIT: "JF", CaseKind.LETTER: "XX", CaseKind.REVIEW: "FC", CaseKind.RE_REVIEW: "FH",
    CaseKind.DISCLOSURE: "GK",
}  # fmt: skip
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
CODE_LENGTH = 8
REOPEN_DAYS = 30
DUE_SOON_WORKING_DAYS = 3


def ensure_rules() -> None:
    """Load the default rule table where a rule is missing (never overwriting an edited one)."""
    for kind, stage, days, counting, start, extension, basis in DEFAULT_RULES:
        ClockRule.objects.get_or_create(
            case_kind=kind, stage=stage,
            defaults={"days": days, "counting": counting, "start": start, "max_extension": extension, "basis": basis},
        )  # fmt: skip


def seed_calendar(years: Iterable[int]) -> int:
    """Holidays and 调休 working days of ``years`` from the ``chinese-calendar`` package (the State
    Council's notices); days an administrator already entered are kept. Returns the days added."""
    import chinese_calendar

    added = 0
    for year in years:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        try:
            holidays = chinese_calendar.get_holidays(first, last, include_weekends=False)
            workdays = [d for d in chinese_calendar.get_workdays(first, last) if d.weekday() >= 5]
        except NotImplementedError:
            continue  # the package does not know this year yet: administrators enter it
        for day in holidays:
            name = chinese_calendar.get_holiday_detail(day)[1] or ""
            _made, created = CalendarDay.objects.get_or_create(
                date=day, defaults={"kind": DayKind.HOLIDAY, "name": HOLIDAY_NAMES.get(name, name)}
            )
            added += created
        for day in workdays:
            _made, created = CalendarDay.objects.get_or_create(
                date=day, defaults={"kind": DayKind.WORKDAY, "name": _("调休上班")}
            )
            added += created
    return added


def may_keep_catalog(user) -> bool:
    """The working-day calendar and the clock rules hold for the whole deployment: administrators
    keep them (their pages offer 新增 and 修改 on this; ``save_catalog`` refuses on it)."""
    return keeps_catalogs(user)


def check_catalog_keeper(by) -> None:
    if not may_keep_catalog(by):
        raise Refused(_("工作日历和时限规则由系统管理员维护"))


@transaction.atomic
def save_catalog(record: CalendarDay | ClockRule, *, by) -> CalendarDay | ClockRule:
    """Save a calendar day or a clock rule, by an administrator (every case's due dates read them)."""
    check_catalog_keeper(by)
    record.stamp(by)
    record.save()
    return record


def work_calendar() -> clocks.WorkCalendar:
    """The calendar as of the last committed write (read once per data generation, not per due date)."""
    return generations.cached(("reception.calendar",), _read_calendar)


def _read_calendar() -> clocks.WorkCalendar:
    holidays, workdays = {}, {}
    for date, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        (holidays if kind == DayKind.HOLIDAY else workdays)[date] = name
    return clocks.WorkCalendar(holidays=holidays, workdays=workdays)


# --- Duty roster ------------------------------------------------------------------------------


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def generate_roster(unit, leaders: list, *, start: datetime.date, weeks: int, by, place: str = "") -> list[DutySlot]:
    """One slot a week from ``start``'s Monday, the leaders in turn; weeks already planned are kept."""
    require_covers(by, Action.ADD, AREA, unit.path, _("您不能为该单位排班"))
    if not leaders:
        raise ValidationError({"leaders": _("请至少选择一名值班领导")})
    if not 1 <= weeks <= 104:
        raise ValidationError({"weeks": _("周数应在1至104之间")})
    first = monday_of(start)
    taken = set(DutySlot.objects.filter(unit=unit, week__gte=first).values_list("week", flat=True))
    made = []
    for index in range(weeks):
        week = first + datetime.timedelta(weeks=index)
        if week in taken:
            continue
        slot = DutySlot(unit=unit, week=week, leader=leaders[index % len(leaders)], place=place or "局机关接待室")
        slot.stamp(by)
        slot.save()
        made.append(slot)
    return made


def may_swap(slot: DutySlot, user) -> bool:
    """Those who may change the slot's unit's roster swap its leader (the slot's page offers the form on this)."""
    return DutySlot.objects.editable_by(user).filter(pk=slot.pk).exists()


def swap_duty(slot: DutySlot, *, to, reason: str, by) -> DutySlot:
    """Another leader takes the week; the slot remembers who was scheduled and why it changed."""
    with transaction.atomic():
        lock(slot)
        if not may_swap(slot, by):
            raise Refused(_("您不能调整该值班"))
        if not reason.strip():
            raise ValidationError({"reason": _("请填写调班原因")})
        if to.pk == slot.leader_id:
            raise ValidationError({"to": _("调班后的领导与原值班领导相同")})
        if slot.scheduled_id is None:
            slot.scheduled = slot.leader
        slot.leader = to
        slot.swap_reason = reason.strip()[:200]
        slot.stamp(by)
        slot.save()
    return slot


def duty_on(unit, day: datetime.date) -> DutySlot | None:
    return DutySlot.objects.filter(unit=unit, week=monday_of(day)).select_related("leader").first()


# --- Registration: numbers and query codes ------------------------------------------------------


def next_number(kind: str, year: int) -> tuple[int, str]:
    """The next serial of ``kind`` in ``year``, gapless: the counter row is locked until the caller's
    transaction ends, so a rolled-back registration gives its number back."""
    prefix = PREFIXES[kind]
    # bulk_create: no history row (it would name, and time, the writer of an anonymous letter), and a
    # counter another registration created first is left alone.
    CaseCounter.objects.bulk_create([CaseCounter(prefix=prefix, year=year)], ignore_conflicts=True)
    counter = CaseCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last += 1
    counter.skip_history_when_saving = True  # a history row would name (and time) an anonymous writer
    counter.save(update_fields=["last"])
    return counter.last, f"{prefix}-{year}-{counter.last:06d}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


@dataclass
class Registered:
    case: Case
    code: str  # shown once to whoever registered it; only its hash is kept


def may_register(user, unit) -> bool:
    """Whoever may add cases where the visitor came registers the visit and owns it (首问负责); letters
    from the portal and the intranet have no registrar (their owner takes them later)."""
    return scope_of(user).covers(Action.ADD, AREA, unit.path)


def register_case(
    *, unit, kind: str, channel: str, subject: str, content: str, received_on: datetime.date, by=None,
    owner=None, citizen_name: str = "", citizen_phone: str = "", writer=None, anonymous: bool = False,
    consent: bool = False, code_hash: str | None = None,
) -> Registered:  # fmt: skip
    """Register a visit or a letter. ``by`` registers it as its first-responsible owner (a visit, a
    letter taken from the box); a letter from the portal or the intranet waits for one (``owner=None``).
    An anonymous letter is stored with no writer, no author and no history row naming its writer."""
    if owner is not None and not may_register(owner, unit):
        raise Refused(_("您不能在该单位登记接访事项"))
    with transaction.atomic():
        serial, number = next_number(kind, received_on.year)
        code = new_code()
        case = Case(
            unit=unit, kind=kind, channel=channel, subject=subject.strip(), content=content.strip(),
            received_on=received_on, number=number, year=received_on.year, serial=serial,
            code_hash=code_hash or make_password(code), citizen_name=citizen_name.strip(),
            citizen_phone=citizen_phone.strip(), owner=owner, consent=consent,
            writer=None if anonymous else writer, anonymous=anonymous,
            duty_slot=duty_on(unit, received_on) if kind == CaseKind.VISIT else None,
        )  # fmt: skip
        if owner is not None:
            case.status = CaseStatus.RECEIVED
        case.full_clean(exclude=["unit", "owner", "writer", "duty_slot", "code_hash", "number", "year", "serial"])
        if anonymous:
            save_unlinked(case)
        else:
            case.stamp(by)
            case.save()
        if case.channel in (Channel.PUBLIC, Channel.INTRANET):
            transaction.on_commit(lambda: _tell_director(case))
    return Registered(case, code)


def save_unlinked(case: Case) -> None:
    """Save an anonymous letter: no author, no history row (its ``history_user`` would be the writer),
    and a creation time rounded to the day (a minute would match the web server's log)."""
    case.created_by = case.updated_by = None
    case.skip_history_when_saving = True
    try:
        case.save()
    finally:
        del case.skip_history_when_saving
    midnight = _midnight(case.received_on)
    Case.objects.filter(pk=case.pk).update(created_at=midnight, updated_at=midnight)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _tell_director(case: Case) -> None:
    from qizhi.accounts.roles import Role
    from qizhi.accounts.services import holders

    sent = notify(
        holders(case.unit, [Role.LEADER]), title=_("局长信箱收到新来信：{subject}").format(subject=case.subject[:40]),
        url=case.get_absolute_url(),
    )  # fmt: skip
    if case.anonymous:  # its time would match the writer's request in the web server's log, as the case's would
        Notification.objects.filter(pk__in=[n.pk for n in sent]).update(created_at=_midnight(case.received_on))


def lookup(number: str, code: str) -> Case | None:
    """The case with this number if the code is its code; otherwise None, after the same work
    (a password check) whether the number exists or not — the answer tells nothing about numbers."""
    number = (number or "").strip().upper()[:20]
    code = (code or "").strip().upper()[:20]
    case = Case.objects.filter(number=number).select_related("unit").first() if number else None
    if case is None:
        check_password(code, _DUMMY_HASH())
        return None
    return case if check_password(code, case.code_hash) else None


_dummy: list[str] = []


def _DUMMY_HASH() -> str:
    if not _dummy:
        _dummy.append(make_password(new_code()))
    return _dummy[0]


# --- Who may act on a case -------------------------------------------------------------------


def may_approve(case: Case, user) -> bool:
    """Whoever may approve where the case is (a leader, the office) extends its time and moderates its Q&A."""
    return scope_of(user).covers(Action.APPROVE, AREA, case.unit.path)


def may_act(case: Case, user) -> bool:
    """Whoever may approve in the case's unit (a leader, the office), or its owner where they handle cases."""
    if not user.is_authenticated:
        return False
    if may_approve(case, user):
        return True
    return case.owner_id == user.pk and scope_of(user).covers(Action.CHANGE, AREA, case.unit.path)


def _require_actor(case: Case, by) -> None:
    require(case, by=by, action=Action.VIEW, message=_("您不能办理该事项"))
    if not may_act(case, by):
        raise Refused(_("该事项由首问负责人办理，您不能办理"))


def _open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("该事项已办结"))


def may_take(case: Case, user) -> bool:
    scope = scope_of(user)
    return any(scope.covers(action, AREA, case.unit.path) for action in (Action.CHANGE, Action.APPROVE))


def take(case: Case, *, by) -> Case:
    """A letter from the box is taken by the first staff member who registers it: its first owner."""
    with transaction.atomic():
        lock(case)
        require(case, by=by, action=Action.VIEW, message=_("您不能登记该来信"))
        if not may_take(case, by):
            raise Refused(_("您不能登记该来信"))
        if case.owner_id is not None:
            raise ValidationError(_("该来信已由{owner}登记负责").format(owner=case.owner))
        case.owner = by
        case.stamp(by)
        case.save()
    return case


def accept(case: Case, *, on: datetime.date, by) -> Case:
    with transaction.atomic():
        lock(case)
        _require_actor(case, by)
        if case.status != CaseStatus.RECEIVED:
            raise ValidationError(_("只有已登记、未受理的事项可以受理"))
        if on < case.received_on:
            raise ValidationError({"on": _("受理日期不能早于收到日期")})
        case.status, case.accepted_on = CaseStatus.ACCEPTED, on
        case.stamp(by)
        case.save()
    return case


def add_step(case: Case, *, on: datetime.date, text: str, by) -> CaseStep:
    with transaction.atomic():
        lock(case)
        _require_actor(case, by)
        _open(case)
        if not text.strip():
            raise ValidationError({"text": _("请填写办理情况")})
        if on < case.received_on:
            raise ValidationError({"on": _("日期不能早于收到日期")})
        step = CaseStep(case=case, on=on, text=text.strip()[:500])
        step.stamp(by)
        step.save()
    return step


def hand_over(case: Case, *, to, to_unit, reason: str, by) -> Handover:
    """转办: the receiver must accept before the case is theirs (and their unit's)."""
    with transaction.atomic():
        lock(case)
        _require_actor(case, by)
        _open(case)
        if not reason.strip():
            raise ValidationError({"reason": _("请填写转办理由")})
        if to.pk == case.owner_id:
            raise ValidationError({"to": _("接收人已是该事项的负责人")})
        if not scope_of(to).covers(Action.CHANGE, AREA, to_unit.path):
            raise ValidationError({"to": _("接收人不能在接收单位办理接访事项")})
        if case.handovers.filter(state=HandoverState.PENDING).exists():
            raise ValidationError(_("该事项已有待接收的转办"))
        handover = Handover(
            case=case, from_owner=case.owner, to_owner=to, to_unit=to_unit, from_unit=case.unit, reason=reason.strip()
        )
        handover.stamp(by)
        handover.save()
        transaction.on_commit(lambda: notify(
            [to], title=_("转办待接收：{case}").format(case=case), url=case.get_absolute_url(), sender=by))  # fmt: skip
    return handover


def may_answer(handover: Handover, user) -> bool:
    """Only its receiver accepts or declines a 转办."""
    return handover.to_owner_id == user.pk


def answer_handover(handover: Handover, *, accept: bool, by, answer: str = "", on: datetime.date | None = None):
    """The receiver accepts (the case, its unit and ownership move) or declines (nothing moves)."""
    with transaction.atomic():
        lock(handover)
        if not may_answer(handover, by):
            raise Refused(_("只有接收人可以接收或拒收转办"))
        if handover.state != HandoverState.PENDING:
            raise ValidationError(_("该转办已处理"))
        if not accept and not answer.strip():
            raise ValidationError({"answer": _("拒收须说明理由")})
        case = lock(handover.case)
        handover.state = HandoverState.ACCEPTED if accept else HandoverState.DECLINED
        handover.answer, handover.decided_on = answer.strip()[:200], on or timezone.localdate()
        handover.stamp(by)
        handover.save()
        if accept:
            case.owner, case.unit = by, handover.to_unit
            case.stamp(by)
            case.save()
    return handover


def may_withdraw(handover: Handover, user) -> bool:
    """Only the owner who handed the case over withdraws the 转办."""
    return handover.from_owner_id == user.pk


def withdraw_handover(handover: Handover, *, by) -> Handover:
    with transaction.atomic():
        lock(handover)
        if not may_withdraw(handover, by):
            raise Refused(_("只有转出人可以撤回转办"))
        if handover.state != HandoverState.PENDING:
            raise ValidationError(_("该转办已处理"))
        handover.state, handover.decided_on = HandoverState.WITHDRAWN, timezone.localdate()
        handover.stamp(by)
        handover.save()
    return handover


def owners(case: Case) -> list:
    """Every owner the case had, in order: the first responsible, then each accepted 转办's receiver."""
    moves = [h for h in case.handovers.all() if h.state == HandoverState.ACCEPTED]
    first = moves[0].from_owner if moves else case.owner
    return ([first] if first else []) + [h.to_owner for h in moves]


def stop_clock(case: Case, *, start: datetime.date, reason: str, by) -> ClockStop:
    with transaction.atomic():
        lock(case)
        _require_actor(case, by)
        _open(case)
        if not reason.strip():
            raise ValidationError({"reason": _("请填写停止计时的原因")})
        if start < case.received_on:
            raise ValidationError({"start": _("停止计时日不能早于收到日期")})
        if case.stops.filter(end__isnull=True).exists():
            raise ValidationError(_("该事项已在停止计时中"))
        if case.stops.filter(end__gt=start).exists():
            raise ValidationError({"start": _("停止计时日不能早于上一次恢复计时日")})
        stop = ClockStop(case=case, start=start, reason=reason.strip()[:200])
        stop.stamp(by)
        stop.save()
    return stop


def resume_clock(case: Case, *, on: datetime.date, by) -> ClockStop:
    with transaction.atomic():
        lock(case)
        _require_actor(case, by)
        stop = case.stops.filter(end__isnull=True).first()
        if stop is None:
            raise ValidationError(_("该事项没有停止计时"))
        if on <= stop.start:
            raise ValidationError({"on": _("恢复计时日应晚于停止计时日")})
        stop.end = on
        stop.stamp(by)
        stop.save()
    return stop


def extend(case: Case, *, days: int, reason: str, by) -> Case:
    """Extend the time to close, within the rule's maximum, approved by a leader (shown to the citizen)."""
    with transaction.atomic():
        lock(case)
        if not may_approve(case, by):
            raise Refused(_("延期须由有审批权限的领导批准"))
        _open(case)
        rule = rules_of(case.kind).get(Stage.CLOSE)
        allowed = rule.max_extension if rule else 0
        if case.extension_days:
            raise ValidationError(_("该事项已延期一次"))
        if not 1 <= days <= allowed:
            raise ValidationError({"days": _("延期天数应在1至{n}日之间").format(n=allowed)})
        if not reason.strip():
            raise ValidationError({"reason": _("请填写延期理由")})
        case.extension_days, case.extension_reason, case.extension_approver = days, reason.strip()[:200], by
        case.stamp(by)
        case.save()
    return case


def close(case: Case, *, on: datetime.date, outcome: str, reply: str = "", by) -> Case:
    with transaction.atomic():
        lock(case)
        _require_actor(case, by)
        _open(case)
        if not outcome.strip():
            raise ValidationError({"outcome": _("办结须填写办理结果")})
        if case.status == CaseStatus.RECEIVED:
            raise ValidationError(_("请先受理该事项再办结"))
        if on < (case.accepted_on or case.received_on):
            raise ValidationError({"on": _("办结日期不能早于受理日期")})
        if case.stops.filter(end__isnull=True).exists():
            raise ValidationError(_("停止计时中的事项请先恢复计时"))
        case.status, case.closed_on, case.outcome = CaseStatus.CLOSED, on, outcome.strip()
        case.reply = reply.strip() or case.reply
        case.stamp(by)
        case.save()
    return case


def rate(case: Case, *, satisfaction: str, on: datetime.date, by=None) -> Case:
    """The citizen's satisfaction (entered by staff, or by the citizen on the status page: ``by=None``,
    the code already checked). 不满意 within 30 days of closing reopens the case, once."""
    with transaction.atomic():
        lock(case)
        if by is not None:
            _require_actor(case, by)
        if case.status != CaseStatus.CLOSED:
            raise ValidationError(_("事项办结后才能评价"))
        if satisfaction not in Satisfaction.values:
            raise ValidationError({"satisfaction": _("请选择满意、基本满意或不满意")})
        if case.satisfaction and case.satisfaction_on and case.satisfaction_on >= case.closed_on:
            raise ValidationError(_("该事项已评价"))
        case.satisfaction, case.satisfaction_on = satisfaction, on
        if (
            satisfaction == Satisfaction.UNSATISFIED
            and case.reopened_on is None
            and (on - case.closed_on).days <= REOPEN_DAYS
        ):
            case.status, case.reopened_on, case.closed_on = CaseStatus.ACCEPTED, on, None
        case.stamp(by)
        case.save()
    return case


def moderate_qa(case: Case, *, question: str, answer: str, publish: bool, by, on: datetime.date | None = None) -> Case:
    """The public Q&A: a separate, edited text, published only with the writer's consent after review."""
    with transaction.atomic():
        lock(case)
        if not may_approve(case, by):
            raise Refused(_("问答公开须由有审核权限的人员审核"))
        if publish:
            if not case.consent:
                raise ValidationError(_("来信人未同意公开，不能公开问答"))
            if case.status != CaseStatus.CLOSED:
                raise ValidationError(_("事项办结后才能公开问答"))
            if not question.strip() or not answer.strip():
                raise ValidationError({"question": _("公开的问题和答复都须填写")})
        case.public_question, case.public_answer = question.strip()[:2000], answer.strip()[:5000]
        case.qa_state = QAState.PUBLISHED if publish else QAState.REFUSED
        case.qa_published_on = (on or timezone.localdate()) if publish else None
        case.stamp(by)
        case.save()
    return case


def published_qa(unit=None) -> QuerySet:
    """The published letter Q&As (for the portal: only the moderated public texts, never a letter)."""
    from qizhi.core.scoping import subtree_q

    rows = Case.objects.filter(qa_state=QAState.PUBLISHED, consent=True)
    if unit is not None:
        rows = rows.filter(subtree_q("unit__path", unit.path))
    return rows.order_by("-qa_published_on", "-pk").values(
        "pk", "number", "public_question", "public_answer", "qa_published_on", "unit__name"
    )


# --- Clocks --------------------------------------------------------------------------------------


def rules_of(kind: str) -> dict[str, ClockRule]:
    return {r.stage: r for r in ClockRule.objects.filter(case_kind=kind)}


def dues(case: Case, *, calendar: clocks.WorkCalendar | None = None, rules: dict | None = None) -> dict:
    """The due dates of the case's stages (``{stage: Due}``), each with how it was computed.
    Pass the calendar and the rules (``all_rules()``) when computing many cases."""
    if case.status == CaseStatus.CLOSED:
        return {}  # no clock runs on a closed case (a reopened one counts again from its acceptance)
    calendar = calendar or work_calendar()
    rules = (rules or all_rules()).get(case.kind, {})
    stops = [clocks.Stop(s.start, s.end) for s in case.stops.all()]
    found = {}
    for stage, rule in rules.items():
        start = case.received_on if rule.start == Start.RECEIVED else case.accepted_on
        if stage == Stage.CLOSE and case.reopened_on is not None:
            start = case.reopened_on  # reopened after 不满意: a new time to close from that day
        if stage == Stage.ACCEPT and case.accepted_on is not None:
            continue
        if start is None:
            continue
        found[stage] = clocks.due_date(
            start, rule.days, working=rule.counting == Counting.WORKING, calendar=calendar,
            stops=[s for s in stops if s.end is None or s.end > start],
            extension=case.extension_days if stage == Stage.CLOSE else 0,
            label=rule.get_stage_display() + _("期限"),
        )  # fmt: skip
    return found


def all_rules() -> dict[str, dict[str, ClockRule]]:
    found: dict[str, dict[str, ClockRule]] = {}
    for rule in ClockRule.objects.all():
        found.setdefault(rule.case_kind, {})[rule.stage] = rule
    return found


@dataclass
class Deadline:
    case: Case
    stage: str
    due: clocks.Due

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


def deadlines(cases: QuerySet, today: datetime.date) -> tuple[list[Deadline], list[Deadline]]:
    """Open cases past a due date, and those due within 3 working days (soonest first)."""
    calendar, rules = work_calendar(), all_rules()
    soon_limit = calendar.add_working(today, DUE_SOON_WORKING_DAYS)
    overdue, soon = [], []
    rows = cases.exclude(status=CaseStatus.CLOSED).select_related("unit", "owner").prefetch_related("stops")
    for case in rows:
        for stage, due in dues(case, calendar=calendar, rules=rules).items():
            if due.date is None:
                continue
            if due.date < today:
                overdue.append(Deadline(case, stage, due))
            elif due.date <= soon_limit:
                soon.append(Deadline(case, stage, due))
    key = lambda d: (d.due.date, d.case.pk)  # noqa: E731
    return sorted(overdue, key=key), sorted(soon, key=key)


# --- Figures ----------------------------------------------------------------------------------


def year_figures(unit, year: int) -> dict:
    """The year's cases of ``unit``'s subtree: visits received (seed 003's "600余人次"), letters, and
    per handling unit the median days from receipt to acceptance and from acceptance to closing.

    Three queries whatever the number of units and cases: the counts per unit in one grouped aggregate (the
    totals add its rows up), and for each median the middle rows of every unit, found by window functions
    (SQL has no median that SQLite and PostgreSQL share; numbering the rows is shared)."""
    cases = Case.objects.filter(subtree_q("unit__path", unit.path), year=year)
    per_unit = list(
        cases.values("unit_id", "unit__name").annotate(**_COUNTS).order_by("-cases", "unit__path", "unit_id")
    )
    days = _days_per_unit(cases)
    totals = {name: sum(row[name] for row in per_unit) for name in _COUNTS}
    units = [
        {
            "unit": row["unit_id"], "name": row["unit__name"], "cases": row["cases"],
            "median_days_to_accept": _median(days.get(row["unit_id"], ([], []))[0]),
            "median_days_to_close": _median(days.get(row["unit_id"], ([], []))[1]),
        }
        for row in per_unit
    ]  # fmt: skip
    return {"year": year, **totals, "units": units}


_RATED = ~Q(satisfaction="")
_COUNTS = {
    "visits": Count("pk", filter=Q(kind=CaseKind.VISIT)),
    "letters": Count("pk", filter=Q(kind=CaseKind.LETTER)),
    "cases": Count("pk"),
    "closed": Count("pk", filter=Q(closed_on__isnull=False)),
    "satisfied": Count("pk", filter=_RATED & ~Q(satisfaction=Satisfaction.UNSATISFIED)),
    "rated": Count("pk", filter=_RATED),
}


def _days_per_unit(cases: QuerySet) -> dict[int, tuple[list[int], list[int]]]:
    """Per unit id: the middle one or two of its cases' days from receipt to acceptance, and from acceptance
    to closing — picked by the database (each unit's cases numbered by their days, and the rows at the middle
    of that numbering kept), so at most two rows per unit and measure come back, however many cases."""
    accepted = cases.filter(accepted_on__isnull=False)
    return {
        unit_id: (accept, close)
        for unit_id, accept, close in _merge(
            _middle(accepted, F("accepted_on") - F("received_on")),
            _middle(accepted.filter(closed_on__isnull=False), F("closed_on") - F("accepted_on")),
        )
    }


def _middle(cases: QuerySet, span) -> dict[int, list[int]]:
    """Per unit id, the days of the middle row (odd count) or the two middle rows (even count) of ``span``."""
    numbered = cases.order_by().annotate(
        days=ExpressionWrapper(span, output_field=DurationField()),
        rank=Window(RowNumber(), partition_by=[F("unit_id")], order_by=[F("days").asc(), F("pk").asc()]),
        count=Window(Count("pk"), partition_by=[F("unit_id")]),
    )
    middle = numbered.filter(rank__gte=F("count") / 2.0, rank__lte=F("count") / 2.0 + 1)
    found: dict[int, list[int]] = {}
    for unit_id, days in middle.values_list("unit_id", "days"):
        found.setdefault(unit_id, []).append(days.days)
    return found


def _merge(accept: dict[int, list[int]], close: dict[int, list[int]]):
    for unit_id in accept.keys() | close.keys():
        yield unit_id, accept.get(unit_id, []), close.get(unit_id, [])


def _median(values: list[int]) -> float | None:
    """The median from the middle one or two values (``_middle``)."""
    return round(float(statistics.mean(values)), 1) if values else None


def my_letters(user) -> QuerySet:
    """The letters a staff member wrote under their name (anonymous ones are not theirs to find)."""
    return Case.objects.filter(writer__user=user, anonymous=False).order_by("-received_on", "-pk")


def bureau_of(person):
    """The organ a staff letter goes to: the nearest bureau or court above the writer's unit."""
    from qizhi.org.models import Unit

    unit = person.unit
    organs = Unit.objects.filter(path__in=unit.ancestor_paths(), kind__in=["bureau", "court"]).order_by("-depth")
    return organs.first() or unit
