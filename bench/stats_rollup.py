"""Statistics benchmark at province scale (issue 6, "Performance"), on PostgreSQL only.

1. migrates the database ``qizhi_stats_bench`` (created if missing; never ``test``), generates the province
   (``generate_province``) and ten years of approved monthly reports (``generate_statistics``) unless present;
2. measures the median over many runs (the five ways interleaved in each round) of
   (a) one county's year roll-up with year-over-year — through the API under gunicorn (real HTTP requests on
       127.0.0.1, token auth, 2 sync workers), through the service in-process, and as hand-written SQL over
       the raw values (unit-first index) and over the summary ``StatTotal``;
   (b) the whole province by county, every indicator with last year's — the same four ways;
   and prints the ratio of the ORM service to the best hand-written SQL;
3. prints the plans (``EXPLAIN ANALYZE``) of the ORM's queries and of the hand-written ones.

    .venv/bin/python bench/stats_rollup.py [--runs 60] [--regenerate] [--year 2025]

Loads only 127.0.0.1; stops the gunicorn it started whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import BENCH_DIR, Gunicorn, engine_env, ensure_postgres_database, free_port

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/qizhi_stats_bench"
USERNAME, PASSWORD = "bench", "qizhi-demo"  # 系统管理员 granted on the generated province (not a superuser)
COUNTY_TARGET_MS, PROVINCE_TARGET_MS, MAX_RATIO = 30.0, 300.0, 1.5


def medians_ms(functions: list, runs: int) -> list[float]:
    """The median time of each function over ``runs`` rounds, the functions interleaved within a round: on a
    shared machine they all meet the same load, so their ratios hold even when the absolute times drift."""
    for function in functions:
        function()  # warm: caches, connection, plans
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(runs):
        for function, found in zip(functions, times, strict=True):
            started = time.perf_counter()
            function()
            found.append((time.perf_counter() - started) * 1000)
    return [statistics.median(found) for found in times]


# --- hand-written SQL --------------------------------------------------------------------------------

# The same figures as the services: sums over the months, stocks (期末值) at the last month, ratios left to the
# caller (they are two sums). %(…)s parameters.
SUMS = (
    "SUM(value) FILTER (WHERE month BETWEEN %(start)s AND %(end)s AND (NOT indicator_id = ANY(%(stocks)s) "
    "OR month = %(end)s)) AS now, "
    "SUM(value) FILTER (WHERE month BETWEEN %(before_start)s AND %(before_end)s "
    "AND (NOT indicator_id = ANY(%(stocks)s) OR month = %(before_end)s)) AS then"
)
# One range for the index, narrowed to the two periods (as the service does).
MONTHS = (
    "month BETWEEN %(before_start)s AND %(end)s "
    "AND (month BETWEEN %(before_start)s AND %(before_end)s OR month BETWEEN %(start)s AND %(end)s)"
)

COUNTY_RAW = f"""
SELECT indicator_id, {SUMS} FROM statistics_statvalue
WHERE unit_id IN (SELECT id FROM org_unit WHERE path >= %(path)s AND path < %(upper)s)
  AND approved AND {MONTHS}
GROUP BY indicator_id"""

COUNTY_SUMMARY = f"""
SELECT indicator_id, {SUMS} FROM (
  SELECT indicator_id, month, value FROM statistics_stattotal WHERE unit_id = %(unit)s AND {MONTHS}
  UNION ALL
  SELECT indicator_id, month, value FROM statistics_statvalue WHERE unit_id = %(unit)s AND approved AND {MONTHS}
) cells GROUP BY indicator_id"""

PROVINCE_RAW = f"""
SELECT substr(u.path, 1, %(length)s) AS county, v.indicator_id, {SUMS.replace("value", "v.value")}
FROM statistics_statvalue v JOIN org_unit u ON u.id = v.unit_id
WHERE u.path >= %(path)s AND u.path < %(upper)s AND u.depth >= %(depth)s AND v.approved AND {MONTHS}
GROUP BY 1, 2"""

PROVINCE_SUMMARY = f"""
SELECT unit_id, indicator_id, {SUMS} FROM (
  SELECT unit_id, indicator_id, month, value FROM statistics_stattotal
  WHERE unit_id = ANY(%(units)s) AND {MONTHS}
  UNION ALL
  SELECT unit_id, indicator_id, month, value FROM statistics_statvalue
  WHERE unit_id = ANY(%(units)s) AND approved AND {MONTHS}
) cells GROUP BY unit_id, indicator_id"""


def sql_params(unit, year: int, stocks: list[int], **extra) -> dict:
    import datetime

    from qizhi.core.scoping import next_prefix

    return {
        "start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 1),
        "before_start": datetime.date(year - 1, 1, 1), "before_end": datetime.date(year - 1, 12, 1),
        "stocks": stocks, "path": unit.path, "upper": next_prefix(unit.path), "unit": unit.pk, **extra,
    }  # fmt: skip


def run_sql(sql: str, params: dict) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def explain(sql: str, params=None) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def orm_queries(function) -> list[tuple[str, tuple]]:
    """The SQL (with its parameters) the ORM sent while ``function`` ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return [query["sql"] for query in captured.captured_queries]


# --- HTTP --------------------------------------------------------------------------------------------


def token(base: str) -> str:
    data = json.dumps({"username": USERNAME, "password": PASSWORD}).encode()
    request = urllib.request.Request(f"{base}/api/auth/token/", data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["token"]


def get(url: str, key: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {key}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200:
            sys.exit(f"{url} answered {response.status}")
        return json.load(response)


# --- the run -----------------------------------------------------------------------------------------


def prepare(env: dict[str, str], regenerate: bool) -> dict:
    def manage(*args: str) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=BENCH_DIR.parent.parent, env=env,
                                capture_output=True, text=True)  # fmt: skip
        if result.returncode != 0:
            sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    manage("migrate", "--noinput", "-v", "0")
    output = manage("generate_province", *(["--reset"] if regenerate else []))
    ids = dict(re.findall(r"(\w+_id)=(\d+)", re.search(r"^BENCH .*$", output, re.MULTILINE).group(0)))
    started = time.monotonic()
    output = manage("generate_statistics", *(["--reset"] if regenerate else []))
    print("  " + "\n  ".join(output.strip().splitlines()))
    print(f"  (generate_statistics: {time.monotonic() - started:.1f} s including start-up)")
    return ids


def measure(args, ids: dict, base: str, key: str) -> list[tuple]:
    import datetime

    from qizhi.org.models import Unit
    from qizhi.statistics import services
    from qizhi.statistics.choices import TimeAggregation
    from qizhi.statistics.models import Indicator, StatTotal, StatValue

    year = args.year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    root, county = Unit.objects.get(pk=ids["root_id"]), Unit.objects.get(pk=ids["county_id"])
    stocks = list(Indicator.objects.filter(time_aggregation=TimeAggregation.PERIOD_END).values_list("pk", flat=True))
    counties = list(services.children_of(root, level=2).values_list("pk", flat=True))
    print(
        f"  data: {StatValue.objects.count():,} values, {StatTotal.objects.count():,} summary rows, "
        f"{Indicator.objects.filter(active=True).count()} indicators; county {county.name} (id {county.pk}), "
        f"{len(counties)} counties; year {year} against {year - 1}"
    )
    county_params = sql_params(county, year, stocks)
    province_params = sql_params(root, year, stocks, length=len(county.path), depth=county.depth, units=counties)
    cases = [
        (
            "(a) county year roll-up with YoY",
            f"{base}/api/statistics/rollup/?unit={county.pk}&start={year}-01&end={year}-12",
            lambda: services.rollup(county, start, end),
            lambda: services.approved_sums(services.Window(start, end, services.active_indicators()), [county.pk]),
            (COUNTY_RAW, county_params),
            (COUNTY_SUMMARY, county_params),
            args.runs,
        ),
        (
            "(b) province by county, all indicators, YoY",
            f"{base}/api/statistics/rollup/?unit={root.pk}&start={year}-01&end={year}-12&by=child&level=2",
            lambda: services.rollup_by_child(root, start, end, level=2),
            lambda: services.approved_sums(services.Window(start, end, services.active_indicators()), counties),
            (PROVINCE_RAW, province_params),
            (PROVINCE_SUMMARY, province_params),
            max(10, args.runs // 3),
        ),
    ]
    results = []
    for name, url, service, sums, raw, summary, runs in cases:
        body = get(url, key)
        cells = len(body.get("children", [body]))
        print(f"\n  {name}: {url.replace(base, '')} → {cells} row(s) of {len(body['indicators'])} indicators")
        api, orm, orm_sums, sql_raw, sql_summary = medians_ms(
            [lambda url=url: get(url, key), service, sums, lambda raw=raw: run_sql(*raw),
             lambda summary=summary: run_sql(*summary)],
            runs,
        )  # fmt: skip
        results.append((name, api, orm, orm_sums, sql_raw, sql_summary, min(sql_raw, sql_summary)))
        print(f"    API over HTTP (gunicorn)  {api:8.2f} ms")
        print(f"    service in-process (ORM)  {orm:8.2f} ms   (catalog, sums, figures)")
        print(f"    its sums alone (ORM)      {orm_sums:8.2f} ms   (the query the SQL below stands for)")
        print(f"    SQL over raw values       {sql_raw:8.2f} ms")
        print(f"    SQL over the summary      {sql_summary:8.2f} ms")
        print(
            f"    ratio ORM / best SQL      {orm / min(sql_raw, sql_summary):8.2f}×   (sums alone: "
            f"{orm_sums / min(sql_raw, sql_summary):.2f}×; service / SQL raw: {orm / sql_raw:.2f}×)"
        )
        if args.plans:
            for sql in orm_queries(service):
                if "statistics_stat" in sql:
                    print("    ORM query plan:\n      " + explain(sql).replace("\n", "\n      "))
            for label, (sql, params) in (("raw", raw), ("summary", summary)):
                print(f"    hand-written SQL ({label}) plan:\n      " + explain(sql, params).replace("\n", "\n      "))
    return results


def report(results, args) -> bool:
    ok = True
    print(
        "\n| query | API, HTTP (ms) | service, ORM (ms) | ORM sums alone (ms) | SQL raw (ms) | SQL summary (ms) "
        "| service / best SQL | sums / best SQL |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    targets = (COUNTY_TARGET_MS, PROVINCE_TARGET_MS)
    for (name, api, orm, sums, raw, summary, best), target in zip(results, targets, strict=True):
        print(
            f"| {name} | {api:.1f} | {orm:.1f} | {sums:.1f} | {raw:.1f} | {summary:.1f} "
            f"| {orm / best:.2f}× | {sums / best:.2f}× |"
        )
        ok &= api < target and orm / best <= MAX_RATIO
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60, help="runs per measurement of (a); (b) a third (default 60)")
    parser.add_argument("--year", type=int, default=2025, help="the year rolled up, against the year before")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help=f"PostgreSQL database (default {DEFAULT_PG_URL})")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the province and its statistics")
    parser.add_argument("--no-plans", dest="plans", action="store_false", help="do not print the query plans")
    args = parser.parse_args()
    if args.pg_url.rstrip("/").endswith("/test"):
        sys.exit("refusing the database named test")

    env = engine_env("postgres", args.pg_url)
    ensure_postgres_database(args.pg_url)
    ids = prepare(env, args.regenerate)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qizhi.settings")
    import django

    django.setup()
    port = free_port()
    server = Gunicorn(env, port, 2, BENCH_DIR / "postgres" / "gunicorn-statistics.log")
    try:
        server.start()
        base = f"http://127.0.0.1:{port}"
        results = measure(args, ids, base, token(base))
    finally:
        server.stop()
    ok = report(results, args)
    print(
        f"\nTargets: (a) < {COUNTY_TARGET_MS:.0f} ms and (b) < {PROVINCE_TARGET_MS:.0f} ms median through the API; "
        f"ORM ≤ {MAX_RATIO}× the best hand-written SQL."
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
