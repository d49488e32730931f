"""Points data in the test personas' bureaus, built on demand, and the scoping samples of points models."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from qizhi.core.testing import sample
from qizhi.org.testing import Bureau
from qizhi.party.models import Membership
from qizhi.party.testing import party_of
from qizhi.points import services
from qizhi.points.choices import PointSource
from qizhi.points.models import PointEntry, PointRule, PointTotal

DAY = datetime.date(2026, 6, 1)


def manual_rule(name: str = "受到县级以上表彰", points: str = "5", **fields) -> PointRule:
    rule, _created = PointRule.objects.get_or_create(
        name=name, defaults={"source": PointSource.MANUAL, "points": Decimal(points), **fields}
    )
    return rule


def points_of(bureau: Bureau) -> dict:
    """A pending manual entry for the branch member, and the member's stored total for the year."""
    if "points" in bureau.__dict__:
        return bureau.__dict__["points"]
    party = party_of(bureau)
    actor = get_user_model().objects.get(username=bureau.branch_secretary.username)
    entry = PointEntry(membership=party["membership"], rule=manual_rule(), date=DAY,
                       description=f"{bureau.unit.name[:2]}调解能手")  # fmt: skip
    services.submit_entry(entry, by=actor)
    services.refresh(Membership.objects.filter(pk=party["membership"].pk), DAY.year)
    total = PointTotal.objects.get(membership=party["membership"], year=DAY.year)
    bureau.__dict__["points"] = {"entry": entry, "total": total}
    return bureau.__dict__["points"]


@sample(PointEntry)
def _entry_sample(bureau: Bureau):
    return points_of(bureau)["entry"]


@sample(PointTotal)
def _total_sample(bureau: Bureau):
    return points_of(bureau)["total"]
