"""What the navbar's 待办 count costs a page, on the demo organization (``manage.py demo`` first).

For each demo login: the median time to compute the user's items (what an uncached count costs), and the
median time of ``count_for`` once cached (what every page pays until something changes), in one run.

    QIZHI_VAR_DIR=… .venv/bin/python bench/inbox.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qizhi.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from qizhi.core import todo  # noqa: E402
from qizhi.core.scoping import forget_scope  # noqa: E402

LOGINS = ("leader", "party", "secretary", "head", "stats", "staff", "court")


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    users = get_user_model().objects.in_bulk(LOGINS, field_name="username")
    print(f"{'login':<10} {'items':>5} {'uncached ms':>12} {'cached ms':>10}")
    for name in LOGINS:
        user = users[name]

        def uncached(user=user):
            forget_scope(user)  # a new request resolves the grants again
            return todo.items_for(user)

        todo.invalidate()
        todo.count_for(user)
        print(
            f"{name:<10} {len(uncached()):>5} {median_ms(uncached, args.repeat):>12.1f} "
            f"{median_ms(lambda user=user: todo.count_for(user), args.repeat * 10):>10.3f}"
        )


if __name__ == "__main__":
    main()
