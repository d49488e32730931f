"""What falls due: per organization, the periods ending soon with nothing held, the periods already
missed, and the meetings planned in the window — read from the one compliance report."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from qizhi.meetings.choices import Frequency, MeetingStatus
from qizhi.meetings.models import Meeting
from qizhi.meetings.services.compliance import OPEN, Item, Period
from qizhi.meetings.services.report import compliance
from qizhi.org.models import Unit
from qizhi.party.models import PartyOrg


@dataclass
class Reminder:
    org: PartyOrg
    due_soon: list[Item]
    overdue: list[Item]
    planned: list[Meeting]


def reminders(*, unit: Unit, today: datetime.date | None = None, days: int = 7) -> list[Reminder]:
    """Per organization: periods ending within ``days`` with no meeting held yet, periods of this
    year already missed, and planned meetings in the window — from the one compliance function."""
    today = today or timezone.localdate()
    report = compliance(unit=unit, period=Period(Frequency.YEARLY, today.year, 1), today=today)
    horizon = today + datetime.timedelta(days=days)
    planned = defaultdict(list)
    upcoming = Meeting.objects.filter(
        party_org__in=[o.org.pk for o in report.orgs],
        status=MeetingStatus.PLANNED,
        date__gte=today,
        date__lte=horizon,
    ).order_by("date")
    for meeting in upcoming:
        planned[meeting.party_org_id].append(meeting)
    result = []
    for entry in report.orgs:
        soon = [i for i in entry.items if i.state == OPEN and i.period.end <= horizon]
        if soon or entry.missing_items or planned[entry.org.pk]:
            result.append(Reminder(entry.org, soon, entry.missing_items, planned[entry.org.pk]))
    return result
