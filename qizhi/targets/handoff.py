"""转办 and 退回 of supervision items: passing an item on to a colleague, who accepts or declines it, and
returning it to the supervisor with a reason. Who may act is decided here; views only translate refusals."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qizhi.core.notifications import notify
from qizhi.core.refusals import Refused
from qizhi.targets import services
from qizhi.targets.choices import SupervisionStatus
from qizhi.targets.models import Supervision
from qizhi.targets.services.supervision import _owners


def answerer_is(item: Supervision, user) -> bool:
    """Who answers an item: its accepted assignee if it was passed on, else the target's owner."""
    if item.assignee_id is not None:
        return item.assignee_id == user.pk
    return services.may_report(item.target, user)


def _locked(item: Supervision) -> Supervision:
    return (
        Supervision.objects.select_for_update(of=("self",))  # PostgreSQL locks no outer-joined row
        .select_related("target__owner_person", "target__owner_unit")
        .get(pk=item.pk)
    )


def _must_be_open(item: Supervision) -> None:
    if item.status != SupervisionStatus.OPEN:
        raise ValidationError(
            {"status": _("该督办事项已{status}，不能再转办或退回").format(status=item.get_status_display())}
        )


@transaction.atomic
def pass_on(item: Supervision, *, by, to, note: str = "") -> Supervision:
    """转办: offer the item to ``to`` (who must be able to see it); it is theirs once they accept."""
    item = _locked(item)
    if not answerer_is(item, by):
        raise Refused(_("只有承办该督办事项的人可以转办"))
    _must_be_open(item)
    receiver = get_user_model().objects.filter(pk=getattr(to, "pk", to), is_active=True).first()
    if receiver is None or not Supervision.objects.visible_to(receiver).filter(pk=item.pk).exists():
        raise ValidationError({"to": _("请选择能查看该任务的承办人")})
    if receiver.pk == by.pk:
        raise ValidationError({"to": _("不能转办给自己")})
    item.handoff_to = receiver
    item.stamp(by)
    item.save()
    notify([receiver], sender=by, url=item.get_absolute_url(), body=note.strip(),
           title=_("转办督办事项，请接收：{target}").format(target=item.target))  # fmt: skip
    return item


@transaction.atomic
def accept(item: Supervision, *, by) -> Supervision:
    item = _locked(item)
    if item.handoff_to_id != by.pk:
        raise Refused(_("该督办事项没有转办给您"))
    _must_be_open(item)
    item.assignee, item.handoff_to = by, None
    item.stamp(by)
    item.save()
    if item.created_by_id:
        notify([item.created_by], sender=by, url=item.get_absolute_url(),
               title=_("督办事项已转由{name}承办：{target}").format(name=by.first_name or by.username,
                                                                  target=item.target))  # fmt: skip
    return item


@transaction.atomic
def decline(item: Supervision, *, by, reason: str) -> Supervision:
    item = _locked(item)
    if item.handoff_to_id != by.pk:
        raise Refused(_("该督办事项没有转办给您"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写不接收的理由")})
    passer = item.updated_by
    item.handoff_to = None
    item.stamp(by)
    item.save()
    if passer is not None:
        notify([passer], sender=by, url=item.get_absolute_url(), body=reason.strip(),
               title=_("转办未被接收：{target}").format(target=item.target))  # fmt: skip
    return item


@transaction.atomic
def return_to_supervisor(item: Supervision, *, by, reason: str) -> Supervision:
    """退回: the item is not ours (or cannot be done as asked): back to the supervisor, with the reason."""
    item = _locked(item)
    if not answerer_is(item, by):
        raise Refused(_("只有承办该督办事项的人可以退回"))
    _must_be_open(item)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由")})
    item.status, item.return_reason, item.handoff_to = SupervisionStatus.RETURNED, reason.strip(), None
    item.stamp(by)
    item.save()
    if item.created_by_id:
        notify([item.created_by], sender=by, url=item.get_absolute_url(), body=reason.strip(),
               title=_("督办事项被退回：{target}").format(target=item.target))  # fmt: skip
    return item


@transaction.atomic
def reissue(item: Supervision, *, by) -> Supervision:
    """The supervisor sends a returned item out again (to the target's owner)."""
    item = _locked(item)
    if item.status != SupervisionStatus.RETURNED:
        raise ValidationError({"status": _("只有被退回的督办事项可以重新交办")})
    if not services.may_close(item, by):
        raise Refused(_("只有督办人可以重新交办"))
    item.status, item.assignee = SupervisionStatus.OPEN, None
    item.stamp(by)
    item.save()
    notify(_owners(item.target), sender=by, url=item.get_absolute_url(), body=item.instruction,
           title=_("督办：{target}").format(target=item.target))  # fmt: skip
    return item


def colleagues(item: Supervision, by):
    """Whom ``by`` may pass the item to: people with a login in the owner unit's subtree, other than ``by``."""
    from qizhi.core.scoping import subtree_q
    from qizhi.org.models import Person

    return (
        Person.objects.visible_to(by)
        .filter(subtree_q("unit__path", item.target.owner_unit.path), user__isnull=False, user__is_active=True)
        .exclude(user=by)
        .select_related("user")
        .order_by("pinyin")
    )
