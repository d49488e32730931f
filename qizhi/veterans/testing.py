"""老干部工作 data in the test personas' bureaus, built on demand, and the scoping samples."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from qizhi.core.testing import sample
from qizhi.org.testing import Bureau, make_person
from qizhi.veterans.choices import CareKind, Occasion
from qizhi.veterans.models import CareVisit, HardshipAid

DAY = datetime.date(2026, 10, 29)  # 重阳节 2026


def veterans_of(bureau: Bureau) -> dict:
    """Two retired cadres, greeted on the Double Ninth with 200 yuan each, and one hardship reported."""
    if "veterans" in bureau.__dict__:
        return bureau.__dict__["veterans"]
    actor = get_user_model().objects.get(username=bureau.party_affairs.username)
    prefix = bureau.unit.name[:2]
    old = [
        make_person(bureau.unit, name=f"{prefix}老{n}", retired=True, birth_date=datetime.date(1950, 1, 1))
        for n in "一二"
    ]
    visit = CareVisit(
        unit=bureau.unit,
        kind=CareKind.CONDOLENCE,
        date=DAY,
        occasion=Occasion.DOUBLE_NINTH,
        title=f"{prefix}重阳节慰问退休老同志",
        visitors="局党组书记",
        gifts="米、油",
        amount=Decimal("400.00"),
    )
    visit.stamp(actor)
    visit.save()
    visit.veterans.set(old)
    aid = HardshipAid(
        unit=bureau.unit,
        person=old[0],
        reported_on=datetime.date(2026, 11, 2),
        need="住院治疗，医疗费用负担重",
        requested=Decimal("2000.00"),
    )
    aid.stamp(actor)
    aid.save()
    bureau.__dict__["veterans"] = {"old": old, "visit": visit, "aid": aid}
    return bureau.__dict__["veterans"]


@sample(CareVisit)
def _visit_sample(bureau: Bureau):
    return veterans_of(bureau)["visit"]


@sample(HardshipAid)
def _aid_sample(bureau: Bureau):
    return veterans_of(bureau)["aid"]
