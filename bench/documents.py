"""Documents at province scale (issue 15, "Performance"): the 年度工作总结 of a county and of the province,
and the other Word documents of this issue, generated in process on the province data.

For each engine (SQLite file under var/bench/, PostgreSQL database ``qizhi_dbench``): migrate, generate the
province, its statistics and one year's plans (``generate_province``, ``generate_statistics``,
``generate_targets``; kept between runs, ``--regenerate`` rebuilds them), then time, best and median of
``--repeat`` runs each, the figures (the services) and the .docx written from them:

- the year summary of the benchmark county and of the province (targets: under 2 s and under 10 s),
- the 党建工作报告 of a county branch, the county's 目标责任书, the county's and the province's 统计报表;
- with ``--cell-by-cell``, the 目标责任书 again with its table written through python-docx's cell objects (the
  test's reference, ``test_official.per_cell_table``): the engine before it copied rows.

    .venv/bin/python bench/documents.py [--engines sqlite,postgres] [--repeat 3] [--years 2] [--regenerate]
                                        [--cell-by-cell]

``--rows N`` needs no data: it times ``OfficialDocument.table`` alone on N synthetic rows in the 目标责任书's
seven columns (2,430 is the benchmark county's plan), in this process.

    .venv/bin/python bench/documents.py --rows 2430 [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import run  # bench/run.py: the shared helpers

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/qizhi_dbench"
TARGETS = {"year summary (county)": 2.0, "year summary (province)": 10.0}

TIMING_SCRIPT = """
import datetime, statistics, time
from django.utils import timezone
from qizhi.documents.branch_report import branch_report, branch_report_docx
from qizhi.documents.responsibility import letter, letter_docx
from qizhi.documents.statistics_report import month_report, month_report_docx
from qizhi.documents.year_summary import year_summary, year_summary_docx
from qizhi.org.models import Unit
from qizhi.party.choices import PartyOrgKind
from qizhi.party.models import PartyOrg
from qizhi.statistics.services import previous_month
from qizhi.targets.models import Plan, Target

county, root = Unit.objects.get(pk={county}), Unit.objects.get(pk={root})
year = timezone.localdate().year
month = previous_month(timezone.localdate())
branch = PartyOrg.objects.filter(unit__path__startswith=county.path, kind=PartyOrgKind.BRANCH).order_by("path").first()
plan = Plan.objects.filter(unit=county, year=year).first()
cases = [
    ("year summary (county)", lambda: year_summary_docx(year_summary(county, year))),
    ("year summary (province)", lambda: year_summary_docx(year_summary(root, year))),
    ("branch report (county branch)", lambda: branch_report_docx(branch_report(branch, year))),
    ("responsibility letter (county)", lambda: letter_docx(letter(plan, Target.objects.all()))),
    ("statistics report (county)", lambda: month_report_docx(month_report(county, month))),
    ("statistics report (province)", lambda: month_report_docx(month_report(root, month))),
]
if {cell_by_cell}:  # the letter again with the engine's table written cell by cell, as before the copied rows
    from qizhi.documents import official
    from qizhi.documents.tests.test_official import per_cell_table

    def per_cell(self, header, rows, *, widths_mm=None):
        per_cell_table(self, header, rows, widths_mm)
        self._paragraph()

    def slow_letter():
        fast, official.OfficialDocument.table = official.OfficialDocument.table, per_cell
        try:
            return letter_docx(letter(plan, Target.objects.all()))
        finally:
            official.OfficialDocument.table = fast

    cases.append(("responsibility letter (county), cell by cell", slow_letter))
for name, case in cases:
    times, size = [], 0
    for _ in range({repeat}):
        started = time.perf_counter()
        size = len(case())
        times.append(time.perf_counter() - started)
    print(f"CASE {{name}}|{{min(times):.3f}}|{{statistics.median(times):.3f}}|{{size}}", flush=True)
print(f"DATA county={{county.name}} branch={{branch.name}} plan_targets={{Target.objects.filter(plan=plan).count()}}")
"""


def prepare(env: dict[str, str], regenerate: bool, years: int) -> dict[str, str]:
    reset = ["--reset"] if regenerate else []
    ids: dict[str, str] = {}
    for command, extra in (("generate_province", []), ("generate_statistics", ["--years", str(years)]),
                           ("generate_targets", [])):  # fmt: skip
        started = time.monotonic()
        output = run.manage(env, command, *reset, *extra)
        print(f"  {command}: {time.monotonic() - started:.1f} s (with start-up)")
        if match := re.search(r"^BENCH .*$", output, re.MULTILINE):
            ids.update(re.findall(r"(\w+_id)=(\d+)", match.group(0)))
    return ids


def run_engine(engine: str, args) -> list[tuple[str, float, float, int]]:
    print(f"\n== {engine} ==")
    env = run.engine_env(engine, args.pg_url)
    if engine == "postgres":
        run.ensure_postgres_database(args.pg_url)
    run.manage(env, "migrate", "--noinput", "-v", "0")
    ids = prepare(env, args.regenerate, args.years)
    script = TIMING_SCRIPT.format(
        county=ids["county_id"], root=ids["root_id"], repeat=args.repeat, cell_by_cell=args.cell_by_cell
    )
    output = run.manage(env, "shell", "-v", "0", "-c", script)
    print("  " + re.search(r"^DATA .*$", output, re.MULTILINE).group(0))
    return [
        (name, float(best), float(median), int(size))
        for name, best, median, size in re.findall(r"^CASE (.+)\|(\S+)\|(\S+)\|(\d+)$", output, re.MULTILINE)
    ]


def time_table(rows: int, repeat: int) -> None:
    """The 目标责任书's table of ``rows`` synthetic targets, written and saved, best and median of ``repeat``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qizhi.settings")
    import django

    django.setup()  # the letter's module imports the services
    from qizhi.documents.official import OfficialDocument
    from qizhi.documents.responsibility import HEADER, WIDTHS

    row = ["办结率达到95%", "2.5", "12月31日", "石田县司法局", "张三"]
    data = [[f"1.{n}", f"　第{n}项目标任务", *row] for n in range(rows)]
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        document = OfficialDocument()
        document.table(HEADER, data, widths_mm=WIDTHS)
        size = len(document.to_bytes())
        times.append(time.perf_counter() - started)
    print(f"table of {rows} rows: best {min(times):.3f} s, median {statistics.median(times):.3f} s, {size // 1024} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--years", type=int, default=2, help="years of monthly statistics to generate")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--cell-by-cell",
        action="store_true",
        help="also time the 目标责任书 with its table written cell by cell (the engine before)",
    )
    parser.add_argument("--rows", type=int, help="time the table engine alone on this many synthetic rows")
    args = parser.parse_args()
    if args.rows:
        return time_table(args.rows, args.repeat)
    missed = False
    rows = []
    for engine in args.engines.split(","):
        for name, best, median, size in run_engine(engine, args):
            target = TARGETS.get(name)
            verdict = "" if target is None else ("met" if median < target else "MISSED")
            missed |= verdict == "MISSED"
            rows.append(f"| {engine} | {name} | {best:.2f} | {median:.2f} | {size // 1024} | "
                        f"{f'< {target:g} s: {verdict}' if target else '—'} |")  # fmt: skip
    print("\n| engine | document | best (s) | median (s) | .docx (KiB) | target |")
    print("|---|---|---:|---:|---:|---|")
    print("\n".join(rows))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
