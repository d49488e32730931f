"""Dues data in the test personas' bureaus, built on demand, and the scoping samples of dues models."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from qizhi.core.testing import sample
from qizhi.dues import services
from qizhi.dues.choices import DuesKind, ReliefKind
from qizhi.dues.models import DuesBase, DuesPayment, DuesRelief
from qizhi.org.testing import Bureau
from qizhi.party.testing import party_of

START = datetime.date(2026, 1, 1)


def dues_of(bureau: Bureau) -> dict:
    """The branch member's base from January 2026 (3,000.00 → 15.00 a month), January paid, and a
    second member (the retiree in the bureau's branch) exempt for March–April."""
    if "dues" in bureau.__dict__:
        return bureau.__dict__["dues"]
    party = party_of(bureau)
    actor = get_user_model().objects.get(username=bureau.party_affairs.username)
    member = party["membership"]
    base = DuesBase(membership=member, kind=DuesKind.SERVING, start_month=START, base=Decimal("3000.00"))
    base.stamp(actor)
    base.save()
    payment = services.pay(member, [START], by=actor, paid_on=datetime.date(2026, 1, 20))[0]
    retiree = party["transfer"].membership
    retiree_base = DuesBase(membership=retiree, kind=DuesKind.RETIRED, start_month=START, base=Decimal("4000.00"))
    retiree_base.stamp(actor)
    retiree_base.save()
    relief = services.grant_relief(
        retiree, kind=ReliefKind.EXEMPT, start_month=datetime.date(2026, 3, 1), end_month=datetime.date(2026, 4, 1),
        reason=f"{bureau.unit.name[:2]}住院治疗", by=actor,
    )  # fmt: skip
    bureau.__dict__["dues"] = {"base": base, "payment": payment, "relief": relief, "retiree_base": retiree_base}
    return bureau.__dict__["dues"]


@sample(DuesBase)
def _base_sample(bureau: Bureau):
    return dues_of(bureau)["base"]


@sample(DuesPayment)
def _payment_sample(bureau: Bureau):
    return dues_of(bureau)["payment"]


@sample(DuesRelief)
def _relief_sample(bureau: Bureau):
    return dues_of(bureau)["relief"]
