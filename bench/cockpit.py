"""The home page (cockpit) and the big screen's data, in process (Django's test client), each against
``/healthz`` in the same run, with the figure cache cold (a new data generation before every request)
and warm; and what the htmx-fetched 待办 badge costs.

On the demo organization (``manage.py demo``)::

    QIZHI_VAR_DIR=… .venv/bin/python bench/cockpit.py [--repeat 15]

On province data (``manage.py generate_province``: ``bench`` is the province's administrator,
``bench_city`` a city bureau's 局领导, ``bench_county`` a county's 党务干部)::

    QIZHI_VAR_DIR=… .venv/bin/python bench/cockpit.py --logins bench_county bench_city bench
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

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from qizhi.core import generations  # noqa: E402
from qizhi.org.models import Unit  # noqa: E402

LOGINS = ("leader", "party", "secretary", "head", "staff", "court")


def median_ms(client: Client, url: str, repeat: int, cold: bool = False) -> float:
    client.get(url)  # warm the process (templates, connections)
    times = []
    for _ in range(repeat):
        if cold:
            generations.bump()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--logins", nargs="+", default=LOGINS)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS.append("testserver")
    users = get_user_model().objects.in_bulk(args.logins, field_name="username")
    print("| login | unit | `/healthz` | home, cold | home, warm | screen data, cold | screen data, warm | badge |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in args.logins:
        user = users[name]
        client = Client()
        client.force_login(user)
        unit = Unit.objects.visible_to(user).order_by("depth", "path").first()  # as the home page picks it
        screen = f"/screen/{unit.pk}/data/"
        row = [
            median_ms(client, "/healthz", args.repeat),
            median_ms(client, "/", args.repeat, cold=True),
            median_ms(client, "/", args.repeat),
            median_ms(client, screen, args.repeat, cold=True),
            median_ms(client, screen, args.repeat),
            median_ms(client, "/todo/count/", args.repeat),
        ]
        print(f"| {name} | {unit.name} | " + " | ".join(f"{ms:.1f}" for ms in row) + " |")


if __name__ == "__main__":
    main()
