"""What the dues-arrears 待办 costs at province scale (issue #14 §5).

On the database of ``generate_province`` (users ``bench``, 系统管理员 on the province, and ``bench_county``,
党务干部 of one county), gives every current membership a dues base from January of last year and its
payments (kept between runs; ``--regenerate`` writes them anew), then measures, per user, the median time of
the ``dues.arrears`` provider alone and of all 待办 providers uncached (what the navbar badge costs when its
cache is cold), with the number of items.

The payments follow a fixed pattern (seeded): 85 % of members have paid through last month, 8 % stopped one or
two months ago, 5 % three to five months ago (a warning) and 2 % six to eleven months ago (an alert).

    QIZHI_VAR_DIR=… DATABASE_URL=… .venv/bin/python bench/dues_inbox.py [--repeat 5] [--regenerate]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qizhi.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from qizhi.core import todo  # noqa: E402
from qizhi.core.scoping import forget_scope  # noqa: E402
from qizhi.dues import services  # noqa: E402
from qizhi.dues.models import DuesBase, DuesPayment  # noqa: E402
from qizhi.dues.standard import monthly_standard  # noqa: E402
from qizhi.party.models import Membership  # noqa: E402

LOGINS = ("bench_county", "bench")


def stopped_months_ago(rng: random.Random) -> int:
    """How many months before last month a member's payments stop (0: paid through last month)."""
    roll = rng.random()
    if roll < 0.85:
        return 0
    if roll < 0.93:
        return rng.randint(1, 2)
    if roll < 0.98:
        return rng.randint(3, 5)
    return rng.randint(6, 11)


def generate(today: datetime.date, regenerate: bool) -> None:
    members = list(Membership.objects.filter(ended_on__isnull=True).select_related("person"))
    if DuesBase.objects.filter(membership__in=members[:1]).exists() and not regenerate:
        return
    rng = random.Random(14)
    start = datetime.date(today.year - 1, 1, 1)
    last = services.add_months(services.month_of(today), -1)
    with transaction.atomic():
        DuesPayment.objects.all().delete()
        DuesBase.objects.all().delete()
        bases, payments = [], []
        for membership in members:
            kind = "retired" if membership.person.retired else "serving"
            base = Decimal(rng.randrange(250000, 1200000)) / 100
            bases.append(DuesBase(membership=membership, kind=kind, start_month=start, base=base))
            due = monthly_standard(base, kind)
            tracked = max(start, services.month_of(membership.joined_on))
            until = services.add_months(last, -stopped_months_ago(rng))
            for month in services.months_between(tracked, until):
                payments.append(DuesPayment(membership=membership, month=month, due=due, paid_on=month))
        DuesBase.objects.bulk_create(bases, batch_size=2000)
        DuesPayment.objects.bulk_create(payments, batch_size=5000)
    print(f"dues data: {len(bases)} bases, {len(payments)} payments", flush=True)


def median_ms(function, repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(list(function()))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    today = timezone.localdate()
    generate(today, args.regenerate)
    users = get_user_model().objects.in_bulk(LOGINS, field_name="username")
    arrears = todo.PROVIDERS["dues.arrears"].provide
    print(f"{'login':<13} {'arrears items':>13} {'arrears ms':>11} {'all items':>9} {'all providers ms':>17}")
    for name in LOGINS:
        user = users[name]

        def only_arrears(user=user):
            forget_scope(user)
            return arrears(user, today)

        def everything(user=user):
            forget_scope(user)
            return todo.items_for(user, today)

        arrears_ms, arrears_n = median_ms(only_arrears, args.repeat)
        all_ms, all_n = median_ms(everything, args.repeat)
        print(f"{name:<13} {arrears_n:>13} {arrears_ms:>11.1f} {all_n:>9} {all_ms:>17.1f}", flush=True)


if __name__ == "__main__":
    main()
