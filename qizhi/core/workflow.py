"""The small workflow every submitted record goes through: draft → submitted → approved, or returned.

A model takes ``WorkflowMixin`` (a ``status`` field) and is moved only by ``transition``, which checks
the move is allowed, writes a ``WorkflowEvent`` row (who, when, why) in the same transaction, and
saves the record. An approved record is locked; ``reopen`` (with a reason) is the only way back.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core.models import WorkflowEvent, WorkflowStatus

Status = WorkflowStatus

# (from, to) → the action's name; a reason is required where marked.
MOVES = {
    (Status.DRAFT, Status.SUBMITTED): "submit",
    (Status.RETURNED, Status.SUBMITTED): "submit",
    (Status.SUBMITTED, Status.APPROVED): "approve",
    (Status.SUBMITTED, Status.RETURNED): "return",
    (Status.APPROVED, Status.DRAFT): "reopen",
}
NEEDS_REASON = {"return", "reopen"}
EDITABLE = (Status.DRAFT, Status.RETURNED)


class WorkflowMixin(models.Model):
    """A record with a workflow status; editable only while it is a draft or returned."""

    status = models.CharField(
        gettext_lazy("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    class Meta:
        abstract = True

    @property
    def locked(self) -> bool:
        return self.status not in EDITABLE


def events_of(record: models.Model):
    meta = record._meta
    return WorkflowEvent.objects.filter(
        app_label=meta.app_label, model=meta.model_name, object_id=record.pk
    ).select_related("actor")


@transaction.atomic
def transition(record: WorkflowMixin, to: str, *, by, reason: str = "", data: dict | None = None) -> WorkflowEvent:
    """Move ``record`` to status ``to``, or raise a ValidationError saying why not (nothing changes).
    ``data`` is kept with the event (what the move replaced, for instance)."""
    locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
    action = MOVES.get((locked.status, to))
    if action is None:
        raise ValidationError(
            {"status": _("不能从“{old}”变为“{new}”").format(old=Status(locked.status).label, new=Status(to).label)}
        )
    if action in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("请填写理由")})
    event = WorkflowEvent.objects.create(
        app_label=record._meta.app_label, model=record._meta.model_name, object_id=record.pk, action=action,
        from_status=locked.status, to_status=to, reason=reason.strip(), actor=by, data=data or {},
    )  # fmt: skip
    record.status = to
    if hasattr(record, "stamp"):
        record.stamp(by)
    record.save()
    return event
