"""The home page (cockpit) by role on the demo organization, in process (Django's test client), and
what the htmx-fetched 待办 badge costs once cached. Run ``manage.py demo`` first.

    QIZHI_VAR_DIR=… .venv/bin/python bench/cockpit.py [--repeat 15]
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

LOGINS = ("leader", "party", "secretary", "head", "staff", "court")


def median_ms(client: Client, url: str, repeat: int) -> float:
    client.get(url)  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS.append("testserver")
    users = get_user_model().objects.in_bulk(LOGINS, field_name="username")
    print(f"{'login':<10} {'home ms':>8} {'badge ms':>9} {'/todo/ ms':>10}")
    for name in LOGINS:
        client = Client()
        client.force_login(users[name])
        home = median_ms(client, "/", args.repeat)
        badge = median_ms(client, "/todo/count/", args.repeat)
        page = median_ms(client, "/todo/", args.repeat)
        print(f"{name:<10} {home:>8.1f} {badge:>9.1f} {page:>10.1f}")


if __name__ == "__main__":
    main()
