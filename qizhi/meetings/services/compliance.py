"""Compliance as pure functions of data: the rules, the periods, what one organization owed and held.

Nothing here reads the database or builds HTML: ``services.report.compliance`` runs the grouped queries
and hands their counts to ``assess``; pages draw the items with the ``compliance`` template tags and
the API shapes them in ``meetings/api.py``.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from qizhi.meetings.choices import Frequency, MeetingKind
from qizhi.party.choices import PartyOrgKind

if TYPE_CHECKING:
    from qizhi.org.models import Person
    from qizhi.party.models import PartyOrg


# --- Rules ---------------------------------------------------------------------------------------


@functools.cache
def _translated(choices: type, value: str, language: str | None) -> str:
    return str(choices(value).label)


def translated(choices: type, value: str) -> str:
    """A choice's label in the active language, translated once (a city's year labels thousands of items)."""
    return _translated(choices, value, get_language())


@dataclass(frozen=True)
class Rule:
    """A kind of meeting an organization of ``org_kinds`` must hold at least ``minimum`` times per
    ``frequency`` (a ``ComplianceRule`` row as the computation reads it)."""

    kind: str
    frequency: str
    org_kinds: tuple[str, ...]
    minimum: int = 1

    @property
    def label(self) -> str:
        return translated(MeetingKind, self.kind)

    @property
    def frequency_label(self) -> str:
        return translated(Frequency, self.frequency)

    @property
    def org_kinds_label(self) -> str:
        return "、".join(translated(PartyOrgKind, kind) for kind in PartyOrgKind.values if kind in self.org_kinds)


def rules_for(org_kind: str, rules: Iterable[Rule]) -> list[Rule]:
    return [rule for rule in rules if org_kind in rule.org_kinds]


def ruled_kinds(rules: Iterable[Rule]) -> tuple[str, ...]:
    """The kinds of organization any of ``rules`` applies to."""
    return tuple(sorted({kind for rule in rules for kind in rule.org_kinds}))


# --- Periods -------------------------------------------------------------------------------------

PERIODS_PER_YEAR = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.HALF_YEARLY: 2, Frequency.YEARLY: 1}
MONTHS_PER_PERIOD = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}


@dataclass(frozen=True)
class Period:
    """A month, a quarter, a half-year or a year: ``key`` is ``2026-05``, ``2026-Q2``, ``2026-H1`` or
    ``2026``. Its dates and label are computed once (a city's year reads them for thousands of items)."""

    frequency: str
    year: int
    index: int  # month 1–12, quarter 1–4, half 1–2, or 1 for the year

    @property
    def first_month(self) -> int:
        return MONTHS_PER_PERIOD[self.frequency] * (self.index - 1) + 1

    @property
    def last_month(self) -> int:
        return MONTHS_PER_PERIOD[self.frequency] * self.index

    @cached_property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.first_month, 1)

    @cached_property
    def end(self) -> datetime.date:
        return datetime.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @cached_property
    def months(self) -> range:
        return range(self.first_month, self.last_month + 1)

    @cached_property
    def key(self) -> str:
        if self.frequency == Frequency.MONTHLY:
            return f"{self.year}-{self.index:02d}"
        if self.frequency == Frequency.QUARTERLY:
            return f"{self.year}-Q{self.index}"
        if self.frequency == Frequency.HALF_YEARLY:
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @cached_property
    def label(self) -> str:
        if self.frequency == Frequency.MONTHLY:
            return _("{year}年{month}月").format(year=self.year, month=self.index)
        if self.frequency == Frequency.QUARTERLY:
            return _("{year}年第{quarter}季度").format(year=self.year, quarter=self.index)
        if self.frequency == Frequency.HALF_YEARLY:
            half = _("上半年") if self.index == 1 else _("下半年")
            return _("{year}年{half}").format(year=self.year, half=half)
        return _("{year}年").format(year=self.year)

    def within(self, other: Period) -> bool:
        return other.start <= self.start and self.end <= other.end

    def periods(self, frequency: str) -> list[Period]:
        """The periods of ``frequency`` that lie within this one."""
        candidates = (Period(frequency, self.year, i) for i in range(1, PERIODS_PER_YEAR[frequency] + 1))
        return [p for p in candidates if p.within(self)]


PERIOD_KEY = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$")


def parse_period(text: str, *, field_name: str = "period") -> Period:
    """``2026``, ``2026-Q2`` or ``2026-05``, or a ValidationError naming the field."""
    match = PERIOD_KEY.match((text or "").strip())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError(
            {field_name: _("期间“{text}”无效，应为年份（2026）、季度（2026-Q2）或月份（2026-05）").format(text=text)}
        )
    year = int(match.group(1))
    if match.group(2):
        return Period(Frequency.QUARTERLY, year, int(match.group(2)))
    if match.group(3):
        return Period(Frequency.MONTHLY, year, int(match.group(3)))
    return Period(Frequency.YEARLY, year, 1)


# --- One rule, one organization, one period ------------------------------------------------------

HELD, MISSING, OPEN, NOT_DUE = "held", "missing", "open", "not_due"
STATE_LABELS = {
    HELD: gettext_lazy("已召开"),
    MISSING: gettext_lazy("未召开"),
    OPEN: gettext_lazy("本期进行中"),
    NOT_DUE: gettext_lazy("不作要求"),
}


@functools.cache
def _state_label(state: str, language: str | None) -> str:
    return str(STATE_LABELS[state])


def item_state(
    held: int, period: Period, established: datetime.date | None, today: datetime.date, minimum: int = 1
) -> str:
    """Held counts whenever it happened; otherwise a period is owed once it has ended, if the
    organization existed on its first day (a branch founded mid-period owes from the next one)."""
    if held >= minimum:
        return HELD
    if established is not None and established > period.start:
        return NOT_DUE
    if period.start > today:
        return NOT_DUE
    if period.end >= today:
        return OPEN
    return MISSING


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Item:
    """One rule for one organization in one period: held, missing, still open, or not due."""

    rule: Rule
    period: Period
    held: int
    state: str
    backfilled: int = 0  # of ``held``: entered after the fact, with no notice before the day (补录)

    @property
    def state_label(self) -> str:
        return _state_label(self.state, get_language())


@dataclass
class OrgCompliance:
    org: PartyOrg
    items: list[Item] = field(default_factory=list)
    meetings_held: int = 0
    expected: int = 0  # attendance rows of its held meetings
    attended: int = 0  # present or late

    @property
    def due(self) -> int:
        return sum(item.state in (HELD, MISSING) for item in self.items)

    @property
    def held(self) -> int:
        return sum(item.state == HELD for item in self.items)

    @property
    def backfilled(self) -> int:
        """Periods counted as held only through meetings entered after the fact (补录)."""
        return sum(item.state == HELD and item.backfilled == item.held for item in self.items)

    @property
    def missing(self) -> int:
        return sum(item.state == MISSING for item in self.items)

    @property
    def missing_items(self) -> list[Item]:
        return [item for item in self.items if item.state == MISSING]

    @property
    def compliance_rate(self) -> float | None:
        return percent(self.held, self.due)

    @property
    def attendance_rate(self) -> float | None:
        return percent(self.attended, self.expected)


@dataclass
class Absentee:
    person: Person
    run: int  # longest run of unexcused absences in a row
    last_date: datetime.date


@dataclass
class ComplianceReport:
    period: Period
    today: datetime.date
    orgs: list[OrgCompliance]
    heat: dict[tuple[int, int], tuple[int, int]]  # (org id, month) → (held, due) of periods ending that month
    absentees: list[Absentee]
    rules: list[Rule] = field(default_factory=list)  # the rules it was computed under

    @property
    def due(self) -> int:
        return sum(o.due for o in self.orgs)

    @property
    def held(self) -> int:
        return sum(o.held for o in self.orgs)

    @property
    def missing(self) -> int:
        return sum(o.missing for o in self.orgs)

    @property
    def backfilled(self) -> int:
        return sum(o.backfilled for o in self.orgs)

    @property
    def compliance_rate(self) -> float | None:
        return percent(self.held, self.due)

    @property
    def attendance_rate(self) -> float | None:
        return percent(sum(o.attended for o in self.orgs), sum(o.expected for o in self.orgs))

    def heat_rate(self, org_id: int, month: int) -> float | None:
        held, due = self.heat.get((org_id, month), (0, 0))
        return percent(held, due)


Counts = dict[tuple[int, str, int], int]  # (organization id, meeting kind, month) → meetings


def assess(
    report: ComplianceReport,
    entry: OrgCompliance,
    rules: Sequence[Rule],
    counts: Counts,
    backfilled: Counts,
    within: dict[str, list[Period]],
) -> None:
    """Add ``entry``'s items under ``rules`` (the periods of each frequency ``within`` the report's) and
    count the owed ones into the report's heat map by the month their period ends."""
    org = entry.org
    for rule in rules:
        for sub in within[rule.frequency]:
            held = sum(counts.get((org.pk, rule.kind, month), 0) for month in sub.months)
            late = sum(backfilled.get((org.pk, rule.kind, month), 0) for month in sub.months)
            state = item_state(held, sub, org.established_on, report.today, rule.minimum)
            item = Item(rule, sub, held, state, late)
            entry.items.append(item)
            if state in (HELD, MISSING):
                done, due = report.heat.get((org.pk, sub.last_month), (0, 0))
                report.heat[(org.pk, sub.last_month)] = (done + (state == HELD), due + 1)
