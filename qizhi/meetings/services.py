"""The rules of organizational life: who is expected at a meeting, holding it, and compliance.

Compliance is one function, ``compliance()``, read by the page, the API, the export and the
reminders: three grouped queries for any number of organizations (the organizations; held
meetings by organization, kind and month; attendance by organization), never a query per
organization.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import nh3
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from qizhi.accounts.roles import Action
from qizhi.core.models import Notification
from qizhi.core.notifications import mark_read, notify
from qizhi.core.refusals import Refused, lock, require
from qizhi.core.scoping import subtree_q
from qizhi.meetings.choices import (
    ATTENDED,
    UNIT_MEETINGS,
    AbsenceReason,
    AttendanceStatus,
    Frequency,
    MeetingKind,
    MeetingStatus,
)
from qizhi.meetings.models import BACKFILLED, Attendance, LifeMeetingPoint, Meeting
from qizhi.org.models import Person, Unit
from qizhi.party.choices import OfficerRole, PartyOrgKind
from qizhi.party.models import Membership, Officer, PartyOrg

BRANCHES = (PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH)
REPEATED_ABSENCES = 3  # unexcused absences in a row that put a member on the list


# --- The compliance rules: one table -------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A kind of meeting an organization of ``org_kinds`` must hold at least once per ``frequency``."""

    kind: str
    frequency: str
    org_kinds: tuple[str, ...]

    @property
    def label(self) -> str:
        return translated(MeetingKind, self.kind)

    @property
    def frequency_label(self) -> str:
        return translated(Frequency, self.frequency)


@functools.cache
def _translated(choices: type, value: str, language: str | None) -> str:
    return str(choices(value).label)


def translated(choices: type, value: str) -> str:
    """A choice's label in the active language, translated once (a city's year labels thousands of items)."""
    return _translated(choices, value, get_language())


RULES: tuple[Rule, ...] = (
    Rule(MeetingKind.BRANCH_COMMITTEE, Frequency.MONTHLY, BRANCHES),
    Rule(MeetingKind.BRANCH_ASSEMBLY, Frequency.QUARTERLY, BRANCHES),
    Rule(MeetingKind.GROUP_MEETING, Frequency.MONTHLY, (PartyOrgKind.GROUP,)),
    Rule(MeetingKind.PARTY_LECTURE, Frequency.QUARTERLY, BRANCHES),
    Rule(MeetingKind.ORGANIZATIONAL_LIFE, Frequency.YEARLY, BRANCHES),
    Rule(MeetingKind.DEMOCRATIC_LIFE, Frequency.YEARLY, (PartyOrgKind.LEADING_GROUP,)),
    Rule(MeetingKind.THEME_DAY, Frequency.MONTHLY, BRANCHES),
)
RULED_KINDS = tuple({kind for rule in RULES for kind in rule.org_kinds})


def rules_for(org_kind: str) -> list[Rule]:
    return [rule for rule in RULES if org_kind in rule.org_kinds]


# --- Periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A month, a quarter or a year: ``key`` is ``2026-05``, ``2026-Q2`` or ``2026``. Its dates and
    label are computed once (a city's year reads them for thousands of items)."""

    frequency: str
    year: int
    index: int  # month 1–12, quarter 1–4, or 1 for the year

    @property
    def first_month(self) -> int:
        return {Frequency.MONTHLY: self.index, Frequency.QUARTERLY: 3 * self.index - 2}.get(self.frequency, 1)

    @property
    def last_month(self) -> int:
        return {Frequency.MONTHLY: self.index, Frequency.QUARTERLY: 3 * self.index}.get(self.frequency, 12)

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
        return str(self.year)

    @cached_property
    def label(self) -> str:
        if self.frequency == Frequency.MONTHLY:
            return _("{year}年{month}月").format(year=self.year, month=self.index)
        if self.frequency == Frequency.QUARTERLY:
            return _("{year}年第{quarter}季度").format(year=self.year, quarter=self.index)
        return _("{year}年").format(year=self.year)

    def within(self, other: Period) -> bool:
        return other.start <= self.start and self.end <= other.end

    def periods(self, frequency: str) -> list[Period]:
        """The periods of ``frequency`` that lie within this one."""
        count = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.YEARLY: 1}[frequency]
        candidates = (Period(frequency, self.year, i) for i in range(1, count + 1))
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


# --- Compliance ----------------------------------------------------------------------------------

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


BADGE_CSS = {HELD: "text-bg-success", MISSING: "text-bg-danger", OPEN: "text-bg-light border", NOT_DUE: ""}


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

    def badge(self) -> str:
        """The item as a badge: built here, not by a template include per item (a city's year has
        thousands of items; bench/README.md)."""
        css = BADGE_CSS[self.state]
        label = self.period.label + self.rule.label
        suffix = _("（{state}）").format(state=self.state_label) if self.state == OPEN else ""
        if self.backfilled:
            suffix = _("（补录）") if self.backfilled == self.held else _("（含补录）")
            css = "text-bg-success bg-opacity-50 text-dark"
        return format_html(
            '<span class="badge {} me-1" data-kind="{}" data-period="{}" data-state="{}" data-backfilled="{}" '
            'title="{}：{}">{}{}</span>',
            css, self.rule.kind, self.period.key, self.state, self.backfilled, label, self.state_label, label, suffix,
        )  # fmt: skip


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
    def pending_badges(self) -> str:
        """Badges of what is missing or still open (the page shows these first)."""
        return mark_safe("".join(i.badge() for i in self.items if i.state in (MISSING, OPEN)))

    @property
    def held_badges(self) -> str:
        return mark_safe("".join(i.badge() for i in self.items if i.state == HELD))

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

    def as_dict(self) -> dict:
        """The figures as the API serves them (and the tests read them)."""
        return {
            "period": self.period.key,
            "due": self.due,
            "held": self.held,
            "missing": self.missing,
            "backfilled": self.backfilled,
            "compliance_rate": self.compliance_rate,
            "attendance_rate": self.attendance_rate,
            "organizations": [
                {
                    "id": o.org.pk,
                    "name": o.org.name,
                    "kind": o.org.kind,
                    "due": o.due,
                    "held": o.held,
                    "missing": o.missing,
                    "backfilled": o.backfilled,
                    "meetings_held": o.meetings_held,
                    "attendance_rate": o.attendance_rate,
                    "periods": [
                        {
                            "kind": i.rule.kind,
                            "period": i.period.key,
                            "state": i.state,
                            "held": i.held,
                            "backfilled": i.backfilled,
                        }
                        for i in o.items
                        if i.state != NOT_DUE
                    ],
                }
                for o in self.orgs
            ],
            "repeated_absences": [
                {"person": a.person.pk, "name": a.person.name, "run": a.run, "last_date": a.last_date.isoformat()}
                for a in self.absentees
            ],
        }


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def ruled_orgs(*, unit: Unit | None = None, party_org: PartyOrg | None = None) -> QuerySet[PartyOrg]:
    """The organizations of a unit's subtree (or of a party organization's) that the rules apply to."""
    orgs = PartyOrg.objects.filter(kind__in=RULED_KINDS)
    if party_org is not None:
        return orgs.filter(subtree_q("path", party_org.path))
    return orgs.filter(subtree_q("unit__path", unit.path))


def item_state(held: int, period: Period, established: datetime.date | None, today: datetime.date) -> str:
    """Held counts whenever it happened; otherwise a period is owed once it has ended, if the
    organization existed on its first day (a branch founded mid-period owes from the next one)."""
    if held:
        return HELD
    if established is not None and established > period.start:
        return NOT_DUE
    if period.start > today:
        return NOT_DUE
    if period.end >= today:
        return OPEN
    return MISSING


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
    orgs = list(ruled_orgs(unit=unit, party_org=party_org).order_by("path"))
    ids = [org.pk for org in orgs]
    held_meetings = Meeting.objects.filter(
        party_org__in=ids, status=MeetingStatus.HELD, date__gte=period.start, date__lte=period.end
    )
    counts: dict[tuple[int, str, int], int] = {}
    late: dict[tuple[int, str, int], int] = {}
    per_org: dict[int, int] = defaultdict(int)
    rows = (
        held_meetings.annotate(month=ExtractMonth("date"))
        .values("party_org_id", "kind", "month")
        .annotate(n=Count("pk"), backfilled=Count("pk", filter=BACKFILLED))
        .order_by()
    )
    for row in rows:
        counts[(row["party_org_id"], row["kind"], row["month"])] = row["n"]
        late[(row["party_org_id"], row["kind"], row["month"])] = row["backfilled"]
        per_org[row["party_org_id"]] += row["n"]
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
    report = ComplianceReport(period=period, today=today, orgs=[], heat={}, absentees=[])
    within = {frequency: period.periods(frequency) for frequency in Frequency.values}  # shared by every org
    for org in orgs:
        entry = OrgCompliance(org=org)
        entry.meetings_held = per_org[org.pk]
        if org.pk in attendance:
            entry.expected = attendance[org.pk]["expected"]
            entry.attended = attendance[org.pk]["attended"]
        for rule in rules_for(org.kind):
            for sub in within[rule.frequency]:
                held = sum(counts.get((org.pk, rule.kind, month), 0) for month in sub.months)
                backfilled = sum(late.get((org.pk, rule.kind, month), 0) for month in sub.months)
                item = Item(rule, sub, held, item_state(held, sub, org.established_on, today), backfilled)
                entry.items.append(item)
                if item.state in (HELD, MISSING):
                    done, due = report.heat.get((org.pk, sub.last_month), (0, 0))
                    report.heat[(org.pk, sub.last_month)] = (done + (item.state == HELD), due + 1)
        report.orgs.append(entry)
    report.absentees = repeated_absences(rows_of_held, in_a_row=absences_in_a_row)
    return report


UNEXCUSED = Q(status=AttendanceStatus.ABSENT, absence_reason="")


def repeated_absences(within: QuerySet[Attendance], *, in_a_row: int = REPEATED_ABSENCES) -> list[Absentee]:
    """Members absent without leave from ``in_a_row`` consecutive meetings of ``within`` (the
    attendance rows of the held meetings in question) they were expected at.

    Two queries: the people with at least that many unexcused absences, then only their rows in
    date order (a run can only be that long if the total is). Numbering the rows in SQL instead
    (window functions, "gaps and islands") was slower at province scale: it sorts every row of the
    period twice (bench/README.md).
    """
    within = within.order_by()  # Attendance's default ordering would join the people
    candidates = within.filter(UNEXCUSED).values("person_id").annotate(n=Count("pk")).filter(n__gte=in_a_row)
    rows = (
        within.filter(person_id__in=candidates.values("person_id"))
        .order_by("person_id", "meeting__date", "meeting_id")
        .values_list("person_id", "status", "absence_reason", "meeting__date")
    )
    runs: dict[int, tuple[int, datetime.date]] = {}
    current: dict[int, int] = defaultdict(int)
    for person_id, status, reason, date in rows:
        if status == AttendanceStatus.ABSENT and not reason:
            current[person_id] += 1
            if current[person_id] >= runs.get(person_id, (0, date))[0]:
                runs[person_id] = (current[person_id], date)
        else:
            current[person_id] = 0
    found = {pid: value for pid, value in runs.items() if value[0] >= in_a_row}
    people = Person.objects.in_bulk(list(found))
    return sorted(
        (Absentee(people[pid], run, last) for pid, (run, last) in found.items()),
        key=lambda a: (-a.run, a.person.pinyin),
    )


# --- Who is expected at a meeting ----------------------------------------------------------------


def members_on(org: PartyOrg, on: datetime.date) -> QuerySet[Membership]:
    """Memberships of ``org`` (a branch's subtree, or a group) that were in force on ``on``."""
    in_force = Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    if org.kind == PartyOrgKind.GROUP:
        return Membership.objects.filter(in_force, group=org)
    return Membership.objects.filter(in_force, subtree_q("branch__path", org.path))


COMMITTEE_ROLES = (OfficerRole.SECRETARY, OfficerRole.DEPUTY_SECRETARY, OfficerRole.COMMITTEE_MEMBER)


def officers_on(org: PartyOrg, on: datetime.date, roles=None) -> QuerySet[Officer]:
    """The officers of ``org``'s term running on ``on``."""
    officers = Officer.objects.filter(term__party_org=org, term__start_date__lte=on, term__end_date__gte=on)
    return officers.filter(role__in=roles) if roles else officers


def expected_people(meeting: Meeting) -> QuerySet[Person]:
    """Who should attend: the organization's members on the meeting's date; for a 支部委员会, the
    committee of the term then running (the whole branch only where no committee is recorded); for a
    党组 or 党委, its officers of that term; for a unit's training, its serving staff."""
    org, on = meeting.party_org, meeting.date
    if org is None:
        return Person.objects.filter(subtree_q("unit__path", meeting.unit.path), retired=False)
    if meeting.kind == MeetingKind.BRANCH_COMMITTEE:
        committee = officers_on(org, on, COMMITTEE_ROLES)
        if committee.exists():
            return Person.objects.filter(pk__in=committee.values("person_id"))
    if org.kind in (PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH, PartyOrgKind.GROUP):
        return Person.objects.filter(pk__in=members_on(org, on).values("person_id"))
    return Person.objects.filter(pk__in=officers_on(org, on).values("person_id"))


def not_expected_message(meeting: Meeting, person: Person) -> str:
    if meeting.party_org is None:
        return _("{person}不是{unit}的在职人员，不能登记出席").format(person=person, unit=meeting.unit)
    if meeting.kind == MeetingKind.BRANCH_COMMITTEE and officers_on(meeting.party_org, meeting.date).exists():
        return _("{person}在{date}不是{org}的支部委员，不能登记出席").format(
            person=person, date=meeting.date.strftime("%Y年%m月%d日"), org=meeting.party_org
        )
    return _("{person}在{date}不是{org}的成员，不能登记出席").format(
        person=person, date=meeting.date.strftime("%Y年%m月%d日"), org=meeting.party_org
    )


def sync_attendance(meeting: Meeting, *, by) -> None:
    """The attendance sheet follows the members on the meeting's date: missing members are added
    (present, the usual case), rows of people who were not members then are removed."""
    expected = set(expected_people(meeting).values_list("pk", flat=True))
    existing = set(meeting.attendances.values_list("person_id", flat=True))
    stale = existing - expected
    if stale:
        for row in meeting.attendances.filter(person_id__in=stale):
            row._history_user = by
            row.delete()
    new = [
        Attendance(meeting=meeting, person_id=pk, created_by=by, updated_by=by) for pk in sorted(expected - existing)
    ]
    if new:
        bulk_create_with_history(new, Attendance, default_user=by)


# --- Meetings ------------------------------------------------------------------------------------


# Minutes load nothing when read: no <img> (a remote image is a tracking beacon; pictures of a meeting
# are attachments). Links stay, as links: a reader decides to follow them.
MINUTES_TAGS = nh3.ALLOWED_TAGS - {"img"}


def sanitize(html: str) -> str:
    """Minutes keep simple formatting; scripts, styles, event handlers, images and bad links are removed."""
    return nh3.clean(html or "", tags=MINUTES_TAGS).strip()


def check_organizer(meeting: Meeting) -> None:
    if meeting.party_org is None and meeting.kind not in UNIT_MEETINGS:
        raise ValidationError(
            {"party_org": _("{kind}必须由党组织召开，请选择党组织").format(kind=meeting.get_kind_display())}
        )
    if meeting.party_org is None and meeting.unit_id is None:
        raise ValidationError({"unit": _("请选择组织会议的党组织或单位")})


@transaction.atomic
def save_meeting(meeting: Meeting, *, by, today: datetime.date | None = None) -> Meeting:
    """Create or change a meeting: its unit follows its party organization, the minutes are
    sanitized, and its attendance sheet follows the members on its date."""
    today = today or timezone.localdate()
    check_organizer(meeting)
    if meeting.party_org is not None:
        meeting.unit = meeting.party_org.unit
    if meeting.status == MeetingStatus.HELD and meeting.date > today:
        raise ValidationError({"date": _("已召开的会议，日期不能晚于今天")})
    meeting.minutes = sanitize(meeting.minutes)
    meeting.stamp(by)
    meeting.save()
    sync_attendance(meeting, by=by)
    return meeting


def _locked_for_change(meeting: Meeting, by) -> Meeting:
    """The meeting's row locked, and ``by``'s right to change it checked on the locked row."""
    lock(meeting)
    require(meeting, by=by, action=Action.CHANGE, message=_("您不能更改会议“{meeting}”").format(meeting=meeting))
    return meeting


@transaction.atomic
def mark_held(meeting: Meeting, *, by, today: datetime.date | None = None) -> Meeting:
    """Confirm that a planned meeting took place (not before its date)."""
    today = today or timezone.localdate()
    _locked_for_change(meeting, by)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(
            {"status": _("只有计划召开的会议才能确认召开，此会议{status}").format(status=meeting.get_status_display())}
        )
    if meeting.date > today:
        raise ValidationError(
            {"date": _("会议日期{date}晚于今天，不能确认为已召开").format(date=meeting.date.strftime("%Y年%m月%d日"))}
        )
    meeting.status = MeetingStatus.HELD
    meeting.stamp(by)
    meeting.save()
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, by) -> Meeting:
    _locked_for_change(meeting, by)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError({"status": _("只有计划召开的会议才能取消")})
    meeting.status = MeetingStatus.CANCELLED
    meeting.stamp(by)
    meeting.save()
    return meeting


# --- Attendance ----------------------------------------------------------------------------------


def check_mark(person: Person, status: str, reason: str) -> None:
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("{person}：出席情况“{status}”无效").format(person=person, status=status)})
    if reason and reason not in AbsenceReason.values:
        raise ValidationError(
            {"absence_reason": _("{person}：缺席原因“{reason}”无效").format(person=person, reason=reason)}
        )
    if reason and status != AttendanceStatus.ABSENT:
        raise ValidationError({"absence_reason": _("{person}：只有缺席才填写缺席原因").format(person=person)})


@transaction.atomic
def record_attendance(
    meeting: Meeting, marks: dict[int, tuple[str, str, str]], *, by, versions: dict[int, int] | None = None
) -> int:
    """Set the sheet's rows: ``{attendance id: (status, absence reason, note)}``; returns how many
    changed. Every row is checked before any is saved. A row named in ``versions`` (an edit of that
    one row, through the API) is written from that version, or ``StaleRecord`` if it moved on."""
    versions = versions or {}
    _locked_for_change(meeting, by)
    rows = {row.pk: row for row in meeting.attendances.select_related("person")}
    unknown = set(marks) - set(rows)
    if unknown:
        raise ValidationError({"attendance": _("出席记录不属于此会议")})
    changed = []
    for pk, (status, reason, note) in marks.items():
        row = rows[pk]
        check_mark(row.person, status, reason)
        if pk in versions:
            row.expect_version(versions[pk])
        if (row.status, row.absence_reason, row.note) != (status, reason, note) or pk in versions:
            row.status, row.absence_reason, row.note = status, reason, note
            changed.append(row)
    for row in changed:
        row.stamp(by)
        row.save()
    return len(changed)


@transaction.atomic
def add_attendee(
    meeting: Meeting,
    person: Person,
    *,
    status: str = AttendanceStatus.PRESENT,
    absence_reason: str = "",
    note: str = "",
    by,
) -> Attendance:
    """Add one participant, who must have been a member of the organizing organization that day."""
    _locked_for_change(meeting, by)
    if not expected_people(meeting).filter(pk=person.pk).exists():
        raise ValidationError({"person": not_expected_message(meeting, person)})
    if meeting.attendances.filter(person=person).exists():
        raise ValidationError({"person": _("{person}在此会议已有出席记录").format(person=person)})
    check_mark(person, status, absence_reason)
    row = Attendance(meeting=meeting, person=person, status=status, absence_reason=absence_reason, note=note)
    row.stamp(by)
    row.save()
    return row


def attendance_summary(meeting: Meeting) -> dict:
    """Expected, present, late, absent (excused / unexcused) and the rate, from one grouped query."""
    row = meeting.attendances.aggregate(
        expected=Count("pk"),
        present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        late=Count("pk", filter=Q(status=AttendanceStatus.LATE)),
        absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
        unexcused=Count("pk", filter=UNEXCUSED),
    )
    row["rate"] = percent(row["present"] + row["late"], row["expected"])
    return row


# --- Notices and sign-in ---------------------------------------------------------------------------

SIGN_IN_HOURS = 4  # a code is valid for this long after the secretary opens sign-in, and never past the day
LATE_AFTER_MINUTES = 15  # signing in this long after the start time is 迟到
SIGN_IN_ATTEMPTS = 5  # wrong codes a person may try per meeting before sign-in is refused to them
NOT_SIGNED_IN = gettext_lazy("未签到")


def _when(meeting: Meeting) -> str:
    text = meeting.date.strftime("%Y年%m月%d日")
    return f"{text} {meeting.start_time:%H:%M}" if meeting.start_time else text


@transaction.atomic
def publish_notice(meeting: Meeting, *, by, now: datetime.datetime | None = None) -> int:
    """发布会议通知: before a planned meeting, tell everyone expected who, when, where and what; returns
    how many were told. Publishing again (after a change) tells them again."""
    now = now or timezone.now()
    _locked_for_change(meeting, by)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError({"status": _("只有计划召开的会议才能发布通知")})
    if meeting.date < timezone.localdate(now):
        raise ValidationError({"date": _("会议日期已过，不能再发布通知；事后登记的会议记为补录")})
    missing = {
        name: _("发布通知前请填写{field}").format(field=Meeting._meta.get_field(name).verbose_name)
        for name in ("start_time", "place", "agenda")
        if not getattr(meeting, name)
    }
    if missing:
        raise ValidationError(missing)
    again = meeting.notice_published_at is not None
    meeting.notice_published_at = now
    meeting.stamp(by)
    meeting.save()
    sync_attendance(meeting, by=by)
    people = expected_people(meeting).exclude(user=None).select_related("user")
    title = (_("会议通知（已更新）：{meeting}") if again else _("会议通知：{meeting}")).format(meeting=meeting)
    body = _("时间：{when}；地点：{place}；议程：{agenda}").format(
        when=_when(meeting), place=meeting.place, agenda=meeting.agenda
    )
    return len(notify([p.user for p in people], title=title, body=body, url=meeting.get_absolute_url(), sender=by))


def sign_in_code(meeting: Meeting) -> str:
    """The six digits members type to sign in, derived from the moment sign-in opened (a new opening,
    a new code); empty when sign-in has never been opened."""
    if meeting.sign_in_opened_at is None:
        return ""
    digest = salted_hmac("qizhi.meetings.sign_in", f"{meeting.pk}:{meeting.sign_in_opened_at.timestamp():.6f}")
    return f"{int(digest.hexdigest(), 16) % 1_000_000:06d}"


@transaction.atomic
def open_sign_in(meeting: Meeting, *, by, now: datetime.datetime | None = None) -> str:
    """开始签到 on the meeting's day: a fresh code valid for ``SIGN_IN_HOURS`` (not past midnight). Everyone
    expected who has not signed in and is not excused is shown as absent (未签到) until they sign in."""
    now = now or timezone.now()
    _locked_for_change(meeting, by)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": _("会议已取消，不能签到")})
    if meeting.date != timezone.localdate(now):
        raise ValidationError(
            {"date": _("只能在会议当天（{date}）开始签到").format(date=meeting.date.strftime("%Y年%m月%d日"))}
        )
    next_day = meeting.date + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(next_day, datetime.time()))
    meeting.sign_in_opened_at = now
    meeting.sign_in_until = min(now + datetime.timedelta(hours=SIGN_IN_HOURS), midnight)
    meeting.stamp(by)
    meeting.save()
    sync_attendance(meeting, by=by)
    waiting = meeting.attendances.filter(signed_in_at__isnull=True, status__in=ATTENDED)
    for row in waiting:
        row.status, row.absence_reason, row.note = AttendanceStatus.ABSENT, "", str(NOT_SIGNED_IN)
        row.stamp(by)
        row.save()
    return sign_in_code(meeting)


@transaction.atomic
def close_sign_in(meeting: Meeting, *, by, now: datetime.datetime | None = None) -> Meeting:
    """结束签到: the code stops working; who did not sign in stays absent (the secretary records leave)."""
    now = now or timezone.now()
    _locked_for_change(meeting, by)
    if not meeting.sign_in_is_open(now):
        raise ValidationError({"sign_in": _("此会议当前没有进行中的签到")})
    meeting.sign_in_until = now
    meeting.stamp(by)
    meeting.save()
    return meeting


def _attempts_key(meeting: Meeting, user) -> str:
    """Wrong codes are counted per person and per opening (a new code, a fresh count)."""
    opened = meeting.sign_in_opened_at.timestamp() if meeting.sign_in_opened_at else 0
    return f"meetings:sign-in-attempts:{meeting.pk}:{opened}:{user.pk}"


@transaction.atomic
def sign_in(meeting: Meeting, code: str, *, user, now: datetime.datetime | None = None) -> Attendance:
    """A member signs in with the code shown at the meeting: their own row turns present (迟到 after
    ``LATE_AFTER_MINUTES`` past the start time). Five wrong codes and the member asks the secretary."""
    now = now or timezone.now()
    lock(meeting)
    row = meeting.attendances.filter(person__user=user).select_related("person").first()
    if row is None:
        raise Refused(_("您不在“{meeting}”的应到人员中，不能签到").format(meeting=meeting))
    lock(row)
    if row.signed_in_at is not None:
        raise ValidationError(
            {"code": _("您已于{time}签到").format(time=timezone.localtime(row.signed_in_at).strftime("%H:%M"))}
        )
    if not meeting.sign_in_is_open(now):
        raise ValidationError({"code": _("此会议当前不在签到时间内")})
    key = _attempts_key(meeting, user)
    attempts = cache.get(key, 0)
    if attempts >= SIGN_IN_ATTEMPTS:
        raise ValidationError({"code": _("签到码错误次数过多，请由会议记录人登记出席")})
    if not constant_time_compare((code or "").strip(), sign_in_code(meeting)):
        cache.set(key, attempts + 1, timeout=SIGN_IN_HOURS * 3600)
        raise ValidationError({"code": _("签到码不正确，还可尝试{n}次").format(n=SIGN_IN_ATTEMPTS - attempts - 1)})
    late = False
    if meeting.start_time is not None:
        start = timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time))
        late = now > start + datetime.timedelta(minutes=LATE_AFTER_MINUTES)
    row.status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
    row.absence_reason = ""
    if row.note == str(NOT_SIGNED_IN):
        row.note = ""
    row.signed_in_at = now
    row.stamp(user)
    row.save()
    mark_read(Notification.objects.filter(url=meeting.get_absolute_url()), by=user)  # the notice: read
    return row


# --- Life meetings -------------------------------------------------------------------------------


def check_point(point: LifeMeetingPoint) -> None:
    meeting = point.meeting
    if not meeting.is_life_meeting:
        raise ValidationError({"meeting": _("只有民主生活会和组织生活会记录批评与自我批评")})
    participants = set(meeting.attendances.values_list("person_id", flat=True))
    for name in ("speaker", "about"):
        person = getattr(point, name)
        if person is not None and person.pk not in participants:
            raise ValidationError({name: _("{person}不是此次会议的参会人").format(person=person)})


# --- Reminders -----------------------------------------------------------------------------------


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
