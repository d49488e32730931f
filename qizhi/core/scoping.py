"""Row-level scoping: who may see and change which rows, decided by the unit path.

A user's grants are read once per request (cached on the user object) and turned into a set of
unit-path prefixes per (action, area). A queryset is scoped with a *range* condition on the path
(``path >= P AND path < next(P)``) rather than ``LIKE 'P%'``: SQLite's LIKE is case-insensitive
and cannot use the index, a range can, on every engine.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith

from qizhi.accounts.roles import PERMISSIONS, Action, Role, allowed

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's default MP alphabet

# The unit tree, named by its label as core.models' foreign keys name it: the framework imports no
# domain app (the layer test in core/tests/test_layers.py holds it to that).
UNIT_MODEL = "org.Unit"


def unit_model() -> type[models.Model]:
    return apps.get_model(UNIT_MODEL)


GrantRows = Callable[["AbstractBaseUser"], Iterable[tuple[str, int, str]]]
GrantHolders = Callable[[Iterable[str]], models.QuerySet]
_grant_source: GrantRows = lambda user: ()  # noqa: E731 — replaced by the accounts app at start-up
_grant_holders: GrantHolders | None = None


def register_grant_source(source: GrantRows, holders: GrantHolders | None = None) -> None:
    """Where grants come from: ``source`` gives one user's grants as (role, unit id, unit path) rows;
    ``holders`` gives, for a set of roles, every active user's grants of those roles as a queryset
    annotated with ``holder`` (the user id) and ``holder_path`` (the unit path). The accounts app
    registers both in ``AccountsConfig.ready`` (the framework names no domain model)."""
    global _grant_source, _grant_holders
    _grant_source = source
    _grant_holders = holders


def ancestor_paths(path: str, steplen: int) -> list[str]:
    """The paths of the unit at ``path`` and of every unit above it, root first."""
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def parent_path(path: str, steplen: int) -> str:
    """The path of the unit directly above the one at ``path`` ("" for a root)."""
    return path[:-steplen]


def next_prefix(path: str) -> str | None:
    """The smallest string greater than every path that starts with ``path``."""
    stripped = path.rstrip(PATH_ALPHABET[-1])
    if not stripped:
        return None
    last = stripped[-1]
    return stripped[:-1] + PATH_ALPHABET[PATH_ALPHABET.index(last) + 1]


def subtree_q(field: str, path: str) -> Q:
    """Rows whose ``field`` (a unit path) lies in the subtree rooted at ``path``."""
    upper = next_prefix(path)
    condition = Q(**{f"{field}__gte": path})
    if upper is not None:
        condition &= Q(**{f"{field}__lt": upper})
    return condition


def minimal_prefixes(paths: set[str]) -> list[str]:
    """Drop every path that lies inside another one of the set."""
    result: list[str] = []
    for path in sorted(paths):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


@dataclass(frozen=True)
class GrantView:
    role: str
    unit_id: int
    path: str


class Scope:
    """The grants of one user, resolved once; answers "which subtrees for this action?"."""

    def __init__(self, user: AbstractBaseUser | AnonymousUser):
        self.user = user
        self.unrestricted = bool(user.is_authenticated and user.is_active and user.is_superuser)
        self.grants: list[GrantView] = []
        if user.is_authenticated and user.is_active and not self.unrestricted:
            self.grants = [GrantView(role, unit_id, path) for role, unit_id, path in _grant_source(user)]
        self._cache: dict[tuple[str, str], list[str]] = {}
        self._signature: str | None = None  # asked by every cached fragment of a page: worked out once

    def paths(self, action: str, area: str) -> list[str]:
        key = (action, area)
        if key not in self._cache:
            found = {g.path for g in self.grants if allowed(g.role, action, area)}
            self._cache[key] = minimal_prefixes(found)
        return self._cache[key]

    def can(self, action: str, area: str) -> bool:
        """Whether the user may take ``action`` somewhere in ``area`` (before looking at a row)."""
        return self.unrestricted or bool(self.paths(action, area))

    def covers(self, action: str, area: str, path: str) -> bool:
        """Whether ``path`` lies in a subtree where the user may take ``action``."""
        return self.unrestricted or any(path.startswith(p) for p in self.paths(action, area))

    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def role_paths(self, role: str) -> list[str]:
        """The subtrees where the user holds ``role`` (none inside another)."""
        return minimal_prefixes({g.path for g in self.grants if g.role == role})

    def signature(self) -> str:
        """The same for two users exactly when their grants are (role, unit and the unit's path alike): what
        a figure or a rendered list shared between users must be keyed by, instead of the user."""
        if self._signature is None:
            if self.unrestricted:
                self._signature = "unrestricted"
            elif not self.user.is_authenticated or not self.user.is_active:
                self._signature = "nobody"
            else:
                grants = sorted({(g.role, g.unit_id, g.path) for g in self.grants})
                self._signature = hashlib.sha256(repr(grants).encode()).hexdigest()[:32]
        return self._signature


@functools.cache
def _personal(model) -> bool:
    return bool(getattr(model._default_manager.get_queryset(), "personal", False))


def sharing_signature(user, models: Iterable) -> str:
    """Whom a rendering of ``models``' visible rows may be shared with: everyone with the user's grants (their
    signature), or the user alone where one of the models' ``visible_to`` reads the user too
    (``ScopedQuerySet.personal``: a member's own work logs, their branch's meetings, a case offered to them)."""
    signature = scope_of(user).signature()
    if any(_personal(model) for model in models):
        return f"{signature}:user{user.pk}"
    return signature


def scope_of(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    scope = getattr(user, "_qizhi_scope", None)
    if scope is None:
        scope = Scope(user)
        if user.is_authenticated:
            user._qizhi_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope after the user's grants changed."""
    if hasattr(user, "_qizhi_scope"):
        del user._qizhi_scope


def scope_queryset(queryset, user, action: str, *, area: str, path_field: str | tuple[str, ...]):
    """``queryset`` limited to the subtrees where ``user`` may take ``action`` in ``area``.

    ``path_field`` may name several unit paths (a transfer belongs to its sender and its receiver):
    a row is in scope when any of them is.
    """
    scope = scope_of(user)
    if scope.unrestricted:
        return queryset
    paths = scope.paths(action, area)
    if not paths:
        return queryset.none()
    fields = (path_field,) if isinstance(path_field, str) else path_field
    condition = Q()
    for field in fields:
        for path in paths:
            condition |= subtree_q(field, path)
    return queryset.filter(condition)


def first_instance(queryset, user, action: str, *, area: str, path_field: str, author: str | None = None):
    """The rows of ``queryset`` that wait for ``user`` to take ``action`` as the nearest who may: in the
    user's scope, and with nobody else holding the right on a unit below the user's own nearest grant
    over the row. An unrestricted user gets only the rows nobody else may act on.

    This routes the 待办 of an approval to its first instance — a 司法所's report to its 所长, not
    also to every leader above — while the right itself is unchanged: whoever is in scope still may
    act on the row's page. ``author`` names the row's field holding the user who made it: nobody
    approves their own, so the row skips its author and waits for the next holder up.
    """
    scoped = scope_queryset(queryset, user, action, area=area, path_field=path_field)
    if _grant_holders is None:
        return scoped
    roles = [role for role in PERMISSIONS if allowed(role, action, area)]
    others = _grant_holders(roles).exclude(holder=user.pk).filter(StartsWith(OuterRef(path_field), F("holder_path")))
    if author is not None:
        scoped = scoped.exclude(**{author: user.pk})
        others = others.exclude(holder=OuterRef(author))
    scope = scope_of(user)
    if scope.unrestricted:
        return scoped.exclude(Exists(others))
    own = sorted({g.path for g in scope.grants if allowed(g.role, action, area)}, key=len, reverse=True)
    condition = Q()
    for index, path in enumerate(own):
        # the rows whose nearest grant of the user's is ``path`` (no deeper one of theirs covers them)...
        mine = subtree_q(path_field, path)
        for deeper in own[:index]:
            if deeper != path and deeper.startswith(path):
                mine &= ~subtree_q(path_field, deeper)
        # ...and that nobody holds the right on below it
        nearer = others.filter(subtree_q("holder_path", path)).exclude(holder_path=path)
        condition |= mine & ~Exists(nearer)
    return scoped.filter(condition)


def is_first_instance(user, action: str, *, area: str, path: str, author_id: int | None = None) -> bool:
    """``first_instance`` for one row at unit ``path`` (made by ``author_id``)."""
    scope = scope_of(user)
    if author_id == user.pk or not scope.covers(action, area, path):
        return False
    if _grant_holders is None:
        return True
    roles = [role for role in PERMISSIONS if allowed(role, action, area)]
    nearest = max((g.path for g in scope.grants if allowed(g.role, action, area) and path.startswith(g.path)),
                  key=len, default="")  # fmt: skip
    below = [path[:end] for end in range(len(nearest) + 1, len(path) + 1)]  # the row's units below ``nearest``
    holders = _grant_holders(roles).exclude(holder=user.pk).filter(holder_path__in=below)
    if author_id is not None:
        holders = holders.exclude(holder=author_id)
    return not holders.exists()


class ScopedQuerySet(models.QuerySet):
    """The one way to read domain rows: ``visible_to(user)`` and ``editable_by(user)``.

    The model names the lookup to its unit path in ``scope_path`` (``"unit__path"`` for most,
    ``"path"`` for the unit tree itself, a tuple for rows that belong to two units); the area is the
    model's app label.
    """

    # Whether ``visible_to`` reads the user beyond their grants (their own rows, their branch's meetings, a case
    # offered to them). A rendering shared by everyone with the same grants (``Scope.signature``) must then be
    # kept per user: ``sharing_signature`` below. A queryset that overrides ``visible_to`` or ``for_action`` says so
    # in its own body (core/tests/test_rendered_tables.py checks every model).
    personal = False

    def for_action(self, user, action: str) -> ScopedQuerySet:
        return scope_queryset(self, user, action, area=self.model._meta.app_label, path_field=self.model.scope_path)

    def visible_to(self, user) -> ScopedQuerySet:
        return self.for_action(user, Action.VIEW)

    def editable_by(self, user) -> ScopedQuerySet:
        return self.for_action(user, Action.CHANGE)

    def deletable_by(self, user) -> ScopedQuerySet:
        return self.for_action(user, Action.DELETE)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class CatalogQuerySet(ScopedQuerySet):
    """Deployment-wide reference data (an indicator catalog): every signed-in user reads it; only
    administrators change it."""

    personal = False  # reads whether the user is signed in, which the signature tells too

    def for_action(self, user, action: str) -> CatalogQuerySet:
        if action == Action.VIEW:
            return self if user.is_authenticated and user.is_active else self.none()
        return self if keeps_catalogs(user) else self.none()


def top_paths() -> list[str]:
    """The paths of the unit tree's top units (the province's bureau in a province's deployment), kept until a
    unit is written."""
    from qizhi.core import generations

    unit = apps.get_model("org", "Unit")
    return generations.cached(
        ("unit_tree_tops",), lambda: list(unit.objects.filter(depth=1).values_list("path", flat=True)), apps=("org",)
    )


def keeps_catalogs(user) -> bool:
    """Whether ``user`` changes deployment-wide reference data (the indicator catalog, the compliance rules, the
    working-day calendar and the legal clocks): a superuser, or the 系统管理员 role over the whole unit tree. A
    county's administrator in a province's deployment keeps the county's accounts, not the rules every other
    county is measured by. The catalogs' querysets, their services and the pages that offer their forms ask this."""
    scope = scope_of(user)
    if scope.unrestricted:
        return True
    admin = scope.role_paths(Role.ADMIN)
    if not admin:
        return False
    tops = top_paths()
    return bool(tops) and all(any(top.startswith(path) for path in admin) for top in tops)


CatalogManager = models.Manager.from_queryset(CatalogQuerySet)
