"""A soak that holds (issue 16 §4): 50 users of the demo roles for 30 minutes on province data.

Serves the PostgreSQL province database of ``bench/run.py`` (``qizhi_bench``; ``generate_province`` and
``generate_targets`` first) with gunicorn (2 × cores + 1 sync workers, as deployed), and runs
``bench/locustfile.py`` headless with locust against it on 127.0.0.1: every user signs in and walks its role's
pages, files progress reports with an evidence file and downloads Excel (see the locustfile). Meanwhile it
samples the gunicorn workers' resident memory every 30 s; before and after it reads the database's size and counts
the rows the users wrote.

Verdicts (the issue's): no failed request; the p99 of the last five minutes no worse than the first five's
(within 20 %, and under 150 ms... reported, not required: a two-core machine running the users too); the
workers' memory growth under 50 MB from the end of the first five minutes to the end; the database's growth
explained by the rows written.

locust lives in a virtual environment of its own (``var/bench/locust-venv``, created on first use from
``bench/requirements-locust.txt``): it brings gevent, which the application does not need.

    .venv/bin/python bench/soak.py                           # 50 users, 30 minutes
    .venv/bin/python bench/soak.py --users 10 --minutes 3    # a quick look
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (
    BENCH_DIR,
    DEFAULT_PG_URL,
    ROOT,
    Gunicorn,
    engine_env,
    ensure_postgres_database,
    free_port,
    login,
    manage,
)

LOCUST_VENV = BENCH_DIR / "locust-venv"
REQUIREMENTS = ROOT / "bench" / "requirements-locust.txt"
MEMORY_LIMIT_MB = 50.0
IDS_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from qizhi.org.models import Unit
from qizhi.targets.models import Plan, Target
from qizhi.targets.services.progress import may_report
county = Unit.objects.get(name="石田县司法局")
plan = Plan.objects.filter(unit=county, year=timezone.localdate().year).first()
user = get_user_model().objects.get(username="bench_county")
leaves = (Target.objects.filter(plan=plan, numchild=0).select_related("owner_unit", "owner_person")
          .order_by("path")[:2000])
targets = [t.pk for t in leaves if may_report(t, user)][:300]
today = timezone.localdate()
last = (today.replace(day=1) - timezone.timedelta(days=1))
print(json.dumps({"county_id": county.pk, "city_id": county.get_parent().pk, "plan_id": plan.pk,
                  "targets": targets, "today": today.isoformat(), "year": today.year,
                  "last_month": last.strftime("%Y-%m")}))
"""
COUNTS_SCRIPT = """
import json
from django.db import connection
from qizhi.core.models import Attachment
from qizhi.targets.models import ProgressReport
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_database_size(current_database())")
    size = cursor.fetchone()[0]
print(json.dumps({"size": size, "reports": ProgressReport.objects.count(), "attachments": Attachment.objects.count()}))
"""


def locust_binary() -> Path:
    binary = LOCUST_VENV / "bin" / "locust"
    if not binary.exists():
        print("installing locust into var/bench/locust-venv …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        subprocess.run([str(LOCUST_VENV / "bin" / "pip"), "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    return binary


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def worker_memory(master: int) -> dict[int, float]:
    """Resident memory (MB) of the master's children, the gunicorn workers."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(master):
            found[int(fields["Pid"])] = int(fields["VmRSS"].split()[0]) / 1024
    return found


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--window", type=float, default=5, help="minutes compared at the start and the end")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn sync workers (gunicorn's advice, 2 × cores + 1: a deployment's, not the pages benchmark's 2)",
    )  # fmt: skip
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    args = parser.parse_args()

    env = engine_env("postgres", args.pg_url)
    ensure_postgres_database(args.pg_url)
    ids = last_json(manage(env, "shell", "-c", IDS_SCRIPT))
    if not ids["targets"]:
        sys.exit("no task of the bench county to report on: run manage.py generate_targets first")
    before = last_json(manage(env, "shell", "-c", COUNTS_SCRIPT))
    binary = locust_binary()

    port = free_port()
    server = Gunicorn(env, port, args.workers, BENCH_DIR / "postgres" / "gunicorn-soak.log")
    server.start()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkstemp(prefix="qizhi-soak-", suffix=".csv")[1])
    memory: list[tuple[float, dict[int, float]]] = []
    stop = threading.Event()
    started = time.monotonic()

    def sample() -> None:
        while not stop.is_set():
            memory.append(((time.monotonic() - started) / 60, worker_memory(server.process.pid)))
            stop.wait(30)

    try:
        cookie = login(base, "bench_county")  # the pages answer before 50 users arrive
        request = urllib.request.Request(f"{base}/org/people/?unit={ids['county_id']}", headers={"Cookie": cookie})
        urllib.request.urlopen(request).read()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        soak_env = dict(os.environ, QIZHI_SOAK=json.dumps(ids), QIZHI_SOAK_LOG=str(log))
        print(
            f"{datetime.datetime.now():%H:%M:%S} {args.users} users for {args.minutes:g} min on {base}, "
            f"{args.workers} gunicorn workers", flush=True,
        )  # fmt: skip
        subprocess.run(
            [
                str(binary), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
                "-u", str(args.users), "-r", str(max(1, args.users // 10)), "-t", f"{int(args.minutes * 60)}s",
                "--host", base, "--stop-timeout", "30",
            ],
            env=soak_env, cwd=ROOT, check=False,
        )  # fmt: skip
    finally:
        stop.set()
        server.stop()
    after = last_json(manage(env, "shell", "-c", COUNTS_SCRIPT))
    report(args, log, memory, before, after)


def row(label: str, times: list[float], failed: int | None = None) -> str:
    cells = [label, str(len(times)), f"{statistics.median(times):.0f}", f"{percentile(times, 0.99):.0f}"]
    return "| " + " | ".join(cells + ([str(failed)] if failed is not None else [])) + " |"


def report(args, log: Path, memory, before: dict, after: dict) -> None:
    with log.open() as handle:
        rows = [(float(t), name, float(ms), int(failed)) for t, _kind, name, ms, _status, failed in csv.reader(handle)]
    if not rows:
        sys.exit("no request was made")
    start, end, window = rows[0][0], rows[-1][0], args.window * 60
    first = [ms for t, _name, ms, _failed in rows if t - start < window]
    last = [ms for t, _name, ms, _failed in rows if end - t < window]
    failures = sorted({name for _t, name, _ms, failed in rows if failed})
    print(f"\n{datetime.datetime.now():%Y-%m-%d %H:%M}: {args.users} users, {args.minutes:g} min, {len(rows)} requests")
    print("\n| | requests | median (ms) | p99 (ms) |\n|---|---:|---:|---:|")
    print(row("all", [r[2] for r in rows]))
    print(row(f"first {args.window:g} min", first))
    print(row(f"last {args.window:g} min", last))
    print("\n| request | count | median (ms) | p99 (ms) | failed |\n|---|---:|---:|---:|---:|")
    for name in sorted({r[1] for r in rows}):
        mine = [r for r in rows if r[1] == name]
        print(row(name, [r[2] for r in mine], sum(r[3] for r in mine)))

    baseline = next((sizes for at, sizes in memory if at >= args.window), memory[0][1] if memory else {})
    final = memory[-1][1] if memory else {}
    growth = sum(final.values()) - sum(baseline.values())
    print("\nWorkers' resident memory (MB), sampled every 30 s:")
    for at, sizes in memory[:: max(1, len(memory) // 12)] + memory[-1:]:
        print(f"  {at:5.1f} min  " + "  ".join(f"{pid}: {mb:.1f}" for pid, mb in sorted(sizes.items())))
    print(f"  growth from minute {args.window:g} to the end, all workers together: {growth:+.1f} MB")

    reports = after["reports"] - before["reports"]
    grown = (after["size"] - before["size"]) / 2**20
    print(
        f"\nDatabase: {before['size'] / 2**20:.1f} → {after['size'] / 2**20:.1f} MB ({grown:+.1f} MB); written: "
        f"{reports} progress reports, {after['attachments'] - before['attachments']} attachment rows "
        f"({grown * 1024 / max(1, reports):.1f} KB a report with its history, workflow event and index entries)"
    )
    verdicts = {
        "no failed request": not failures,
        f"p99 of the last {args.window:g} min within 20 % of the first": percentile(last, 0.99)
        <= 1.2 * percentile(first, 0.99),
        f"workers' memory growth < {MEMORY_LIMIT_MB:g} MB": growth < MEMORY_LIMIT_MB,
    }
    for label, ok in verdicts.items():
        print(f"{'met' if ok else 'MISSED'}: {label}")
    if failures:
        print("failed requests:", ", ".join(failures))
    sys.exit(0 if all(verdicts.values()) else 1)


if __name__ == "__main__":
    main()
