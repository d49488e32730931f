"""The big screen (大屏) of a unit: the cockpit's tiles and five charts, as one JSON document.

Every number is read from the service its own page reads — the tiles are the cockpit's
(``services.leader_tiles``), the charts come from ``targets.ranking_with_own`` / ``light_counts``,
``meetings.compliance``, ``statistics.monthly_series``, ``party.figures`` and ``dues.ledger`` — and is
only reshaped here for the browser, never recomputed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.core import generations
from qizhi.dashboard import services
from qizhi.dues import services as dues
from qizhi.meetings import services as meetings
from qizhi.meetings.choices import Frequency
from qizhi.org.models import Unit
from qizhi.party import services as party
from qizhi.party.choices import PartyOrgKind
from qizhi.statistics import services as statistics
from qizhi.targets import services as targets

RANKED_SHOWN = 12  # bars of the ranking chart: a screen read from across a room
ORGS_SHOWN = 12
BRANCHES_SHOWN = 10


def _plain(value):
    """A figure as JSON carries it: Decimals as numbers (2 places at most), text as text."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def tiles(user, unit: Unit, today: datetime.date) -> list[dict]:
    return [
        {
            "key": tile.key,
            "title": str(tile.title),
            "note": str(tile.note),
            "figures": [
                {"label": str(f.label), "value": _plain(f.value), "alert": "danger" in f.css or "warning" in f.css}
                for f in tile.figures
            ],
        }
        for tile in services.leader_tiles(user, unit, today)
    ]


def ranking_chart(unit: Unit, today: datetime.date) -> dict:
    """The children's 综合得分, the best first, across kinds (each bar named with its rank in its kind)."""
    _own, groups = targets.ranking_with_own(unit, today.year, today)
    rows = sorted(
        ((s.total, s.unit.name, kind, s.rank) for kind, scores in groups.items() for s in scores),
        key=lambda row: -row[0],
    )[:RANKED_SHOWN]
    return {"names": [r[1] for r in rows], "scores": [float(r[0]) for r in rows], "kinds": [r[2] for r in rows],
            "ranks": [r[3] for r in rows]}  # fmt: skip


def lights_chart(unit: Unit, year: int, today: datetime.date) -> list[dict]:
    """Green, yellow and red targets of ``year`` in the unit's subtree as of ``today`` (the year summary's
    chart draws the same list)."""
    return lights_slices(targets.light_counts([unit], year, today)[unit.pk])


def lights_slices(lights: dict[str, int]) -> list[dict]:
    """A unit's light counts (``targets.light_counts``) as the chart's slices, green first."""
    return [
        {"name": _("绿灯"), "value": lights["green"], "color": "#2fbf71"},
        {"name": _("黄灯"), "value": lights["yellow"], "color": "#f5c542"},
        {"name": _("红灯"), "value": lights["red"], "color": "#e5484d"},
    ]


def meetings_chart(unit: Unit, today: datetime.date) -> dict:
    """三会一课 of the year so far, per organization: held against due."""
    report = meetings.compliance(unit=unit, period=meetings.Period(Frequency.YEARLY, today.year, 1), today=today)
    orgs = [o for o in report.orgs if o.due][:ORGS_SHOWN]
    return {
        "names": [o.org.name for o in orgs],
        "held": [o.held for o in orgs],
        "missing": [o.missing for o in orgs],
        "rate": report.compliance_rate,
    }


def statistics_chart(unit: Unit, year: int) -> dict:
    """The first headline indicator of ``year`` (the first indicator, not a ratio, with a value), month by month,
    that year and the one before (the screen shows the last whole year; the year summary draws its own)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    headline = [f for f in statistics.rollup(unit, start, end) if f.value and not f.indicator.is_ratio]
    if not headline:
        return {"indicator": "", "months": [], "this_year": [], "last_year": [], "year": year}
    indicator = headline[0].indicator
    series = statistics.monthly_series(unit, year, indicator)
    return {"indicator": indicator.name, "unit": indicator.unit_of_measure, "year": year, **series}


def party_chart(unit: Unit, today: datetime.date) -> dict:
    figures = party.figures(unit=unit, today=today)
    return {
        "by_age": [{"name": str(row["band"]), "value": row["members"]} for row in figures["by_age"]],
        "members": figures["members"],
        "probationary": figures["probationary_members"],
    }


def dues_chart(unit: Unit, today: datetime.date) -> dict:
    """This month's 党费 per branch, as each branch's ledger totals it: due and received."""
    month = dues.month_of(today)
    branches = party.orgs_in(unit=unit).filter(kind=PartyOrgKind.BRANCH).order_by("path")[:BRANCHES_SHOWN]
    totals = [(branch.name, dues.ledger(branch, month).totals) for branch in branches]
    return {
        "month": f"{month.month}月",
        "names": [name for name, _t in totals],
        "due": [float(t["due"]) for _n, t in totals],
        "received": [float(t["received"]) for _n, t in totals],
    }


def screen_data(user, unit: Unit, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    now = timezone.localtime()
    return {
        "unit": unit.name,
        "date": f"{today.year}年{today.month}月{today.day}日",
        "day": today.isoformat(),
        "updated": f"{now:%H:%M}",
        "tiles": tiles(user, unit, today),
        "charts": charts(unit, today),
    }


def charts(unit: Unit, today: datetime.date) -> dict:
    """The six charts, which depend on the unit alone: cached until the next committed write, since
    every screen of the unit polls them every minute (``core.generations``)."""
    return generations.cached(
        ("dashboard.screen-charts", unit.pk, today.isoformat()),
        lambda: {
            "ranking": ranking_chart(unit, today),
            "lights": lights_chart(unit, today.year, today),
            "meetings": meetings_chart(unit, today),
            "statistics": statistics_chart(unit, today.year - 1),
            "party": party_chart(unit, today),
            "dues": dues_chart(unit, today),
        },
    )
