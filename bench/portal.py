"""The public portal's cost per request, in process (Django's test client, no HTTP), on the demo organization
(``manage.py demo`` first): ``/healthz`` as the yardstick, the portal's home page, a unit's list, the kiosk and
the feed, each from the cache (what the public gets between two publications) and rendered afresh (the first
request after a publication or withdrawal). The issue's 16-connection throughput target is measured under
gunicorn by ``bench/run.py --pages portal`` (wrk); this script is the in-process view of the same pages.

    QIZHI_VAR_DIR=… .venv/bin/python bench/portal.py [--repeat 200]
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

from django.test import Client  # noqa: E402

from qizhi.disclosure import services  # noqa: E402
from qizhi.org.models import Unit  # noqa: E402


def timings(client: Client, path: str, repeat: int, *, fresh: bool) -> list[float]:
    times = []
    for _ in range(repeat):
        if fresh:
            services.bump_portal()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return sorted(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    client = Client()
    unit = Unit.objects.get(code="DEMO-YX")
    paths = ["/public/", f"/public/?unit={unit.pk}", "/public/kiosk/", "/public/feed.xml"]
    base = timings(client, "/healthz", args.repeat, fresh=False)
    print(f"{'page':<28} {'median ms':>10} {'p99 ms':>8} {'share of /healthz':>18}")
    print(f"{'/healthz':<28} {statistics.median(base):>10.2f} {base[int(len(base) * 0.99) - 1]:>8.2f} {'1.00':>18}")
    for path in paths:
        for fresh in (False, True):
            t = timings(client, path, args.repeat if not fresh else max(args.repeat // 5, 10), fresh=fresh)
            share = statistics.median(base) / statistics.median(t)
            label = path + (" (fresh)" if fresh else "")
            print(f"{label:<28} {statistics.median(t):>10.2f} {t[int(len(t) * 0.99) - 1]:>8.2f} {share:>18.2f}")


if __name__ == "__main__":
    main()
