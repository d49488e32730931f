"""How a service says no, and the one translation of its answer for every door.

A service refuses in one of two ways, always with a Chinese message:

- ``ValidationError`` — the record or the input does not allow it (a state, a date, a value):
  on a form it lands on the field it names; the API answers 400 ``{"detail", "errors": {field: [...]}}``.
- ``Refused`` (a ``PermissionDenied``) — this actor may not do this to this record: a form shows it
  above the fields, the API answers 403 with the message, an action view shows it as an error message.

The decision "may this user do this to this record" is the service's (``require`` /
``require_covers`` inside its transaction, after ``lock``); views and the API only ask it to act
and translate its refusal through ``errors_of`` — the forms' ``ServiceFormMixin.run``, the action
views' ``core.views.act`` and the API's exception handler all read refusals here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from qizhi.core.scoping import scope_of

if TYPE_CHECKING:
    from django.db import models

REFUSALS = (ValidationError, PermissionDenied)
M = TypeVar("M", bound="models.Model")


class Refused(PermissionDenied):
    """The actor may not take this action on this record (403 through the API)."""

    def __init__(self, message: str | None = None, *, field: str | None = None):
        self.message = str(message) if message else _("您没有执行此操作的权限")
        self.field = field  # where a form shows it (e.g. "person": acting for someone else)
        super().__init__(self.message)


def message_of(exc: PermissionDenied) -> str:
    """The Chinese sentence of a refusal (a bare ``PermissionDenied`` gets the general one)."""
    return str(exc) or _("您没有执行此操作的权限")


def errors_of(exc: Exception, field: str = NON_FIELD_ERRORS) -> dict[str, list[str]]:
    """A refusal as ``{field: [messages]}``; an unkeyed error or a ``Refused`` goes under ``field``."""
    if not isinstance(exc, ValidationError):
        return {getattr(exc, "field", None) or field: [message_of(exc)]}
    if not hasattr(exc, "error_dict"):
        return {field: exc.messages}
    return {field if name == NON_FIELD_ERRORS else name: messages for name, messages in exc.message_dict.items()}


def messages_of(exc: Exception) -> list[str]:
    return [message for messages in errors_of(exc).values() for message in messages]


def form_messages(form) -> list[str]:
    """A bound form's errors as messages that name their field (``转入党组织（系统内）：…``): for a form posted
    from a detail page, whose errors are read there, away from the form."""
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        found += [f"{label}：{error}" if label else error for error in errors]
    return found


def on_form(form, exc: Exception) -> None:
    """Put a refusal on ``form``: on the field it names, else above the fields."""
    for field, messages in errors_of(exc).items():
        form.add_error(field if field in form.fields else None, messages)


def lock(record: M) -> M:
    """Lock ``record``'s row to the end of the transaction and read it again into ``record``: the
    state a service then checks is the state it changes (a second caller waits, then sees the
    first's work, and refuses). Call it inside ``transaction.atomic``, first thing."""
    list(type(record)._default_manager.select_for_update().filter(pk=record.pk).values_list("pk", flat=True))
    record.refresh_from_db()
    return record


def require(record, *, by, action: str, message: str | None = None) -> None:
    """Refuse unless ``by`` may take ``action`` on ``record`` (its row is in the user's scope for
    that action in the record's area, through the model's ``scope_path``)."""
    if not type(record)._default_manager.for_action(by, action).filter(pk=record.pk).exists():
        raise Refused(message)


def require_covers(by, action: str, area: str, path: str, message: str | None = None) -> None:
    """Refuse unless ``by`` may take ``action`` in ``area`` on the unit at ``path`` (for a decision
    about one side of a record that belongs to two units, such as a transfer's receiver)."""
    if not scope_of(by).covers(action, area, path):
        raise Refused(message)
