"""The data generation: one number that every committed write moves on, and figures cached under it.

A figure that many people read and few writes change (a unit's tiles on the cockpit and the big
screen) is cached under a key that holds the current generation. Any save or delete of a domain
record schedules a new generation for when its transaction commits, so the first read after a write
computes afresh, and nobody ever reads a figure older than the last committed write. Bulk updates
that send no signal happen inside a transaction that also saves a record (the workflow row, the
import job), so they move the generation too; the cache's time-out bounds anything else.

A cached value is keyed by the caller's own parts (the unit, the day): the caller decides whose
scope it belongs to, and must key it by everything that decides what it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

KEY = "qizhi:data:generation"
SECONDS = 300
# Writes that change no figure: sign-in bookkeeping, sessions, the inbox's read marks, deliveries.
QUIET_APPS = frozenset({"sessions", "axes", "admin", "contenttypes", "authtoken", "django_tasks_database"})
QUIET_MODELS = frozenset({"core.notification", "core.delivery", "core.exportlog", "auth.user"})

T = TypeVar("T")


def current(key: str = KEY) -> int:
    """The generation counted under ``key`` (the data's by default; the 待办 counts and the public
    portal keep their own): started at the clock's milliseconds, so a lost counter never goes back."""
    generation = cache.get(key)
    if generation is None:
        generation = int(timezone.now().timestamp() * 1000)
        cache.add(key, generation, None)
        generation = cache.get(key, generation)
    return generation


def bump(key: str = KEY) -> None:
    """A new generation: everything cached under the one before is recomputed on its next read."""
    try:
        cache.incr(key)
    except ValueError:  # not set yet, or evicted
        cache.set(key, int(timezone.now().timestamp() * 1000), None)


def cached(parts: Iterable[Hashable], compute: Callable[[], T], seconds: int = SECONDS) -> T:
    """``compute()`` as of the current generation, cached under ``parts`` (and the language)."""
    key = "qizhi:figures:" + ":".join(str(p) for p in (current(), get_language(), *parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def page_key(user, *parts: Hashable) -> str:
    """The key of a figure page's rendered fragment (``{% cache %}``): the generation, the scope's signature (what
    the user may see and which buttons show), the caller's parts (the unit, the address) and the day."""
    from qizhi.core.scoping import scope_of

    return ":".join(str(p) for p in (current(), scope_of(user).signature(), *parts, timezone.localdate()))


def _changed(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label in QUIET_APPS or meta.label_lower in QUIET_MODELS:
        return
    bump()  # now, for the rest of this request (it reads its own writes)
    transaction.on_commit(bump)  # and at commit, for everyone who read in between


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="qizhi-data-generation-save")
    post_delete.connect(_changed, dispatch_uid="qizhi-data-generation-delete")
