"""Disclosure: 提出 → 审核（保密审查，审核人不是提出人） → 审批 → 发布 per channel, withdrawal, and the log.

A record becomes an item by ``propose``: its kind's registered function (``core.publishing``) gives
the public text, which is frozen on the item; ``publish`` copies that frozen text into one
``Publication`` row per channel and edition. The portal, the kiosk and the feed read only those rows,
so editing the record afterwards changes nothing public until it is proposed, reviewed, approved
and published again (a new edition, which replaces the old one on every channel).

Each move locks the item's row, decides who may act on the locked row and then checks the state.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core import generations, publishing
from qizhi.core.models import WorkflowEvent
from qizhi.core.refusals import Refused, lock, require, require_covers
from qizhi.core.scoping import scope_of
from qizhi.disclosure.choices import IN_REVIEW, Channel, DisclosureStatus
from qizhi.disclosure.clock import due_on
from qizhi.disclosure.models import MICROBLOG_LIMIT, Disclosure, Publication
from qizhi.org.models import Unit
from qizhi.reception.services import work_calendar

AREA = "disclosure"
S = DisclosureStatus
GENERATION_KEY = "qizhi:portal:generation"


# --- The portal's cache generation ------------------------------------------------------------------


# A number that changes whenever something is published or withdrawn: part of every cached page's key.
portal_generation = partial(generations.current, GENERATION_KEY)
bump_portal = partial(generations.bump, GENERATION_KEY)


def _changed_portal() -> None:
    bump_portal()  # now, for this request's next page, and after commit, for everyone else's
    transaction.on_commit(bump_portal)


# --- What is public -----------------------------------------------------------------------------------


def live(channel: str, now: datetime.datetime | None = None) -> QuerySet[Publication]:
    """Publications on ``channel`` that the public sees now: published, not withdrawn, not expired."""
    now = now or timezone.now()
    return Publication.objects.filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=now),
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        channel=channel, published_at__lte=now,
    )  # fmt: skip


def microblog_text(title: str, summary: str, link: str) -> str:
    """The microblog post: the summary (or the title) cut so that it and the link fit in 140 characters."""
    text = (summary or title).strip()
    room = MICROBLOG_LIMIT - len(link) - 1
    if len(text) > room:
        text = text[: max(room - 1, 0)] + "…"
    return f"{text} {link}".strip()[:MICROBLOG_LIMIT]


# --- Who may act ---------------------------------------------------------------------------------------


def may_propose(user, unit) -> bool:
    """Those who may add disclosure items where the record's public text belongs put it forward."""
    return scope_of(user).covers(Action.ADD, AREA, unit.path)


def may_propose_record(user, record) -> bool:
    """Whether a record's page offers 提请公开 (``publish_link``): ``user`` may propose in the unit its
    public text belongs to. A record whose text cannot be frozen yet is offered to whoever proposes
    anywhere: the proposal page says why it cannot be published, and proposes nothing."""
    declared = publishing.kind_for(record)
    if declared is None:
        return False
    try:
        unit = declared.freeze(record).unit
    except ValidationError:
        return scope_of(user).can(Action.ADD, AREA)
    return may_propose(user, unit)


def check_proposer(by, unit) -> None:
    if not may_propose(by, unit):
        raise Refused(_("您不能提出该单位的公开事项"))


def may_review(user, item: Disclosure) -> bool:
    return (
        item.status == S.PROPOSED
        and item.proposed_by_id != user.pk
        and scope_of(user).covers(Action.APPROVE, AREA, item.unit.path)
    )


def may_approve(user, item: Disclosure) -> bool:
    return item.status == S.REVIEWED and scope_of(user).covers(Action.APPROVE, AREA, item.unit.path)


def may_publish(user, item: Disclosure) -> bool:
    return item.status == S.APPROVED and scope_of(user).covers(Action.CHANGE, AREA, item.unit.path)


def may_withdraw(user, item: Disclosure) -> bool:
    return item.status == S.PUBLISHED and scope_of(user).covers(Action.CHANGE, AREA, item.unit.path)


# --- The moves -------------------------------------------------------------------------------------------


def _event(item: Disclosure, action: str, old: str, *, by, reason: str = "", data: dict | None = None) -> None:
    WorkflowEvent.objects.create(
        app_label=item._meta.app_label, model=item._meta.model_name, object_id=item.pk, action=action,
        from_status=old, to_status=item.status, reason=reason, actor=by, data=data or {},
    )  # fmt: skip


def _check_channels(channels) -> list[str]:
    chosen = [c for c in Channel.values if c in set(channels or [])]
    if not chosen or len(chosen) != len(set(channels)):
        raise ValidationError({"channels": _("请至少选择一个发布渠道（公示栏、门户网站、触摸屏、官方微博）")})
    return chosen


def _check_schedule(publish_at, expires_at) -> None:
    if publish_at and expires_at and expires_at <= publish_at:
        raise ValidationError({"expires_at": _("公开截止时间应晚于定时发布时间")})
    if expires_at and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("公开截止时间应晚于现在")})


def _next_index_number(unit: Unit, year: int) -> str:
    """索引号: the unit's code (or number), the year and a sequence, e.g. ``YX-SFJ-2026-0007``."""
    prefix = f"{unit.code or unit.pk}-{year}-"
    taken = Disclosure.objects.filter(index_number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def propose(
    record, *, kind: str, channels, by, publish_at: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
) -> Disclosure:  # fmt: skip
    """提出: freeze ``record``'s public text into an item (a new one, or the record's item again after a
    return, a withdrawal or for a new edition). Refused while the record's item is still in review."""
    declared = publishing.kind_of(kind)
    if declared is None or not isinstance(record, declared.model):
        raise ValidationError({"kind": _("该类记录不能公开")})
    with transaction.atomic():
        text = declared.freeze(record)
        unit = Unit.objects.select_for_update().get(pk=text.unit.pk)  # index numbers of a unit, one at a time
        check_proposer(by, unit)
        channels = _check_channels(channels)
        _check_schedule(publish_at, expires_at)
        content_type = ContentType.objects.get_for_model(record)
        item = Disclosure.objects.filter(content_type=content_type, object_id=record.pk).first()
        old = ""
        if item is None:
            item = Disclosure(
                unit=unit, kind=kind, content_type=content_type, object_id=record.pk,
                index_number=_next_index_number(unit, timezone.localdate().year),
            )  # fmt: skip
        else:
            lock(item)
            if item.status in IN_REVIEW:
                raise ValidationError({"kind": _("该记录已提出公开，正在审核或待发布")})
            old = item.status
        item.title, item.body, item.summary, item.made_on = (
            text.title[:300],
            text.body,
            text.summary[:300],
            text.made_on,
        )
        item.channels, item.publish_at, item.expires_at = channels, publish_at, expires_at
        item.status, item.proposed_by, item.proposed_at = S.PROPOSED, by, timezone.now()
        item.reviewed_by = item.reviewed_at = item.approved_by = item.approved_at = None
        item.secrecy_checked, item.secrecy_note, item.return_reason = False, "", ""
        item.stamp(by)
        item.save()
        _event(item, "propose", old, by=by)
        return item


def review(item: Disclosure, *, by, secrecy_checked: bool, note: str = "") -> Disclosure:
    """审核 with the 保密审查: by someone who may approve in the unit and is not the proposer."""
    with transaction.atomic():
        lock(item)
        require_covers(by, Action.APPROVE, AREA, item.unit.path, _("您不能审核该单位的公开事项"))
        if item.proposed_by_id == by.pk:
            raise Refused(_("审核人不能是提出人，请由其他人审核"))
        if item.status != S.PROPOSED:
            raise ValidationError({"status": _("只有待审核的事项可以审核")})
        if not secrecy_checked:
            raise ValidationError({"secrecy_checked": _("须经保密审查确认不涉密后才能通过审核")})
        old = item.status
        item.status, item.reviewed_by, item.reviewed_at = S.REVIEWED, by, timezone.now()
        item.secrecy_checked, item.secrecy_note = True, note.strip()[:300]
        item.stamp(by)
        item.save()
        _event(item, "review", old, by=by, reason=item.secrecy_note)
        return item


def approve(item: Disclosure, *, by) -> Disclosure:
    """审批: a reviewed item is approved for publication."""
    with transaction.atomic():
        lock(item)
        require_covers(by, Action.APPROVE, AREA, item.unit.path, _("您不能审批该单位的公开事项"))
        if item.status != S.REVIEWED:
            raise ValidationError({"status": _("只有已审核的事项可以审批")})
        old = item.status
        item.status, item.approved_by, item.approved_at = S.APPROVED, by, timezone.now()
        item.stamp(by)
        item.save()
        _event(item, "approve", old, by=by)
        return item


def return_item(item: Disclosure, *, by, reason: str) -> Disclosure:
    """退回 at review or approval, with a reason; the proposer may put the record forward again."""
    with transaction.atomic():
        lock(item)
        require_covers(by, Action.APPROVE, AREA, item.unit.path, _("您不能退回该单位的公开事项"))
        if item.status not in (S.PROPOSED, S.REVIEWED):
            raise ValidationError({"status": _("只有待审核或待审批的事项可以退回")})
        if not reason.strip():
            raise ValidationError({"reason": _("请填写退回理由")})
        old = item.status
        item.status, item.return_reason = S.RETURNED, reason.strip()[:300]
        item.stamp(by)
        item.save()
        _event(item, "return", old, by=by, reason=item.return_reason)
        return item


def publish(item: Disclosure, *, by, link: str = "") -> list[Publication]:
    """发布: one publication row per channel of the item's frozen text, at its scheduled time or now; a
    previous edition still public is withdrawn when the new one appears. Refused unless approved."""
    with transaction.atomic():
        lock(item)
        require(item, by=by, action=Action.CHANGE, message=_("您不能发布该单位的公开事项"))
        if item.status != S.APPROVED:
            raise ValidationError({"status": _("未经审核、审批的事项不能发布")})
        now = timezone.now()
        at = item.publish_at if item.publish_at and item.publish_at > now else now
        old, item.status, item.edition = item.status, S.PUBLISHED, item.edition + 1
        Publication.objects.filter(disclosure=item, withdrawn_at__isnull=True).update(
            withdrawn_at=at, withdrawn_by=by, withdraw_reason=_("已发布第{n}版").format(n=item.edition)
        )
        rows = []
        for channel in item.channels:
            body = item.body
            if channel == Channel.MICROBLOG:
                body = microblog_text(item.title, item.summary, link)
            row = Publication(
                disclosure=item, channel=channel, edition=item.edition, kind=item.kind, unit_name=item.unit.name,
                index_number=item.index_number, title=item.title, body=body, published_at=at, published_by=by,
                expires_at=item.expires_at,
            )  # fmt: skip
            row.stamp(by)
            row.save()
            rows.append(row)
        item.stamp(by)
        item.save()
        _event(item, "publish", old, by=by, data={"edition": item.edition, "at": at.isoformat()})
        _changed_portal()
        return rows


def withdraw(item: Disclosure, *, by, reason: str) -> int:
    """撤回: every channel's publication of the item leaves the portal, the kiosk and the feed at once."""
    with transaction.atomic():
        lock(item)
        require(item, by=by, action=Action.CHANGE, message=_("您不能撤回该单位的公开事项"))
        if item.status != S.PUBLISHED:
            raise ValidationError({"status": _("只有已发布的事项可以撤回")})
        if not reason.strip():
            raise ValidationError({"reason": _("请填写撤回理由")})
        now = timezone.now()
        count = Publication.objects.filter(
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=now), disclosure=item
        ).update(withdrawn_at=now, withdrawn_by=by, withdraw_reason=reason.strip()[:300])
        old, item.status = item.status, S.WITHDRAWN
        item.stamp(by)
        item.save()
        _event(item, "withdraw", old, by=by, reason=reason.strip())
        _changed_portal()
        return count


# --- The 主动公开 clock and the year's report ---------------------------------------------------------


def first_published(item: Disclosure) -> datetime.date | None:
    first = item.publications.order_by("published_at").values_list("published_at", flat=True).first()
    return timezone.localdate(first) if first else None


def annual_report(unit: Unit, year: int) -> dict:
    """公开工作年度报告 from the publication log: items first published in ``year`` by kind and channel,
    how many within the 20-working-day clock, and every withdrawal with its reason."""
    from qizhi.core.scoping import subtree_q

    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    rows = list(
        Publication.objects.filter(subtree_q("disclosure__unit__path", unit.path), published_at__gte=start,
                                   published_at__lt=end)
        .select_related("disclosure", "withdrawn_by")
        .order_by("published_at", "pk")
    )  # fmt: skip
    items: dict[int, tuple[Disclosure, datetime.date]] = {}
    channels = dict.fromkeys(Channel.values, 0)
    withdrawals = []
    for row in rows:
        channels[row.channel] += 1
        items.setdefault(row.disclosure_id, (row.disclosure, timezone.localdate(row.published_at)))
        if row.withdrawn_at and not row.withdraw_reason.startswith("已发布第"):
            withdrawals.append(row)
    labels = dict(publishing.choices())
    by_kind: dict[str, int] = {}
    on_time, calendar = 0, work_calendar()
    for disclosure, day in items.values():
        by_kind[disclosure.kind] = by_kind.get(disclosure.kind, 0) + 1
        on_time += day <= due_on(disclosure.made_on, calendar)
    return {
        "unit": unit.pk, "unit_name": unit.name, "year": year, "items": len(items), "publications": len(rows),
        "on_time": on_time, "late": len(items) - on_time,
        "by_kind": [{"kind": k, "label": labels.get(k, k), "items": n} for k, n in sorted(by_kind.items())],
        "by_channel": [{"channel": c, "label": str(Channel(c).label), "publications": n} for c, n in channels.items()],
        "withdrawals": [
            {"title": w.title, "channel": w.get_channel_display(), "at": timezone.localdate(w.withdrawn_at).isoformat(),
             "reason": w.withdraw_reason} for w in withdrawals
        ],
    }  # fmt: skip
