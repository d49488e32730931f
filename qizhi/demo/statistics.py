"""The demo's monthly statistics: seed 000's year (its figures, to the unit) and the year before.

Every report goes through the real workflow (entered, submitted, approved), so the roll-up, the
year-over-year column and the paragraph read exactly what a bureau would have entered.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from qizhi.org.models import Unit
from qizhi.statistics import catalog, services

# Seed 000's year, by indicator: {unit name (or None for the bureau itself): share of the total}.
SEED_YEAR = {
    "notarizations": (1855, {"公证处": 1}),
    "lawyer_cases": (944, {"聚鑫律师事务所": 600, "恒河法律事务所": 344}),
    "criminal_defences": (109, {"聚鑫律师事务所": 1}),
    "documents_drafted": (
        890,
        {"恒河法律事务所": 400, "东乡司法所": 150, "土主司法所": 120, "城关司法所": 130, "石门司法所": 90},
    ),
    "adviser_contracts": (530, {"聚鑫律师事务所": 330, "恒河法律事务所": 200}),
    "forensic_appraisals": (72, {None: 1}),
    "legal_aid_cases": (589, {"法律援助中心": 1}),
    "disputes_accepted": (7425, {"东乡司法所": 3, "土主司法所": 2, "城关司法所": 3, "石门司法所": 2}),
    "released_resettled": (317, {"东乡司法所": 3, "土主司法所": 2, "城关司法所": 3, "石门司法所": 2}),
    "losses_avoided": (2086, {"东乡司法所": 3, "土主司法所": 2, "城关司法所": 3, "石门司法所": 2}),
}
SUCCEEDED = 7221  # of 7425 disputes: 97.3 %
UNDER_CORRECTION = {"东乡司法所": 34, "土主司法所": 22, "城关司法所": 31, "石门司法所": 22}  # 109 at the year's end
PREVIOUS_YEAR_SHARE = Decimal("0.9")  # the year before: about a tenth less of everything


def split(total: int, weights: list[int]) -> list[int]:
    """``total`` in whole parts proportional to ``weights`` (largest remainders), summing exactly."""
    whole = sum(weights)
    exact = [Decimal(total) * w / whole for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def bounded_split(total: int, ceilings: list[int]) -> list[int]:
    """``total`` spread like ``ceilings`` without any part exceeding its ceiling (succeeded ≤ accepted)."""
    parts = [c * total // sum(ceilings) for c in ceilings]
    i = 0
    while sum(parts) < total:
        if parts[i % len(parts)] < ceilings[i % len(parts)]:
            parts[i % len(parts)] += 1
        i += 1
    return parts


MONTH_WEIGHTS = [7, 6, 8, 8, 9, 9, 8, 8, 9, 9, 9, 10]  # quieter around the Spring Festival


def year_values(scale: Decimal) -> dict[tuple[str | None, int], dict[str, int]]:
    """(unit name, month) → {code: value} for a whole year, each indicator summing to its total × scale."""
    cells: dict[tuple[str | None, int], dict[str, int]] = {}
    accepted: dict[tuple[str | None, int], int] = {}
    for code, (total, shares) in SEED_YEAR.items():
        names = list(shares)
        for name, unit_total in zip(names, split(int(total * scale), [shares[n] for n in names]), strict=True):
            for month, value in enumerate(split(unit_total, MONTH_WEIGHTS), start=1):
                cells.setdefault((name, month), {})[code] = value
                if code == "disputes_accepted":
                    accepted[(name, month)] = value
    keys = sorted(accepted, key=lambda k: (str(k[0]), k[1]))
    for key, value in zip(keys, bounded_split(int(SUCCEEDED * scale), [accepted[k] for k in keys]), strict=True):
        cells[key]["disputes_succeeded"] = value
    for name, stock in UNDER_CORRECTION.items():
        for month in range(1, 13):
            cells[(name, month)]["under_correction"] = int((stock + (12 - month) % 4) * scale)
    return cells


THIS_YEAR_SHARE = Decimal("1.05")  # the current year runs about a twentieth above the seed's
NOT_YET_REPORTED = ("石门司法所", "恒河法律事务所")  # last month, as a bureau looks a week into the next


def build_statistics(bureau: Unit, year: int, *, reporter, reviewer, last_month: datetime.date | None = None) -> int:
    """Approved monthly reports of ``bureau``'s units for ``year`` (the seed's figures) and ``year - 1``; with
    ``last_month`` (in ``year + 1``), the current year too: approved up to the month before it, and that month
    as it stands a week later: submitted and waiting for approval, two units not yet reported."""
    catalog.ensure()
    units = {unit.name: unit for unit in Unit.objects.filter(path__startswith=bureau.path)}
    units[None] = bureau
    years = [(year - 1, PREVIOUS_YEAR_SHARE, 12), (year, Decimal(1), 12)]
    if last_month is not None and last_month.year == year + 1:
        years.append((year + 1, THIS_YEAR_SHARE, last_month.month))
    reports = 0
    for the_year, scale, through in years:
        for (name, month), values in sorted(year_values(scale).items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
            latest = (the_year, month) == (year + 1, through)
            if month > through or (latest and name in NOT_YET_REPORTED):
                continue
            report = services.open_report(units[name], datetime.date(the_year, month, 1), by=reporter)
            services.save_values(report, values, by=reporter)
            services.submit(report, by=reporter)
            if not latest:
                services.approve(report, by=reviewer)
            reports += 1
    return reports
