"""Years of approved monthly reports for the generated province (``generate_province``), for benchmarks.

The database writes the rows itself: one ``INSERT … SELECT`` of reports per year (every reporting unit ×
twelve months) and one of values (each report × the indicators its unit's kind reports), with the values
drawn from a hash of the report and the indicator — deterministic for a seed, the same on SQLite and
PostgreSQL, and inside the catalog's rules: counts are whole, decimals have two places, none is negative,
and a value bounded by another (调处成功 ≤ 调处矛盾纠纷) is a share of that other value in the same report.
Then the summary ``StatTotal`` is recounted and the planner's statistics refreshed.

The catalog reports about six figures per 司法所; the issue's scale (~30 indicators) is reached with
synthetic 普法 indicators (codes ``gen_…``) reported by 司法所. Like the province itself, the rows carry no
history and no workflow events.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from qizhi.core.scoping import next_prefix, subtree_q
from qizhi.org.models import Unit
from qizhi.statistics import catalog, services
from qizhi.statistics.choices import BusinessLine
from qizhi.statistics.models import Indicator

EXTRA_PREFIX = "gen_"
EXTRA_NAMES = (
    "普法讲座", "法治宣传活动", "发放宣传资料", "法律咨询", "法治文艺演出", "以案释法", "法治培训",
    "民主法治示范村创建", "法律明白人培训", "学法用法考试", "普法志愿服务", "法治宣传栏更新",
)  # fmt: skip
MODULUS = 1_000_003  # a prime: the hash below spreads report × indicator over it
REPORT = "statistics_statreport"
VALUE = "statistics_statvalue"


@dataclass(frozen=True)
class StatisticsSize:
    years: int = 10
    extra_indicators: int = 24  # synthetic 普法 indicators reported by 司法所, on top of the catalog's
    seed: int = 2026


@dataclass(frozen=True)
class GeneratedStatistics:
    reports: int
    values: int
    totals: int
    first: datetime.date
    last: datetime.date


def months_until(last: datetime.date, count: int) -> list[datetime.date]:
    """``count`` first-of-month dates ending with ``last``'s month, oldest first."""
    months = [services.first_of_month(last)]
    while len(months) < count:
        months.append(services.previous_month(months[-1]))
    return months[::-1]


def extra_indicators(count: int) -> list[Indicator]:
    """The synthetic indicators ``gen_01``… (created once, reused afterwards)."""
    made = []
    for n in range(1, count + 1):
        name = EXTRA_NAMES[(n - 1) % len(EXTRA_NAMES)] + ("" if n <= len(EXTRA_NAMES) else f"（{n}）")
        indicator, _ = Indicator.objects.get_or_create(
            code=f"{EXTRA_PREFIX}{n:02d}",
            defaults={
                "name": name,
                "unit_of_measure": "次",
                "line": BusinessLine.PUBLICITY,
                "reporting_kinds": ["judicial_office"],
                "position": 100 + n,
            },
        )
        made.append(indicator)
    return made


def rules() -> list[tuple]:
    """One row per (unit kind, reported indicator): how its value is drawn. Columns: kind, indicator, scale
    (100 for a decimal indicator), base, the indicator bounding it (or 0; a count) and that one's base."""
    indicators = list(Indicator.objects.filter(active=True, numerator__isnull=True).select_related("at_most"))
    rows = []
    for indicator in indicators:
        base = 5 + (indicator.pk * 37) % 60  # each indicator its own size
        limit = indicator.at_most
        for kind in indicator.reporting_kinds:
            rows.append(
                (kind, indicator.pk, 1 if indicator.integer else 100, base,
                 limit.pk if limit else 0, 5 + (limit.pk * 37) % 60 if limit else 0)
            )  # fmt: skip
    return rows


def draw(indicator: str, base: str, scale: str, seed: int) -> str:
    """A value in [base, 2 × base] (in 1/scale steps) from the report and the indicator: SQL, both engines."""
    # In 64 bits: PostgreSQL types a parameter by its size (an id of 20,970 is a smallint), and a smallint times
    # 104,729 overflows the 32-bit integer once the id passes 20,505. %%: the query has parameters.
    hashed = f"((r.id * 7919 + CAST({indicator} AS BIGINT) * 104729 + {seed}) %% {MODULUS})"
    return f"({base} * {scale} + {hashed} %% ({base} * {scale} + 1))"


def value_sql(seed: int) -> str:
    own = draw("rules.indicator_id", "rules.base", "rules.scale", seed)
    bounded = draw("rules.limit_id", "rules.limit_base", "1", seed)  # the bounding value, drawn the same way
    # A bounded value is 85–99 % of its bound, rounded down: never above it.
    return f"CASE WHEN rules.limit_id > 0 THEN ({bounded} * (85 + r.id %% 15)) / 100 ELSE {own} * 1.0 / rules.scale END"


def generate(root: Unit, size: StatisticsSize, *, last: datetime.date | None = None) -> GeneratedStatistics:
    """Approved reports of every reporting unit under ``root`` for ``size.years`` years ending last month."""
    catalog.ensure()
    extra_indicators(size.extra_indicators)
    table = rules()
    kinds = sorted({row[0] for row in table})
    last = last or services.previous_month(timezone.localdate())
    months = months_until(last, 12 * size.years)
    rules_cte = "rules(kind, indicator_id, scale, base, limit_id, limit_base) AS (VALUES {})".format(
        ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(table))
    )
    units = "u.path >= %s AND u.path < %s AND u.kind IN ({})".format(", ".join(["%s"] * len(kinds)))
    subtree = [root.path, next_prefix(root.path), *kinds]
    now = timezone.now()
    reports = values = 0
    with connection.cursor() as cursor:
        for start in range(0, len(months), 12):
            chunk = months[start : start + 12]
            with transaction.atomic():
                cursor.execute(
                    # INSERT first, then WITH: Python's sqlite3 counts rows only for statements that begin so.
                    f"INSERT INTO {REPORT} (unit_id, month, status, preparer, reviewer, created_at, updated_at, "
                    "version) WITH months(month) AS (VALUES {}) ".format(", ".join(["(%s)"] * len(chunk)))
                    + "SELECT u.id, months.month, 'approved', '', '', %s, %s, 1 "
                    f"FROM {Unit._meta.db_table} u, months WHERE {units} ORDER BY u.id, months.month",
                    [*chunk, now, now, *subtree],
                )
                reports += cursor.rowcount
                cursor.execute(
                    f"INSERT INTO {VALUE} (report_id, indicator_id, unit_id, month, approved, value) WITH {rules_cte} "
                    f"SELECT r.id, rules.indicator_id, r.unit_id, r.month, TRUE, {value_sql(size.seed)} "
                    f"FROM {REPORT} r JOIN {Unit._meta.db_table} u ON u.id = r.unit_id "
                    f"JOIN rules ON rules.kind = u.kind WHERE r.month >= %s AND r.month <= %s AND {units} "
                    "ORDER BY r.id, rules.indicator_id",
                    [*(cell for row in table for cell in row), chunk[0], chunk[-1], *subtree],
                )
                values += cursor.rowcount
    analyze()  # first: without statistics on the fresh rows the planner joins them badly in the recount
    with transaction.atomic():
        totals = services.rebuild_totals()
    analyze()
    return GeneratedStatistics(reports=reports, values=values, totals=totals, first=months[0], last=months[-1])


def exists(root: Unit) -> bool:
    return services.StatReport.objects.filter(subtree_q("unit__path", root.path)).exists()


def delete(root: Unit) -> int:
    """Delete every report and value under ``root`` (plain SQL: millions of rows, no history to keep), the
    synthetic indicators, and recount the summary. Returns the reports deleted."""
    subtree = f"SELECT id FROM {Unit._meta.db_table} WHERE path >= %s AND path < %s"
    bounds = [root.path, next_prefix(root.path)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {VALUE} WHERE unit_id IN ({subtree})", bounds)
        cursor.execute(f"DELETE FROM {REPORT} WHERE unit_id IN ({subtree})", bounds)
        deleted = cursor.rowcount
        unused = Indicator.objects.filter(code__startswith=EXTRA_PREFIX, values__isnull=True)
        Indicator.objects.filter(pk__in=list(unused.values_list("pk", flat=True))).delete()
        services.rebuild_totals()
    return deleted


def analyze() -> None:
    """Fresh planner statistics; on PostgreSQL also the visibility map, so roll-ups scan the indexes only."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (ANALYZE) {REPORT}, {VALUE}, statistics_stattotal")
        else:
            cursor.execute("ANALYZE")
