"""The big screen left running: its browser heap after hours of polling (issue 15 §4: growth under 20 MB).

Serves the demo organization with gunicorn (a SQLite database of its own under ``var/bench/soak``, built
with ``manage.py demo`` when missing), opens ``/screen/<云溪县司法局>/`` in Debian's chromium at 1920×1080 as the
demo leader, and leaves it alone: the page polls its data every 60–70 s and redraws every tile and chart.
Meanwhile the script

- changes a figure the screen shows every ``--churn`` minutes (a 司法所's report of this year is reopened,
  its 调处矛盾纠纷 raised by one, submitted and approved again), so polls bring new numbers;
- cuts the screen's data requests for ``--outage`` minutes halfway through (the "网络中断" path), then
  gives them back;
- every ``--sample`` minutes forces a garbage collection (DevTools ``HeapProfiler.collectGarbage``) and
  records the JS heap in use, the DOM nodes and the event listeners (``Memory.getDOMCounters``) and the
  header's status line.

The verdict compares the heap after the first sample past ``--warmup`` minutes with the last sample: the
issue's bound is 20 MB over two hours. Prints a Markdown table for ``bench/README.md``.

    .venv/bin/python bench/screen_soak.py                       # two hours
    .venv/bin/python bench/screen_soak.py --minutes 10 --sample 1 --churn 2 --outage 2   # a quick look
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, VENV_BIN, Gunicorn, free_port

LIMIT_MB = 20.0
UNIT = "云溪县司法局"
CHURN_SCRIPT = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from qizhi.statistics import services
from qizhi.statistics.models import StatReport
admin = get_user_model().objects.get(username="admin")
report = (StatReport.objects.filter(unit__name="东乡司法所", month__year=timezone.localdate().year,
          status="approved").order_by("month").first())
services.reopen(report, by=admin, reason="大屏长时运行测试")
current = report.values.get(indicator__code="disputes_accepted").value
services.save_values(report, {"disputes_accepted": int(current) + 1}, by=admin)
services.submit(report, by=admin)
services.approve(report, by=admin)
print(report.month, int(current) + 1)
"""


def soak_env() -> dict[str, str]:
    var_dir = ROOT / "var" / "bench" / "soak"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        QIZHI_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'qizhi.sqlite3'}",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DEBUG="false",
        QIZHI_ENV="development",
        SESSION_IDLE_MINUTES="600",  # the screen polls every minute; a long idle limit only spares a re-login
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=120, help="how long the screen runs (default 120)")
    parser.add_argument("--sample", type=float, default=5, help="minutes between heap samples (default 5)")
    parser.add_argument("--warmup", type=float, default=5, help="minutes before the baseline sample (default 5)")
    parser.add_argument("--churn", type=float, default=10, help="minutes between figure changes (default 10)")
    parser.add_argument("--outage", type=float, default=10, help="minutes of cut data requests (default 10)")
    parser.add_argument("--rebuild", action="store_true", help="build the demo database anew")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    env = soak_env()
    database = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    if args.rebuild and database.exists():
        database.unlink()
    if not database.exists():
        print("building the demo organization …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "demo")
    # the last line: ``shell`` may print a banner of its automatic imports first
    unit = manage(env, "shell", "-c", f"from qizhi.org.models import Unit; print(Unit.objects.get(name='{UNIT}').pk)")
    unit = unit.splitlines()[-1]

    port = free_port()
    server = Gunicorn(env, port, 1, ROOT / "var" / "bench" / "soak" / "gunicorn.log")
    server.start()
    base = f"http://127.0.0.1:{port}"
    rows: list[tuple] = []
    started = time.monotonic()
    minutes = lambda: (time.monotonic() - started) / 60  # noqa: E731
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("用户名").fill("leader")
            page.get_by_label("密码").fill("qizhi-demo")
            page.get_by_role("button", name="登录").click()
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/screen/{unit}/")
            devtools = page.context.new_cdp_session(page)
            devtools.send("HeapProfiler.enable")

            def sample(note: str = "") -> None:
                devtools.send("HeapProfiler.collectGarbage")
                heap = devtools.send("Runtime.getHeapUsage")
                counters = devtools.send("Memory.getDOMCounters")
                status = page.locator("#screen-status").inner_text()
                row = (
                    round(minutes(), 1),
                    heap["usedSize"] / 2**20,
                    heap["totalSize"] / 2**20,
                    counters["nodes"],
                    counters["jsEventListeners"],
                    status,
                    note,
                )
                rows.append(row)
                at, used, total, nodes, listeners, status, note = row
                print(
                    f"{at:6.1f} min  heap {used:6.2f} MB (of {total:6.2f})  nodes {nodes:5d}  "
                    f"listeners {listeners:4d}  {status} {note}",
                    flush=True,
                )

            outage_from = args.minutes / 2 - args.outage / 2
            outage_to = outage_from + args.outage
            cut = False
            next_sample, next_churn = args.warmup, args.churn
            sample("loaded")
            while minutes() < args.minutes:
                page.wait_for_timeout(5_000)  # the page's own timers run meanwhile
                now = minutes()
                note = ""
                if not cut and outage_from <= now < outage_to:
                    page.route("**/screen/*/data/**", lambda route: route.abort("internetdisconnected"))
                    cut, note = True, "network cut"
                elif cut and now >= outage_to:
                    page.unroute("**/screen/*/data/**")
                    cut, note = False, "network back"
                if now >= next_churn:
                    changed = manage(env, "shell", "-c", CHURN_SCRIPT).splitlines()[-1]
                    note = (note + " " if note else "") + f"figure changed ({changed})"
                    next_churn += args.churn
                if now >= next_sample:
                    sample(note)
                    next_sample += args.sample
            sample("end")
            browser.close()
    finally:
        server.stop()

    baseline = next((row for row in rows if row[0] >= args.warmup), rows[0])
    last = rows[-1]
    growth = last[1] - baseline[1]
    print()
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M} — {args.minutes:g} min, sample every {args.sample:g} min")
    print("| minute | JS heap used (MB) | heap total (MB) | DOM nodes | listeners | status line | event |")
    print("|---:|---:|---:|---:|---:|---|---|")
    for at, used, total, nodes, listeners, status, note in rows:
        print(f"| {at:.1f} | {used:.2f} | {total:.2f} | {nodes} | {listeners} | {status} | {note} |")
    verdict = "met" if growth < LIMIT_MB else "MISSED"
    print(f"\nheap growth from minute {baseline[0]} to {last[0]}: {growth:+.2f} MB (bound {LIMIT_MB:g} MB): {verdict}")
    sys.exit(0 if growth < LIMIT_MB else 1)


if __name__ == "__main__":
    main()
