"""Honors in the test personas' bureaus and the scoping sample."""

from __future__ import annotations

import datetime

from qizhi.core.testing import sample
from qizhi.honors.choices import HonorKind, HonorLevel
from qizhi.honors.models import Honor
from qizhi.org.testing import Bureau


def honors_of(bureau: Bureau) -> dict:
    """One collective honor of the bureau's judicial office and one individual honor of its first person."""
    if "honors" in bureau.__dict__:
        return bureau.__dict__["honors"]
    prefix = bureau.unit.name[:2]
    collective = Honor.objects.create(
        kind=HonorKind.COLLECTIVE, unit=bureau.judicial_office, title=f"{prefix}全国模范司法所",
        level=HonorLevel.NATIONAL, issuer="司法部", granted_on=datetime.date(2025, 6, 1),
    )  # fmt: skip
    person = bureau.people[0]
    individual = Honor.objects.create(
        kind=HonorKind.INDIVIDUAL, unit=person.unit, person=person, title=f"{prefix}优秀共产党员",
        level=HonorLevel.COUNTY, issuer="中共云溪县委", granted_on=datetime.date(2026, 7, 1),
    )  # fmt: skip
    bureau.__dict__["honors"] = {"collective": collective, "individual": individual}
    return bureau.__dict__["honors"]


@sample(Honor)
def _honor_sample(bureau: Bureau):
    return honors_of(bureau)["collective"]
