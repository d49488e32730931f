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

from django.db import connections
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from qizhi.core.scoping import subtree_q
from qizhi.meetings.choices import Frequency, MeetingStatus
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

READS = ("meetings", "party", "org")  # the apps whose tables ``compliance()`` reads: its page is cached on theirs


def ruled_orgs(
    *, unit: Unit | None = None, party_org: PartyOrg | None = None, rules: Sequence[Rule] | None = None
) -> QuerySet[PartyOrg]:
    """The organizations of a unit's subtree (or of a party organization's) that the rules apply to."""
    orgs = PartyOrg.objects.filter(kind__in=ruled_kinds(active_rules() if rules is None else rules))
    if party_org is not None:
        return orgs.filter(subtree_q("path", party_org.path))
    return orgs.filter(subtree_q("unit__path", unit.path))


def held_counts(ids: list[int], period: Period) -> tuple[dict, dict, dict[int, list[int]]]:
    """Held meetings of the organizations ``ids`` in ``period`` by (organization, kind, month): all of
    them and those entered after the fact (补录); and per organization, [meetings, people expected,
    people attended] (the meetings' kept counts) — one grouped query."""
    counts: dict[tuple[int, str, int], int] = {}
    late: dict[tuple[int, str, int], int] = {}
    per_org: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    if not ids:  # no statement to run: Django compiles "IN ()" to nothing (EmptyResultSet)
        return counts, late, per_org
    rows = (
        Meeting.objects.filter(
            party_org__in=ids, status=MeetingStatus.HELD, date__gte=period.start, date__lte=period.end
        )
        .annotate(month=ExtractMonth("date"))
        .values("party_org_id", "kind", "month")
        .annotate(
            n=Count("pk"),
            backfilled=Count("pk", filter=BACKFILLED),
            expected=Sum("expected_count"),
            attended=Sum("attended_count"),
        )
        .order_by()
        .values_list("party_org_id", "kind", "month", "n", "backfilled", "expected", "attended")
    )
    # Every column is an integer or text as the driver returns it: read through the cursor, without the
    # ORM's per-value int() converters, which were a third of this function on a city's 5,777 groups.
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for org_id, kind, month, n, backfilled, expected, attended in rows:
        counts[(org_id, kind, month)] = n
        late[(org_id, kind, month)] = backfilled
        totals = per_org[org_id]
        totals[0] += n
        totals[1] += expected
        totals[2] += attended
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
    # The absences read the attendance rows' copies of their meeting's organization, date and state:
    # the partial indexes of held meetings' rows, no join (bench/README.md).
    rows_of_held = Attendance.objects.filter(held=True, party_org__in=ids, date__gte=period.start, date__lte=period.end)
    report = ComplianceReport(period=period, today=today, orgs=[], heat={}, absentees=[], rules=rules)
    within = {frequency: period.periods(frequency) for frequency in Frequency.values}  # shared by every org
    for org in orgs:
        entry = OrgCompliance(org=org)
        entry.meetings_held, entry.expected, entry.attended = per_org.get(org.pk, (0, 0, 0))
        assess(report, entry, rules_for(org.kind, rules), counts, late, within)
        report.orgs.append(entry)
    report.absentees = repeated_absences(rows_of_held, in_a_row=absences_in_a_row)
    return report
