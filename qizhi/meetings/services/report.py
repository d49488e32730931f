"""The compliance report of a unit's (or a party organization's) organizations for a period.

One function, ``compliance()``, read by the page, the API, the export, the dashboard and the
reminders: the active rules once, then three grouped queries for any number of organizations (the
organizations; held meetings by organization, kind and month; attendance by organization), never a
query per organization. The arithmetic is ``services.compliance``'s, on plain data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from qizhi.core.scoping import subtree_q
from qizhi.meetings.choices import ATTENDED, Frequency, MeetingStatus
from qizhi.meetings.models import BACKFILLED, Attendance, Meeting
from qizhi.meetings.services.attendance import REPEATED_ABSENCES, repeated_absences
from qizhi.meetings.services.compliance import (
    ComplianceReport,
    OrgCompliance,
    Period,
    Rule,
    assess,
    ruled_kinds,
    rules_for,
)
from qizhi.meetings.services.rules import active_rules
from qizhi.org.models import Unit
from qizhi.party.models import PartyOrg


def ruled_orgs(
    *, unit: Unit | None = None, party_org: PartyOrg | None = None, rules: Sequence[Rule] | None = None
) -> QuerySet[PartyOrg]:
    """The organizations of a unit's subtree (or of a party organization's) that the rules apply to."""
    orgs = PartyOrg.objects.filter(kind__in=ruled_kinds(active_rules() if rules is None else rules))
    if party_org is not None:
        return orgs.filter(subtree_q("path", party_org.path))
    return orgs.filter(subtree_q("unit__path", unit.path))


def held_counts(ids: list[int], period: Period) -> tuple[dict, dict, dict[int, int]]:
    """Held meetings of the organizations ``ids`` in ``period`` by (organization, kind, month): all of
    them, those entered after the fact (补录), and the total per organization — one grouped query."""
    counts: dict[tuple[int, str, int], int] = {}
    late: dict[tuple[int, str, int], int] = {}
    per_org: dict[int, int] = defaultdict(int)
    rows = (
        Meeting.objects.filter(
            party_org__in=ids, status=MeetingStatus.HELD, date__gte=period.start, date__lte=period.end
        )
        .annotate(month=ExtractMonth("date"))
        .values("party_org_id", "kind", "month")
        .annotate(n=Count("pk"), backfilled=Count("pk", filter=BACKFILLED))
        .order_by()
    )
    for row in rows:
        counts[(row["party_org_id"], row["kind"], row["month"])] = row["n"]
        late[(row["party_org_id"], row["kind"], row["month"])] = row["backfilled"]
        per_org[row["party_org_id"]] += row["n"]
    return counts, late, per_org


def compliance(
    *,
    unit: Unit | None = None,
    party_org: PartyOrg | None = None,
    period: Period,
    today: datetime.date | None = None,
    absences_in_a_row: int = REPEATED_ABSENCES,
) -> ComplianceReport:
    """What each organization owed in ``period``, what it held and missed, and its attendance rate."""
    today = today or timezone.localdate()
    rules = active_rules()
    orgs = list(ruled_orgs(unit=unit, party_org=party_org, rules=rules).order_by("path"))
    ids = [org.pk for org in orgs]
    counts, late, per_org = held_counts(ids, period)
    # Attendance is filtered through its meeting's columns (one join), not ``meeting__in`` a
    # subquery, which PostgreSQL answers by scanning every meeting (bench/README.md).
    rows_of_held = Attendance.objects.filter(
        meeting__party_org__in=ids,
        meeting__status=MeetingStatus.HELD,
        meeting__date__gte=period.start,
        meeting__date__lte=period.end,
    )
    attendance = {
        row["meeting__party_org_id"]: row
        for row in rows_of_held.values("meeting__party_org_id")
        .annotate(expected=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
        .order_by()
    }
    report = ComplianceReport(period=period, today=today, orgs=[], heat={}, absentees=[], rules=rules)
    within = {frequency: period.periods(frequency) for frequency in Frequency.values}  # shared by every org
    for org in orgs:
        entry = OrgCompliance(org=org, meetings_held=per_org[org.pk])
        if org.pk in attendance:
            entry.expected = attendance[org.pk]["expected"]
            entry.attended = attendance[org.pk]["attended"]
        assess(report, entry, rules_for(org.kind, rules), counts, late, within)
        report.orgs.append(entry)
    report.absentees = repeated_absences(rows_of_held, in_a_row=absences_in_a_row)
    return report
