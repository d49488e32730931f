"""The registry of publishable kinds: what an app may put on the public portal, and its frozen text.

An app declares each kind of record it can publish in its own ``publishable.py`` (imported by
``autodiscover``, which the disclosure app calls when it starts):

    @publishable("targets.commitment", _("公开承诺"), model=Commitment)
    def commitment_text(record) -> PublicText: ...

The function turns a record into the text the public will read — title, body, the unit it belongs
to, the day the record was made (the 20-working-day 主动公开 clock starts there) — or raises a
``ValidationError`` saying why this record cannot be published. The disclosure app freezes that
text when the record is proposed and publishes only the frozen copy, so the portal never reads a
live record. Core knows no domain app: the registry holds whatever the apps declare.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PublicText:
    """What the public reads of a record: plain text, one paragraph a line."""

    title: str
    body: str
    unit: Any  # the org.Unit the record belongs to
    made_on: datetime.date
    summary: str = ""  # a short line for the microblog (≤ 140 characters with the link); else the title


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    freeze: Callable[[Any], PublicText]


KINDS: dict[str, Kind] = {}


def publishable(key: str, label, *, model: type):
    """Declare a kind of publishable record (``key`` is ``<app>.<what>``)."""

    def register(freeze: Callable[[Any], PublicText]):
        KINDS[key] = Kind(key, label, model, freeze)
        return freeze

    return register


def kind_of(key: str) -> Kind | None:
    return KINDS.get(key)


def kind_for(record) -> Kind | None:
    """The publishable kind ``record`` is of (None for a record no app declared publishable)."""
    return next((kind for kind in KINDS.values() if isinstance(record, kind.model)), None)


_proposer: list[Callable[[Any, Any], bool]] = []


def register_proposer(may_propose: Callable[[Any, Any], bool]) -> None:
    """The publishing app's answer to "may ``user`` put ``record`` forward" (``may_propose(user,
    record)``): the record pages' 提请公开 button asks it, so it leads only where the proposal may go."""
    _proposer[:] = [may_propose]


def may_propose(user, record) -> bool:
    return bool(_proposer) and _proposer[0](user, record)


def choices() -> list[tuple[str, str]]:
    return [(kind.key, str(kind.label)) for kind in KINDS.values()]


def autodiscover() -> None:
    """Import every installed app's ``publishable`` module (each declares its kinds)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("publishable")
