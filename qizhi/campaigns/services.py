"""The rules of a campaign: its current phase, consultation, problems, rectification and its figures.

Every state change starts with ``lock`` and decides on the locked row (``core.refusals``); every
figure is computed here, in SQL, and read by the page, the API and the export alike.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.campaigns.choices import (
    DEFAULT_PROGRESS,
    FINISHED,
    EntryKind,
    GroupKind,
    OpinionChannel,
    ProblemCategory,
    ProblemSource,
    RectificationStatus,
    Verdict,
)
from qizhi.campaigns.models import (
    Campaign,
    GroupMember,
    Opinion,
    OpinionReceipt,
    Phase,
    Problem,
    Rectification,
    RectificationEntry,
    Report,
    Rule,
)
from qizhi.core.attachments import attach
from qizhi.core.models import Attachment
from qizhi.core.notifications import notify
from qizhi.core.refusals import Refused, lock, require
from qizhi.core.scoping import ancestor_paths, scope_of, subtree_q
from qizhi.org.models import Person

Status = RectificationStatus
WARNING_DAYS = 7  # an open item turns yellow this many days before its deadline, red after it
PUBLIC_LIMIT = 3  # public opinions per address and hour
PUBLIC_WINDOW = datetime.timedelta(hours=1)
HUNDRED = Decimal("100")

# Which moves a progress report may make (verification and return have their own services).
REPORT_MOVES = {
    Status.PENDING: {Status.PENDING, Status.IN_PROGRESS, Status.DONE},
    Status.IN_PROGRESS: {Status.IN_PROGRESS, Status.DONE},
    Status.ONGOING: {Status.ONGOING, Status.DONE},
    Status.DONE: set(),
    Status.CLOSED: set(),
}


def today() -> datetime.date:
    return timezone.localdate()


def _stamp(record, by) -> None:
    """Author the next save of ``record`` and its history row (services run outside a request too)."""
    record.stamp(by)
    record._history_user = by


# --- Phases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseState:
    """Where a campaign stands on a day: its current phase (computed or set by hand) and the days left."""

    phase: Phase | None
    overridden: bool
    days_left: int | None
    started: bool
    ended: bool


def computed_phase(phases: Iterable[Phase], day: datetime.date) -> Phase | None:
    """The phase ``day`` falls in; in a gap between two phases, the next one; before the first, the
    first; after the last, none (the campaign's phases are over)."""
    for phase in sorted(phases, key=lambda p: (p.start, p.order)):
        if day <= phase.end:
            return phase
    return None


def phase_state(campaign: Campaign, day: datetime.date | None = None) -> PhaseState:
    """Exactly one current phase while the campaign runs; a manual override wins and says so."""
    day = day or today()
    phases = list(campaign.phases.all())
    phase = computed_phase(phases, day)
    overridden = campaign.override_phase_id is not None
    if overridden:
        phase = next((p for p in phases if p.pk == campaign.override_phase_id), phase)
    days_left = (phase.end - day).days if phase is not None else None
    return PhaseState(phase, overridden, days_left, day >= campaign.start, day > campaign.end)


def may_set_phase(campaign: Campaign, user) -> bool:
    """Those who may change the campaign set its current phase by hand (the page offers the form on this)."""
    return Campaign.objects.editable_by(user).filter(pk=campaign.pk).exists()


@transaction.atomic
def set_phase(campaign: Campaign, phase: Phase | None, *, by, reason: str) -> Campaign:
    """Set the current phase by hand (``None`` returns to the dates), with a reason; the change is
    kept in the campaign's history (who, when, from which to which phase, why)."""
    lock(campaign)
    if not may_set_phase(campaign, by):
        raise Refused(_("您不能调整此专项活动的阶段"))
    if phase is not None and phase.campaign_id != campaign.pk:
        raise ValidationError({"phase": _("该阶段不属于此专项活动")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请说明人工调整阶段的理由")})
    campaign.override_phase = phase
    campaign.override_reason = reason[:200]
    _stamp(campaign, by)
    campaign._change_reason = reason[:100]
    campaign.save(update_fields=["override_phase", "override_reason", "updated_by", "updated_at"])
    return campaign


def leading_group_users(campaign: Campaign) -> list:
    """The accounts of the leading group's and its office's current members."""
    day = today()
    members = GroupMember.objects.filter(
        group__campaign=campaign, group__kind__in=(GroupKind.LEADING, GroupKind.OFFICE), person__user__isnull=False
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return [m.person.user for m in members.select_related("person__user")]


def advance_phases(day: datetime.date, campaigns: QuerySet | None = None) -> list[tuple[Campaign, Phase]]:
    """For the daily reminders command: each running campaign whose current phase changed since it
    was last announced tells its leading group; an override whose phase is over lapses."""
    campaigns = Campaign.objects.all() if campaigns is None else campaigns
    moved = []
    running = campaigns.filter(start__lte=day + datetime.timedelta(days=1), end__gte=day).prefetch_related("phases")
    for campaign in running:
        with transaction.atomic():
            lock(campaign)
            phases = list(campaign.phases.all())
            if campaign.override_phase_id and any(p.pk == campaign.override_phase_id and p.end < day for p in phases):
                campaign.override_phase = None
                campaign.override_reason = ""
            state = phase_state(campaign, day)
            if state.phase is None or state.phase.pk == campaign.announced_phase_id:
                campaign.save(update_fields=["override_phase", "override_reason"])
                continue
            campaign.announced_phase = state.phase
            campaign.save(update_fields=["announced_phase", "override_phase", "override_reason"])
            title = _("{campaign}进入{phase}（{start}至{end}）").format(
                campaign=campaign, phase=state.phase, start=_date(state.phase.start), end=_date(state.phase.end)
            )
            url = campaign.get_absolute_url()
            users = leading_group_users(campaign)
            transaction.on_commit(lambda users=users, title=title, url=url: notify(users, title=title, url=url))
            moved.append((campaign, state.phase))
    return moved


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- Opinions ---------------------------------------------------------------------------------


def own_person(user) -> Person | None:
    return Person.objects.filter(user=user).select_related("unit").first() if user.is_authenticated else None


def is_staff_of(campaign: Campaign, person: Person | None) -> bool:
    """Whether ``person`` works in the campaign's unit or below it (the staff a consultation is open to)."""
    return person is not None and person.unit.path.startswith(campaign.unit.path)


def consultations_for(user) -> QuerySet:
    """The open consultations of the units above and at the user's own (a judicial office's staff answer
    their bureau's campaign, which their role does not otherwise let them see)."""
    person = own_person(user)
    if person is None:
        return Campaign.objects.none()
    paths = ancestor_paths(person.unit.path, person.unit.steplen)
    return Campaign.objects.filter(opinions_open=True, unit__path__in=paths).select_related("unit")


def may_send_opinion(campaign: Campaign, user) -> bool:
    person = own_person(user)
    return (
        campaign.opinions_open
        and is_staff_of(campaign, person)
        and not OpinionReceipt.objects.filter(campaign=campaign, person=person).exists()
    )


@transaction.atomic
def send_opinion(campaign: Campaign, *, by, content: str, category: str = "") -> Opinion:
    """A staff member's one response. On an anonymous form the opinion keeps no person, author,
    time or creation history, and its id is random: only the receipt says that they answered."""
    lock(campaign)
    person = own_person(by)
    if not is_staff_of(campaign, person):
        raise Refused(_("只有本单位干部职工可以对此活动提出意见"))
    _check_open(campaign, content)
    if OpinionReceipt.objects.filter(campaign=campaign, person=person).exists():
        raise ValidationError({"content": _("您已对本次活动提交过意见，每人限提交一次")})
    receipt = OpinionReceipt(campaign=campaign, person=person)
    _stamp(receipt, by)
    receipt.save()
    opinion = Opinion(campaign=campaign, channel=OpinionChannel.STAFF, category=category, content=content.strip())
    if campaign.opinions_anonymous:
        _save_unlinked(opinion, campaign)
    else:
        opinion.person = person
        _stamp(opinion, by)
        opinion.save()
    return opinion


def _save_unlinked(opinion: Opinion, campaign: Campaign) -> None:
    """Insert without anything that ties the row to its writer or its moment."""
    opinion.skip_history_when_saving = True  # a history row would carry the user and the time
    opinion.save()
    del opinion.skip_history_when_saving
    moment = datetime.datetime.combine(campaign.start, datetime.time(), tzinfo=timezone.get_current_timezone())
    Opinion.objects.filter(pk=opinion.pk).update(created_at=moment, updated_at=moment)
    opinion.created_at = opinion.updated_at = moment


def _check_open(campaign: Campaign, content: str) -> None:
    if not campaign.opinions_open:
        raise ValidationError({"content": _("此活动目前未在征求意见")})
    if not (content or "").strip():
        raise ValidationError({"content": _("请填写意见建议")})
    if len(content) > 5000:
        raise ValidationError({"content": _("意见建议不能超过5000字")})


def address_hash(address: str) -> str:
    """A keyed hash of the sender's address: enough to count, never to recover it."""
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def send_public_opinion(
    campaign: Campaign, *, content: str, address: str, contact: str = "", category: str = "", trap: str = ""
) -> Opinion | None:
    """An opinion from the public page, without login: a filled honeypot is dropped silently (the
    robot sees success); an address that sent ``PUBLIC_LIMIT`` within the hour is refused."""
    lock(campaign)
    if not campaign.opinions_public:
        raise ValidationError({"content": _("此活动未向社会公众征求意见")})
    _check_open(campaign, content)
    if trap:
        return None
    hashed = address_hash(address)
    recent = Opinion.objects.filter(address_hash=hashed, created_at__gte=timezone.now() - PUBLIC_WINDOW).count()
    if recent >= PUBLIC_LIMIT:
        raise ValidationError({"content": _("提交过于频繁，请一小时后再试")})
    opinion = Opinion(
        campaign=campaign, channel=OpinionChannel.PUBLIC, content=content.strip(), contact=contact.strip()[:100],
        category=category, address_hash=hashed,
    )  # fmt: skip
    opinion.save()
    return opinion


# --- Problems ---------------------------------------------------------------------------------


def may_make_problem(opinion: Opinion, user) -> bool:
    """Those who may add records where the opinion's campaign is turn it into problems."""
    return Opinion.objects.for_action(user, Action.ADD).filter(pk=opinion.pk).exists()


@transaction.atomic
def problem_from_opinion(opinion: Opinion, *, by, category: str, description: str, found_on=None) -> Problem:
    """Turn an opinion into a problem (one opinion may give several); the link shows on both pages."""
    lock(opinion)
    if not may_make_problem(opinion, by):
        raise Refused(_("您不能据此意见查摆问题"))
    if category not in ProblemCategory.values:
        raise ValidationError({"category": _("请选择问题所属方面")})
    if not (description or "").strip():
        raise ValidationError({"description": _("请填写问题表现")})
    problem = Problem(
        campaign_id=opinion.campaign_id, category=category, source=ProblemSource.OPINION, opinion=opinion,
        description=description.strip(), found_on=found_on or today(),
    )  # fmt: skip
    problem.full_clean()
    _stamp(problem, by)
    problem.save()
    return problem


# --- Rectification ----------------------------------------------------------------------------

FOUR_FIELDS = ("measure", "target", "deadline", "responsible_person", "responsible_unit")


def missing_for_publication(item: Rectification) -> dict[str, str]:
    """The 四明确 fields still empty, with the Chinese message naming each."""
    missing = {}
    for name in FOUR_FIELDS:
        if getattr(item, name if not name.startswith("responsible") else f"{name}_id") in (None, ""):
            label = Rectification._meta.get_field(name).verbose_name
            missing[name] = _("公开前须填写{field}").format(field=label)
    return missing


def may_publish(item: Rectification, user) -> bool:
    return not item.public and Rectification.objects.editable_by(user).filter(pk=item.pk).exists()


@transaction.atomic
def publish(item: Rectification, *, by) -> Rectification:
    """一公开: a separate recorded act, only once the 四明确 are set."""
    lock(item)
    require(item, by=by, action=Action.CHANGE, message=_("您不能公开此整改事项"))
    if item.public:
        raise ValidationError({"public": _("此整改事项已经公开")})
    missing = missing_for_publication(item)
    if missing:
        raise ValidationError(missing)
    item.public, item.published_at, item.published_by = True, timezone.now(), by
    _stamp(item, by)
    item.save(update_fields=["public", "published_at", "published_by", "updated_by", "updated_at"])
    _entry(item, EntryKind.PUBLISH, by=by, note=_("整改事项向社会公开"))
    return item


def _entry(item: Rectification, kind: str, *, by, note: str = "", verdict: str = "") -> RectificationEntry:
    entry = RectificationEntry(
        item=item, kind=kind, on=today(), status=item.status, progress=item.progress, note=note, verdict=verdict,
        actor=by,
    )  # fmt: skip
    _stamp(entry, by)
    entry.save()
    return entry


def is_responsible(item: Rectification, user) -> bool:
    return bool(user.is_authenticated and item.responsible_person_id and item.responsible_person.user_id == user.pk)


def answers_for(item: Rectification, user) -> bool:
    """The responsible person, or whoever may change the item (the campaign's office), reports on it."""
    return is_responsible(item, user) or Rectification.objects.editable_by(user).filter(pk=item.pk).exists()


def may_report(item: Rectification, user) -> bool:
    """Whether the page offers the progress form: ``user`` answers for the item and it can still move."""
    return bool(REPORT_MOVES[item.status]) and answers_for(item, user)


def _progress_for(status: str, progress: int | None, reason: str) -> int:
    if progress is None or progress == DEFAULT_PROGRESS[status]:
        return DEFAULT_PROGRESS[status]
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("进度应在0至100之间")})
    if not reason.strip():
        raise ValidationError(
            {"note": _("进度与状态的默认进度（{p}%）不同，请说明理由").format(p=DEFAULT_PROGRESS[status])}
        )
    return progress


@transaction.atomic
def report_progress(
    item: Rectification, *, by, status: str, progress: int | None = None, note: str = "", files=()
) -> RectificationEntry:
    """The responsible person (or an editor) reports: a status, the progress it gives (or another
    with a reason), a note and evidence. The entry joins the item's timeline."""
    lock(item)
    if not answers_for(item, by):
        raise Refused(_("只有责任人或活动办公室可以报告此事项的进展"))
    if status not in REPORT_MOVES[item.status]:
        label = Status(status).label if status in Status.values else status
        message = _("此事项当前为“{now}”，不能报告为“{to}”").format(now=item.get_status_display(), to=label)
        raise ValidationError({"status": message})
    item.progress = _progress_for(status, progress, note)
    item.status = status
    _stamp(item, by)
    item.save(update_fields=["status", "progress", "updated_by", "updated_at"])
    entry = _entry(item, EntryKind.PROGRESS, by=by, note=note.strip())
    if files:
        attach(entry, files, by=by, authorized=True)
    return entry


def evidence_of(item: Rectification) -> QuerySet:
    """The files kept with the item and with its timeline's entries."""
    entry_type = ContentType.objects.get_for_model(RectificationEntry)
    item_type = ContentType.objects.get_for_model(Rectification)
    return Attachment.objects.filter(
        Q(content_type=entry_type, object_id__in=item.entries.values("pk"))
        | Q(content_type=item_type, object_id=item.pk)
    )


def may_verify(item: Rectification, user) -> bool:
    return (
        item.status == Status.DONE
        and not is_responsible(item, user)
        and Rectification.objects.for_action(user, Action.APPROVE).filter(pk=item.pk).exists()
    )


@transaction.atomic
def verify(item: Rectification, *, by, verdict: str, note: str = "") -> Rectification:
    """验收: 通过 closes the item (销号), 部分通过 makes it 阶段性完成·持续整改, 不通过 sends it back to 整改中.
    Only by a verifier who is not the responsible person, and only with evidence on file."""
    lock(item)
    require(item, by=by, action=Action.APPROVE, message=_("您没有验收整改事项的权限"))
    if is_responsible(item, by):
        raise Refused(_("责任人不能验收自己负责的整改事项"), field="verdict")
    if item.status != Status.DONE:
        raise ValidationError({"verdict": _("只有“已整改（待验收）”的事项可以验收")})
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("请选择验收结论")})
    if not evidence_of(item).exists():
        raise ValidationError({"verdict": _("验收前须有至少一份整改佐证材料")})
    if verdict != Verdict.PASSED and not note.strip():
        raise ValidationError({"note": _("未通过或部分通过时请说明理由")})
    item.status = {Verdict.PASSED: Status.CLOSED, Verdict.PARTIAL: Status.ONGOING, Verdict.FAILED: Status.IN_PROGRESS}[
        verdict
    ]
    item.progress = DEFAULT_PROGRESS[item.status]
    _stamp(item, by)
    item.save(update_fields=["status", "progress", "updated_by", "updated_at"])
    _entry(item, EntryKind.VERIFY, by=by, note=note.strip(), verdict=verdict)
    if verdict != Verdict.PASSED and item.responsible_person.user_id:
        user = item.responsible_person.user
        title = _("整改事项验收{verdict}：{item}").format(verdict=Verdict(verdict).label, item=item)
        transaction.on_commit(lambda: notify([user], title=title, url=item.get_absolute_url(), body=note, sender=by))
    return item


@transaction.atomic
def return_item(item: Rectification, *, by, reason: str) -> Rectification:
    """退回: an item reported done goes back to 整改中, with the reason, before verification."""
    lock(item)
    require(item, by=by, action=Action.APPROVE, message=_("您不能退回此整改事项"))
    if item.status != Status.DONE:
        raise ValidationError({"reason": _("只有“已整改（待验收）”的事项可以退回")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请说明退回理由")})
    item.status, item.progress = Status.IN_PROGRESS, DEFAULT_PROGRESS[Status.IN_PROGRESS]
    _stamp(item, by)
    item.save(update_fields=["status", "progress", "updated_by", "updated_at"])
    _entry(item, EntryKind.RETURN, by=by, note=reason.strip())
    return item


def may_bulk_change(user) -> bool:
    """Whether ``user`` may change items anywhere (the ledger offers its 批量调整 form on this)."""
    return scope_of(user).can(Action.CHANGE, "campaigns")


@transaction.atomic
def bulk_change(items: QuerySet, *, by, status: str = "", deadline=None, person=None, reason: str = "") -> int:
    """Change the status, deadline or responsible person of several items at once, each through the
    same rules as one (status → default progress; the deadline inside the campaign), each on its timeline.
    All or nothing: one chosen item ``by`` may not change (checked on its locked row) refuses the batch."""
    if not may_bulk_change(by):
        raise Refused(_("您不能调整整改事项"))
    if not reason.strip():
        raise ValidationError({"reason": _("批量调整须说明理由")})
    changed = 0
    for item in items.select_related("campaign"):
        lock(item)
        require(
            item, by=by, action=Action.CHANGE, message=_("所选整改事项中有您不能调整的事项：{item}").format(item=item)
        )
        if status:
            if status not in Status.values or status in (Status.CLOSED, Status.ONGOING):
                raise ValidationError({"status": _("批量调整不能直接销号，须逐项验收")})
            item.status, item.progress = status, DEFAULT_PROGRESS[status]
        if deadline is not None:
            item.deadline = deadline
        if person is not None:
            item.responsible_person = person
        item.full_clean(exclude=["problem", "campaign"])
        _stamp(item, by)
        item.save()
        _entry(item, EntryKind.BULK, by=by, note=reason.strip())
        changed += 1
    return changed


# --- Lights and the roll-up -------------------------------------------------------------------


def light(item: Rectification, day: datetime.date | None = None) -> str:
    """green, yellow (due within ``WARNING_DAYS``) or red (past its deadline), for an open item."""
    day = day or today()
    if item.status in FINISHED or item.deadline is None:
        return "green"
    if item.deadline < day:
        return "red"
    if (item.deadline - day).days <= WARNING_DAYS:
        return "yellow"
    return "green"


def overdue_q(day: datetime.date) -> Q:
    return Q(deadline__lt=day) & ~Q(status__in=FINISHED)


def due_soon_q(day: datetime.date) -> Q:
    return Q(deadline__gte=day, deadline__lte=day + datetime.timedelta(days=WARNING_DAYS)) & ~Q(status__in=FINISHED)


@dataclass
class CategoryRoll:
    category: str
    label: str
    items: int
    weight: Decimal
    share: Decimal  # the category's weight, normalised over the campaign (percent)
    progress: Decimal  # the weighted progress of its items (percent)


@dataclass
class Rollup:
    categories: list[CategoryRoll] = field(default_factory=list)
    progress: Decimal = Decimal("0.0")


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rollup(campaign: Campaign) -> Rollup:
    """Campaign → category → item, weighted: one grouped query. A category weighs the sum of its
    items' weights; shares are normalised to 100%; progress is Σ(weight × progress) / Σ weight."""
    weighted = ExpressionWrapper(
        F("weight") * F("progress"), output_field=DecimalField(max_digits=12, decimal_places=2)
    )
    rows = (
        Rectification.objects.filter(campaign=campaign)
        .values("problem__category")
        .annotate(items=Count("pk"), weights=Sum("weight"), weighted=Sum(weighted))
        .order_by("problem__category")
    )
    rows = list(rows)
    total_weight = sum((Decimal(r["weights"]) for r in rows), Decimal("0"))
    total_weighted = sum((Decimal(r["weighted"]) for r in rows), Decimal("0"))
    labels = dict(ProblemCategory.choices)
    order = {value: index for index, value in enumerate(ProblemCategory.values)}
    result = Rollup()
    for row in sorted(rows, key=lambda r: order.get(r["problem__category"], 99)):
        weight = Decimal(row["weights"]).quantize(Decimal("0.01"))
        result.categories.append(
            CategoryRoll(
                category=row["problem__category"],
                label=str(labels.get(row["problem__category"], "")),
                items=row["items"],
                weight=weight,
                share=_round(weight * HUNDRED / total_weight),
                progress=_round(Decimal(row["weighted"]) / weight),
            )
        )
    if total_weight:
        result.progress = _round(total_weighted / total_weight)
    return result


# --- Figures ----------------------------------------------------------------------------------


@dataclass
class Figures:
    """The campaign's figures, generated: the page, the API and the ledger read these."""

    problems: int = 0
    done: int = 0
    ongoing: int = 0
    undone: int = 0
    items: int = 0
    items_closed: int = 0
    in_progress: int = 0
    overdue: int = 0
    rate: Decimal = Decimal("0.0")
    rules: int = 0
    meetings: int = 0
    lectures: int = 0
    reports: int = 0
    opinions: int = 0

    @property
    def sentence(self) -> str:
        return _("共查摆问题{n}个，已完成{a}个，阶段性完成并持续整改{b}个，未完成{c}个，完成率{x}%").format(
            n=self.problems, a=self.done, b=self.ongoing, c=self.undone, x=self.rate
        )


def problem_states(campaign: Campaign) -> dict[str, int]:
    """How many problems are done, ongoing and undone, from one grouped query (per problem: its items,
    how many are open, how many 持续整改). A problem is done when it has items and all are closed, ongoing
    when all are closed or ongoing and some ongoing, otherwise undone."""
    rows = (
        Problem.objects.filter(campaign=campaign)
        .values("pk")
        .annotate(
            n=Count("rectifications"),
            open=Count("rectifications", filter=~Q(rectifications__status__in=FINISHED)),
            ongoing=Count("rectifications", filter=Q(rectifications__status=Status.ONGOING)),
        )
        .order_by()
        .values_list("n", "open", "ongoing")
    )
    counts = {"done": 0, "ongoing": 0, "undone": 0}
    for n, open_, ongoing in rows:
        counts["undone" if n == 0 or open_ else "ongoing" if ongoing else "done"] += 1
    return counts


def figures(campaign: Campaign, day: datetime.date | None = None) -> Figures:
    from qizhi.meetings.choices import MeetingKind, MeetingStatus
    from qizhi.meetings.models import Meeting

    day = day or today()
    result = Figures()
    by_state = problem_states(campaign)
    result.done, result.ongoing, result.undone = (by_state.get(s, 0) for s in ("done", "ongoing", "undone"))
    result.problems = result.done + result.ongoing + result.undone
    items = Rectification.objects.filter(campaign=campaign).aggregate(
        items=Count("pk"),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        in_progress=Count("pk", filter=~Q(status__in=FINISHED)),
        overdue=Count("pk", filter=overdue_q(day)),
    )
    result.items, result.items_closed = items["items"], items["closed"]
    result.in_progress, result.overdue = items["in_progress"], items["overdue"]
    if result.problems:
        result.rate = _round(Decimal(result.done) * HUNDRED / result.problems)
    result.rules = Rule.objects.filter(campaign=campaign).count()
    result.reports = Report.objects.filter(campaign=campaign).count()
    result.opinions = Opinion.objects.filter(campaign=campaign).count()
    held = Meeting.objects.filter(
        subtree_q("unit__path", campaign.unit.path), status=MeetingStatus.HELD,
        date__gte=campaign.start, date__lte=min(campaign.end, day),
    ).aggregate(
        meetings=Count("pk"),
        lectures=Count("pk", filter=Q(kind__in=(MeetingKind.LECTURE, MeetingKind.PARTY_LECTURE))),
    )  # fmt: skip
    result.meetings, result.lectures = held["meetings"], held["lectures"]
    return result


def campaigns_rollup(unit, campaigns: QuerySet | None = None) -> list[dict]:
    """Every campaign of a unit's subtree (a city's) with its items, closed, overdue and weighted progress:
    one grouped query over the subtree's index range."""
    weighted = ExpressionWrapper(
        F("weight") * F("progress"), output_field=DecimalField(max_digits=12, decimal_places=2)
    )
    day = today()
    rows = (
        Rectification.objects.filter(subtree_q("campaign__unit__path", unit.path))
        .values("campaign", "campaign__title", "campaign__unit__name")
        .annotate(
            items=Count("pk"), closed=Count("pk", filter=Q(status=Status.CLOSED)),
            overdue=Count("pk", filter=overdue_q(day)), weights=Sum("weight"), weighted=Sum(weighted),
        )
        .order_by("campaign__unit__path", "campaign")
    )  # fmt: skip
    if campaigns is not None:
        rows = rows.filter(campaign__in=campaigns)
    return [
        {**row, "progress": _round(Decimal(row["weighted"]) / Decimal(row["weights"])) if row["weights"] else None}
        for row in rows
    ]


def public_rectifications(campaign_id: int) -> tuple[Campaign, QuerySet] | None:
    """The one public-facing read (the public page now, the disclosure portal later): a campaign and its
    published items only, with what the public may see. ``None`` when the campaign does not exist."""
    campaign = Campaign.objects.filter(pk=campaign_id).select_related("unit").first()
    if campaign is None:
        return None
    items = (
        Rectification.objects.filter(campaign=campaign, public=True)
        .select_related("problem", "responsible_person", "responsible_unit")
        .only(
            "measure", "target", "indicator", "goal", "deadline", "status", "progress", "published_at",
            "problem__category", "problem__description", "responsible_person__name", "responsible_unit__name",
            "campaign",
        )
        .order_by("problem__category", "deadline", "pk")
    )  # fmt: skip
    return campaign, items


def items_for(user) -> QuerySet:
    """The items a user may open: those their role lets them see, and their own as the responsible person
    (a judicial office's staff member answers for an item of the bureau's campaign)."""
    if not user.is_authenticated:
        return Rectification.objects.none()
    return Rectification.objects.visible_to(user) | Rectification.objects.filter(responsible_person__user=user)


def my_items(user) -> QuerySet:
    """The open items whose responsible person is the user (我的整改任务)."""
    if not user.is_authenticated:
        return Rectification.objects.none()
    return (
        Rectification.objects.filter(responsible_person__user=user)
        .exclude(status=Status.CLOSED)
        .select_related("campaign", "problem")
        .order_by("deadline", "pk")
    )


def ledger_url(campaign: Campaign) -> str:
    return reverse("campaigns:rectification_list") + f"?campaign={campaign.pk}"
