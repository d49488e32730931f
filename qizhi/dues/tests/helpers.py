"""Members with dues for the behaviour tests, with months counted back from the frozen today."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from qizhi.dues import services
from qizhi.dues.models import DuesBase
from qizhi.org.testing import make_person
from qizhi.party import services as party_services
from qizhi.party.testing import party_of


def this_month() -> datetime.date:
    return services.month_of(timezone.localdate())


def months_ago(count: int) -> datetime.date:
    return services.add_months(this_month(), -count)


def actor_of(bureau):
    return get_user_model().objects.get(username=bureau.party_affairs.username)


def member(bureau, name: str, base: str, *, kind: str = "serving", since: datetime.date | None = None, user=None):
    """A full member of the bureau's branch with a dues base from ``since`` (default: a year ago)."""
    actor = actor_of(bureau)
    person = make_person(bureau.unit, name, retired=kind == "retired", user=user)
    membership = party_services.join(
        person, branch=party_of(bureau)["branch"], status="full", joined_on=datetime.date(2015, 7, 1),
        full_on=datetime.date(2016, 7, 1), by=actor,
    )  # fmt: skip
    record = DuesBase(membership=membership, kind=kind, start_month=since or months_ago(12), base=Decimal(base))
    record.stamp(actor)
    record.save()
    return membership
