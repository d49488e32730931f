"""Campaigns at province scale: 1,000 campaigns and 100,000 rectification items, then the timings of one
campaign's ledger page, its figures and roll-up, and a city's roll-up of all its campaigns (one query).

    DATABASE_URL=sqlite:////tmp/qizhi-bench-campaigns.sqlite3 .venv/bin/python bench/campaigns.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qizhi_bench_campaigns .venv/bin/python bench/campaigns.py

The database is migrated and filled on the first run (kept afterwards). Targets (issue 11): the ledger page
and the figures under 100 ms median on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qizhi.settings")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from qizhi.campaigns import services  # noqa: E402
from qizhi.campaigns.choices import ProblemCategory, RectificationStatus  # noqa: E402
from qizhi.campaigns.models import Campaign, Problem, Rectification  # noqa: E402
from qizhi.org.choices import UnitKind  # noqa: E402
from qizhi.org.models import Unit  # noqa: E402

CITIES, COUNTIES, PER_COUNTY, PROBLEMS, ITEMS = 10, 10, 10, 20, 5  # 1,000 campaigns × 100 items
YEAR = 2026


def generate() -> None:
    statuses = RectificationStatus.values
    categories = ProblemCategory.values
    with transaction.atomic():
        root = Unit.objects.add_root(create_kwargs={"name": "基准省司法厅", "kind": UnitKind.BUREAU})
        for c in range(CITIES):
            city = Unit.objects.add_child(root, create_kwargs={"name": f"基准市{c}", "kind": UnitKind.BUREAU})
            for k in range(COUNTIES):
                county = Unit.objects.add_child(city, create_kwargs={"name": f"基准县{c}-{k}", "kind": UnitKind.BUREAU})
                campaigns = Campaign.objects.bulk_create([
                    Campaign(unit=county, title=f"活动{c}-{k}-{n}", start=datetime.date(YEAR, 1, 1),
                             end=datetime.date(YEAR, 12, 31))
                    for n in range(PER_COUNTY)
                ])  # fmt: skip
                problems = Problem.objects.bulk_create([
                    Problem(campaign=campaign, category=categories[p % 8], source="inspection", description=f"问题{p}",
                            found_on=datetime.date(YEAR, 3, 1))
                    for campaign in campaigns for p in range(PROBLEMS)
                ])  # fmt: skip
                Rectification.objects.bulk_create([
                    Rectification(campaign_id=problem.campaign_id, problem=problem, measure=f"措施{i}", target="目标",
                                  deadline=datetime.date(YEAR, 1 + (problem.pk + i) % 12, 15),
                                  status=statuses[(problem.pk + i) % 5], progress=(problem.pk * 7 + i) % 101,
                                  weight=Decimal(1 + i % 3))
                    for problem in problems for i in range(ITEMS)
                ])  # fmt: skip
    user_model = get_user_model()
    user_model.objects.create_superuser("bench_campaigns", password="qizhi-demo")


def median_ms(function, runs: int = 21) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    if not Campaign.objects.filter(title__startswith="活动").exists():
        started = time.perf_counter()
        generate()
        print(f"generated in {time.perf_counter() - started:.0f} s")
    campaign = Campaign.objects.filter(title__startswith="活动").order_by("pk")[500]
    city = Unit.objects.get(name="基准市5")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_campaigns"))
    ledger = f"/campaigns/rectifications/?campaign={campaign.pk}"
    figures = f"/api/campaigns/figures/?campaign={campaign.pk}"
    public = f"/public/campaigns/{campaign.pk}/"
    figures_of = services.figures
    with CaptureQueriesContext(connection) as city_queries:
        rows = services.campaigns_rollup(city)
    results = {
        "campaigns / items": f"{Campaign.objects.count()} / {Rectification.objects.count()}",
        "ledger page (50 rows), median ms": median_ms(lambda: client.get(ledger, HTTP_HOST="127.0.0.1")),
        "figures API, median ms": median_ms(lambda: client.get(figures, HTTP_HOST="127.0.0.1")),
        "services.figures + rollup, median ms": median_ms(lambda: (figures_of(campaign), services.rollup(campaign))),
        "public page, median ms": median_ms(lambda: client.get(public, HTTP_HOST="127.0.0.1")),
        "city roll-up (100 campaigns), median ms": median_ms(lambda: services.campaigns_rollup(city), runs=7),
        "city roll-up queries / rows": f"{len(city_queries)} / {len(rows)}",
    }  # fmt: skip
    print(f"| {connection.vendor} | value |\n|---|---|")
    for name, value in results.items():
        print(f"| {name} | {value if isinstance(value, str) else f'{value:.1f}'} |")


if __name__ == "__main__":
    main()
