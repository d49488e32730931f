"""The 待办 registry: what waits for a user, gathered from every app.

An app declares its kinds of work in its own ``todo.py`` module (found by ``autodiscover`` when core
starts): ``@register("targets.review", _("进度报告待审核"), models=[ProgressReport], done=...)`` on a
function ``(user, today) -> iterable of Item``. Each provider runs its own scoped query; core knows
no domain app. The inbox page, the navbar count and ``GET /api/core/todo/`` all read ``items_for``.

The count is cached per user. Any save or delete of a model a provider names (or of what decides who
the user is: a grant, the account, the linked person, a membership, an office held) bumps one
generation number, which is part of every user's cache key, so no count outlives a change.

When a record a provider watches is saved and ``done(record)`` says its work is finished, the
unread notifications that link to that record are marked read in the same transaction: the item
and the messages about it leave together.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from qizhi.core import generations

CACHE_SECONDS = 300
GENERATION_KEY = "qizhi:todo:generation"


@dataclass(frozen=True)
class Item:
    """One thing waiting for the user: what kind, what, by when, where to do it."""

    kind: str
    title: str
    url: str
    due: datetime.date | None = None
    obj: Any = field(default=None, compare=False, repr=False)

    @property
    def kind_label(self) -> str:
        provider = PROVIDERS.get(self.kind)
        return str(provider.label) if provider else self.kind

    def overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


Provide = Callable[[Any, datetime.date], Iterable[Item]]


@dataclass(frozen=True)
class Provider:
    kind: str
    label: str
    provide: Provide
    models: tuple = ()
    done: Callable[[Any], bool] | None = None


PROVIDERS: dict[str, Provider] = {}


def register(kind: str, label, *, models: Iterable = (), done: Callable[[Any], bool] | None = None):
    """Declare a kind of 待办. ``models`` are those whose changes can add or remove items (the
    count's cache is dropped when one changes); ``done(record)`` tells when a saved record's work is
    finished, so that the notifications linking to it are marked read."""

    def decorate(provide: Provide) -> Provide:
        PROVIDERS[kind] = Provider(kind, label, provide, tuple(models), done)
        for model in models:
            _watch(model)
        return provide

    return decorate


def _sort_key(item: Item):
    # The most pressing first: overdue and nearest deadlines lead, items without a deadline follow.
    return (item.due is None, item.due or datetime.date.max, item.kind, item.title)


def items_for(user, today: datetime.date | None = None) -> list[Item]:
    """Everything waiting for ``user``, the nearest deadline first."""
    if not user.is_authenticated or not user.is_active:
        return []
    today = today or timezone.localdate()
    found: list[Item] = []
    for provider in PROVIDERS.values():
        found.extend(provider.provide(user, today))
    return sorted(found, key=_sort_key)


def cached_items(user) -> list[Item]:
    """``items_for`` as last computed (without the records themselves), cached per user until anything a
    provider watches changes: the navbar badge and the home page read this."""
    if not user.is_authenticated:
        return []
    key = _key(user)
    rows = cache.get(key)
    if rows is None:
        rows = [(i.kind, i.title, i.url, i.due) for i in items_for(user, timezone.localdate())]
        cache.set_many({key: rows, key + ":count": len(rows)}, CACHE_SECONDS)
    return [Item(kind, title, url, due) for kind, title, url, due in rows]


def count_for(user) -> int:
    """How many items wait for ``user`` (cached with ``cached_items``, and apart: the navbar's badge asks on every
    page, and a province administrator's list is thousands of items long)."""
    if not user.is_authenticated:
        return 0
    count = cache.get(_key(user) + ":count")
    return len(cached_items(user)) if count is None else count


def _key(user) -> str:
    # The language too: the items' titles are translated when they are gathered.
    return f"qizhi:todo:items:{user.pk}:{_generation()}:{timezone.localdate():%Y%m%d}:{get_language()}"


_generation = partial(generations.current, GENERATION_KEY)
invalidate = partial(generations.bump, GENERATION_KEY)  # drops every user's cached count (a new generation)


# --- Signals: invalidation and settling ------------------------------------------------------------

_WATCHED: set = set()
WHO_THE_USER_IS = ("accounts.Grant", "auth.User", "org.Person", "party.Membership", "party.Officer")


def _watch(model) -> None:
    if model in _WATCHED:
        return
    _WATCHED.add(model)
    post_save.connect(_changed, sender=model, dispatch_uid=f"qizhi-todo-save-{model._meta.label}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"qizhi-todo-delete-{model._meta.label}")


def _changed(sender, instance, **kwargs) -> None:
    if generations.quiet_save(sender, kwargs.get("update_fields")):
        return  # a sign-in: nothing waits for anyone because of it
    transaction.on_commit(invalidate)
    invalidate()  # also now: the same request's next page must not show the old count
    if kwargs.get("created") is None:  # a delete
        return
    for provider in PROVIDERS.values():
        if sender in provider.models and provider.done is not None and provider.done(instance):
            settle(instance)
            return


def settle(record) -> int:
    """Mark read every unread notification that links to ``record``: its work is done."""
    from qizhi.core.models import Notification

    url = record.get_absolute_url()
    return Notification.objects.filter(url=url, read_at__isnull=True).update(read_at=timezone.now())


def autodiscover() -> None:
    """Import every installed app's ``todo`` module (each registers its providers)."""
    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("todo")
    # Who a user is decides what waits for them, beyond the records the providers name: their roles (a grant),
    # their account being active, the person linked to it (their dues, their ballot, their returned reflection),
    # their party membership and the offices they hold (a secretary answers for the branch's meetings). By label:
    # core imports no app above it.
    for label in WHO_THE_USER_IS:
        with contextlib.suppress(LookupError):
            _watch(apps.get_model(label))
