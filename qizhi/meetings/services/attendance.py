"""Who is expected at a meeting, its attendance sheet, and members absent without leave again and again."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, When
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from qizhi.core import generations
from qizhi.core.scoping import subtree_q
from qizhi.meetings.choices import AbsenceReason, AttendanceStatus, MeetingKind
from qizhi.meetings.models import Attendance, Meeting
from qizhi.meetings.services.access import locked_for_change
from qizhi.meetings.services.compliance import Absentee, percent
from qizhi.org.models import Person
from qizhi.party.choices import OfficerRole, PartyOrgKind
from qizhi.party.models import Membership, Officer, PartyOrg

REPEATED_ABSENCES = 3  # unexcused absences in a row that put a member on the list
UNEXCUSED = Q(status=AttendanceStatus.ABSENT, absence_reason="")
COMMITTEE_ROLES = (OfficerRole.SECRETARY, OfficerRole.DEPUTY_SECRETARY, OfficerRole.COMMITTEE_MEMBER)


# --- Who is expected at a meeting ----------------------------------------------------------------


def members_on(org: PartyOrg, on: datetime.date) -> QuerySet[Membership]:
    """Memberships of ``org`` (a branch's subtree, or a group) that were in force on ``on``."""
    in_force = Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    if org.kind == PartyOrgKind.GROUP:
        return Membership.objects.filter(in_force, group=org)
    return Membership.objects.filter(in_force, subtree_q("branch__path", org.path))


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


# --- The sheet -----------------------------------------------------------------------------------


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
    for row in new:  # bulk_create does not call save()
        row.follow_meeting(meeting)
    if new:
        bulk_create_with_history(new, Attendance, default_user=by)
        Meeting.recount(meeting.pk)  # bulk_create does not call save()
        generations.changed(Attendance)  # nor send a signal


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
    locked_for_change(meeting, by)
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
    locked_for_change(meeting, by)
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


# --- Repeated absences ---------------------------------------------------------------------------


def repeated_absences(within: QuerySet[Attendance], *, in_a_row: int = REPEATED_ABSENCES) -> list[Absentee]:
    """Members absent without leave from ``in_a_row`` consecutive meetings of ``within`` (the
    attendance rows of the held meetings in question, filtered on the copied ``party_org``, ``date``
    and ``held``) they were expected at, with their longest run and the date it ended.

    Only the unexcused absences are read, of the members with at least ``in_a_row`` of them (a run
    can only be that long if the total is), each with whether the member's row just before it in
    ``within`` (by date, then meeting) was an unexcused absence too: one statement, two index
    lookups per absence, instead of every row of those members (bench/README.md). A run is a chain
    of absences each preceded by another.
    """
    within = within.order_by()  # Attendance's default ordering would join the people
    candidates = within.filter(UNEXCUSED).values("person_id").annotate(n=Count("pk")).filter(n__gte=in_a_row)
    before = (
        within.filter(person_id=OuterRef("person_id"), date__lte=OuterRef("date"))
        .filter(Q(date__lt=OuterRef("date")) | Q(meeting_id__lt=OuterRef("meeting_id")))
        .order_by("-date", "-meeting_id")
        .annotate(unexcused=Case(When(UNEXCUSED, then=True), default=False))
        .values("unexcused")[:1]
    )
    rows = (
        within.filter(UNEXCUSED, person_id__in=candidates.values("person_id"))
        .annotate(follows=Subquery(before))
        .order_by("person_id", "date", "meeting_id")
        .values_list("person_id", "date", "follows")
    )
    runs: dict[int, tuple[int, datetime.date]] = {}
    run = 0
    for person_id, date, follows in rows:
        run = run + 1 if follows else 1  # the absence before a chained one is this member's previous row
        if run >= runs.get(person_id, (0, date))[0]:
            runs[person_id] = (run, date)
    found = {pid: value for pid, value in runs.items() if value[0] >= in_a_row}
    people = Person.objects.in_bulk(list(found))
    return sorted(
        (Absentee(people[pid], run, last) for pid, (run, last) in found.items()),
        key=lambda a: (-a.run, a.person.pinyin),
    )
