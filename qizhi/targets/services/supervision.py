"""Supervision (督办) of the targets that lag: the list of yellow and red targets, and the items opened,
answered and closed on them."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action, Role
from qizhi.accounts.services import holders
from qizhi.core.notifications import notify
from qizhi.core.refusals import Refused, lock
from qizhi.core.scoping import scope_of, subtree_q
from qizhi.org.models import Unit
from qizhi.targets.choices import Light, SupervisionStatus
from qizhi.targets.models import (
    Supervision,
    Target,
)
from qizhi.targets.services.completion import AREA
from qizhi.targets.services.lights import expected_share, with_lights
from qizhi.targets.services.progress import may_report

# --- Traffic lights and supervision ---------------------------------------------------------------


@dataclass
class Lagging:
    target: Target
    light: str
    expected: Decimal
    open_items: int = 0

    @property
    def who(self) -> str:
        """Who must act: the responsible person, or the owner unit's head."""
        if self.target.owner_person_id:
            return str(self.target.owner_person)
        return _("{unit}负责人").format(unit=self.target.owner_unit)


def supervision_list(unit: Unit, year: int, user, today: datetime.date | None = None) -> list[Lagging]:
    """Yellow and red targets owned within ``unit``'s subtree that ``user`` may see, reddest first (two queries)."""
    today = today or timezone.localdate()
    targets = with_lights(
        Target.objects.visible_to(user)
        .filter(subtree_q("owner_unit__path", unit.path), plan__year=year, completion__lt=1)
        .select_related("plan", "owner_unit", "owner_person"),
        today,
        year,
    ).exclude(light=Light.GREEN)
    rows = [Lagging(t, t.light, expected_share(datetime.date(year, 1, 1), t.deadline, today)) for t in targets]
    open_counts = Counter(
        Supervision.objects.filter(target__in=[r.target.pk for r in rows])
        .exclude(status=SupervisionStatus.CLOSED)
        .values_list("target_id", flat=True)
    )
    for row in rows:
        row.open_items = open_counts[row.target.pk]
    rows.sort(key=lambda r: (r.light != Light.RED, r.target.owner_unit.path, r.target.path))
    return rows


def _owners(target: Target) -> list:
    if target.owner_person_id and target.owner_person.user_id:
        return [target.owner_person.user]
    return list(holders(target.owner_unit, [Role.UNIT_HEAD]))


@transaction.atomic
def open_supervision(target: Target, *, by, instruction: str, deadline: datetime.date) -> Supervision:
    if not may_supervise(target, by):
        raise Refused(_("您不能督办此任务"))
    errors = {}
    if not instruction.strip():
        errors["instruction"] = _("请填写督办要求")
    if deadline is None or deadline < timezone.localdate():
        errors["deadline"] = _("反馈时限不能早于今天")
    if errors:
        raise ValidationError(errors)
    item = Supervision.objects.create(
        target=target, instruction=instruction.strip(), deadline=deadline, created_by=by, updated_by=by
    )
    notify(
        _owners(target),
        sender=by,
        url=item.get_absolute_url(),
        title=_("督办：{target}").format(target=target),
        body=instruction.strip(),
    )
    return item


def may_respond(item: Supervision, user) -> bool:
    if item.assignee_id is not None:  # passed on (转办) and accepted: the assignee answers, not the owner
        return item.assignee_id == user.pk or scope_of(user).covers(Action.CHANGE, AREA, item.target.owner_unit.path)
    return may_report(item.target, user) or scope_of(user).covers(Action.CHANGE, AREA, item.target.owner_unit.path)


def may_close(item: Supervision, user) -> bool:
    return item.created_by_id == user.pk or scope_of(user).covers(Action.APPROVE, AREA, item.target.plan.unit.path)


def may_supervise(target: Target, user) -> bool:
    scope = scope_of(user)
    return scope.covers(Action.APPROVE, AREA, target.plan.unit.path) or scope.covers(
        Action.APPROVE, AREA, target.owner_unit.path
    )


@transaction.atomic
def respond_supervision(item: Supervision, *, by, response: str) -> Supervision:
    lock(item)
    if not may_respond(item, by):
        raise Refused(_("只有任务的责任人或责任单位可以反馈督办"))
    if item.status in (SupervisionStatus.CLOSED, SupervisionStatus.RETURNED):
        raise ValidationError({"status": _("该督办事项已{status}").format(status=item.get_status_display())})
    if not response.strip():
        raise ValidationError({"response": _("请填写办理反馈")})
    item.response, item.status, item.responded_at = response.strip(), SupervisionStatus.RESPONDED, timezone.now()
    item.stamp(by)
    item.save()
    if item.created_by_id:
        notify(
            [item.created_by],
            sender=by,
            url=item.get_absolute_url(),
            title=_("督办已反馈：{target}").format(target=item.target),
        )
    return item


@transaction.atomic
def close_supervision(item: Supervision, *, by) -> Supervision:
    lock(item)
    if not may_close(item, by):
        raise Refused(_("只有督办人或上级审核人可以办结督办"))
    if item.status == SupervisionStatus.CLOSED:
        raise ValidationError({"status": _("该督办事项已办结")})
    item.status, item.closed_at = SupervisionStatus.CLOSED, timezone.now()
    item.stamp(by)
    item.save()
    return item
