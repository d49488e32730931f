"""The data generation: one number that every committed write moves on, and figures cached under it.

A figure that many people read and few writes change (a unit's tiles on the cockpit and the big
screen) is cached under a key that holds the current generation. Any save or delete of a domain
record schedules a new generation for when its transaction commits, so the first read after a write
computes afresh, and nobody ever reads a figure older than the last committed write. Bulk updates
that send no signal happen inside a transaction that also saves a record (the workflow row, the
import job), so they move the generation too; the cache's time-out bounds anything else.

A cached value is keyed by the caller's own parts (the unit, the day): the caller decides whose
scope it belongs to, and must key it by everything that decides what it holds.

Each app also counts its own generation. A value that reads only a few apps' tables (the unit
options: ``org``; a compliance page: ``meetings``, ``party``, ``org``) may name them as ``apps`` and is
then kept across every other app's writes: in a province someone saves something every few seconds,
and under the one generation almost every reader paid the cold page. The apps named must cover every
table the computation reads; the tests that use ``apps`` check that against the queries it runs
(``core/tests/test_generations.py``).
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
QUIET_MODELS = frozenset({"core.notification", "core.delivery", "core.exportlog"})
# Saves of only these fields change no figure either: a sign-in stamps the user's last_login. Any other save of a
# user (a name changed in the admin) shows in lists that name them.
QUIET_FIELDS = {"auth.user": frozenset({"last_login"})}

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


def app_key(app_label: str) -> str:
    return f"{KEY}:{app_label}"


def version(apps: Iterable[str] | None = None) -> str:
    """The data's generation, or with ``apps`` those apps' own generations (what a value reading only their
    tables is keyed by)."""
    if apps is None:
        return str(current())
    return ".".join(f"{app}{current(app_key(app))}" for app in sorted(apps))


def cached(
    parts: Iterable[Hashable], compute: Callable[[], T], seconds: int = SECONDS, *, apps: Iterable[str] | None = None
) -> T:
    """``compute()`` as of the current generation (of ``apps`` alone if named), cached under ``parts`` (and the
    language)."""
    key = "qizhi:figures:" + ":".join(str(p) for p in (version(apps), get_language(), *parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def page_key(user, *parts: Hashable, apps: Iterable[str] | None = None) -> str:
    """The key of a figure page's rendered fragment (``{% cache %}``): the generation (of ``apps`` alone if named),
    the scope's signature (what the user may see and which buttons show), the caller's parts (the unit, the
    address) and the day."""
    from qizhi.core.scoping import scope_of

    return ":".join(str(p) for p in (version(apps), scope_of(user).signature(), *parts, timezone.localdate()))


def changed(model) -> None:
    """``model``'s rows were written: a new data generation and a new one of its app, now (for the rest of this
    request, which reads its own writes) and at commit (for everyone who read in between). Saves and deletes
    call it through their signals; a bulk write, which sends none, calls it itself."""
    meta = model._meta
    if meta.app_label in QUIET_APPS or meta.label_lower in QUIET_MODELS:
        return
    app = app_key(meta.app_label)

    def both() -> None:
        bump()
        bump(app)

    both()
    transaction.on_commit(both)


def quiet_save(sender, update_fields) -> bool:
    """Whether a save wrote only fields that change nothing shown (``QUIET_FIELDS``: a sign-in's ``last_login``)."""
    quiet = QUIET_FIELDS.get(sender._meta.label_lower)
    return bool(quiet and update_fields and quiet.issuperset(update_fields))


def _changed(sender, update_fields=None, **kwargs) -> None:
    if not quiet_save(sender, update_fields):
        changed(sender)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="qizhi-data-generation-save")
    post_delete.connect(_changed, dispatch_uid="qizhi-data-generation-delete")
