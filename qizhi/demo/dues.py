"""The bureau's party dues for the last twelve months: bases, payments, a relief or two and some arrears.

So that the pages show something real: most members paid every month, the retirees' branch through its
secretary (代交); one member is three months behind (a warning), one seven (an alert); the ``staff`` login
owes last month and this one (to pay on 我的党费); one member is exempt for a quarter, one pays reduced dues.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from qizhi.dues import services
from qizhi.dues.choices import DuesKind, ReliefKind
from qizhi.dues.models import DuesBase
from qizhi.org.models import Unit
from qizhi.party.models import Membership


def _base(person, rng: random.Random, index: int) -> tuple[str, Decimal]:
    if person.retired:
        return DuesKind.RETIRED, Decimal(rng.randint(280000, 680000)) / 100
    if index in (0, 1):  # the two sides of the first bracket edge: 15.00 and 30.00
        return DuesKind.SERVING, Decimal("3000.00") if index == 0 else Decimal("3000.01")
    return DuesKind.SERVING, Decimal(rng.randint(260000, 1250000)) / 100


def build_dues(bureau: Unit, *, actor) -> int:
    """Bases from twelve months ago, payments through last month (with the gaps above); returns payments made."""
    rng = random.Random(2008)
    today = timezone.localdate()
    start = services.add_months(services.month_of(today), -12)
    last = services.add_months(services.month_of(today), -1)
    members = list(
        Membership.objects.filter(branch__unit__path__startswith=bureau.path, ended_on__isnull=True)
        .select_related("person", "branch")
        .order_by("branch__path", "pk")
    )
    secretary = get_user_model().objects.filter(username="secretary", person__isnull=False).first()
    staff = get_user_model().objects.filter(username="staff").first()
    gaps = {3: 3, 7: 7}  # member index → months unpaid up to last month
    payments = 0
    for index, membership in enumerate(members):
        kind, amount = _base(membership.person, rng, index)
        first = max(start, services.month_of(membership.joined_on))
        base = DuesBase(membership=membership, kind=kind, start_month=first, base=amount,
                        extra=Decimal("10.00") if index % 11 == 5 else Decimal("0"))  # fmt: skip
        base.stamp(actor)
        base.save()
        if index == 5:
            reason = "患重病住院治疗，经支部委员会研究同意免交"
            services.grant_relief(
                membership, kind=ReliefKind.EXEMPT, start_month=services.add_months(last, -2), end_month=last,
                reason=reason, by=actor,
            )  # fmt: skip
        if index == 9:
            services.grant_relief(
                membership, kind=ReliefKind.REDUCED, amount=Decimal("5.00"), start_month=first,
                end_month=services.add_months(last, 6), reason="家庭生活困难，申请减交", by=actor,
            )  # fmt: skip
        owed = gaps.get(index, 0)
        if staff is not None and membership.person.user_id == staff.pk:
            owed = 1
        by = secretary if (membership.branch.retirees and secretary is not None) else actor
        for month in services.months_between(first, services.add_months(last, -owed)):
            if services.dues_for(membership, month).due == 0:
                continue
            paid_on = min(today, month.replace(day=rng.randint(5, 25)))
            services.pay(membership, [month], by=by, paid_on=paid_on)
            payments += 1
    for reminder in services.reminders(Membership.objects.filter(branch__unit__path__startswith=bureau.path), today):
        url = reverse("dues:unpaid") + f"?party_org={reminder.arrears.membership.branch_id}"
        services.send_reminder(reminder, url)
    return payments
