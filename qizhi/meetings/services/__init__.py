"""The rules of organizational life, one module a job; every public name is re-exported here, so
``from qizhi.meetings import services`` keeps working.

- ``compliance``: pure — the rules, periods, item states and report classes, computed from plain data.
- ``rules``: the rules as data (``ComplianceRule``): read once per report, changed by administrators.
- ``report``: ``compliance()``, the grouped queries behind every figure of organizational life.
- ``meetings``: recording a meeting, holding or cancelling it, life-meeting points.
- ``attendance``: who is expected, the attendance sheet, repeated absences.
- ``signin``: the notice and signing in with a code.
- ``due``: what falls due, for the reminders and the 待办.
"""

from qizhi.meetings.services.access import locked_for_change
from qizhi.meetings.services.attendance import (
    COMMITTEE_ROLES,
    REPEATED_ABSENCES,
    UNEXCUSED,
    add_attendee,
    attendance_summary,
    check_mark,
    expected_people,
    members_on,
    not_expected_message,
    officers_on,
    record_attendance,
    repeated_absences,
    sync_attendance,
)
from qizhi.meetings.services.compliance import (
    HELD,
    MISSING,
    NOT_DUE,
    OPEN,
    STATE_LABELS,
    Absentee,
    ComplianceReport,
    Item,
    OrgCompliance,
    Period,
    Rule,
    item_state,
    parse_period,
    percent,
    ruled_kinds,
    rules_for,
    translated,
)
from qizhi.meetings.services.due import Reminder, reminders
from qizhi.meetings.services.meetings import (
    MINUTES_TAGS,
    cancel_meeting,
    check_organizer,
    check_point,
    mark_held,
    sanitize,
    save_meeting,
)
from qizhi.meetings.services.report import compliance, held_counts, ruled_orgs
from qizhi.meetings.services.rules import active_rules, check_rule, ensure_rules, may_edit_rules, save_rule
from qizhi.meetings.services.signin import (
    LATE_AFTER_MINUTES,
    NOT_SIGNED_IN,
    SIGN_IN_ATTEMPTS,
    SIGN_IN_HOURS,
    close_sign_in,
    open_sign_in,
    publish_notice,
    sign_in,
    sign_in_code,
)

__all__ = [
    "COMMITTEE_ROLES", "HELD", "LATE_AFTER_MINUTES", "MINUTES_TAGS", "MISSING", "NOT_DUE", "NOT_SIGNED_IN", "OPEN",
    "REPEATED_ABSENCES", "SIGN_IN_ATTEMPTS", "SIGN_IN_HOURS", "STATE_LABELS", "UNEXCUSED", "Absentee",
    "ComplianceReport", "Item", "OrgCompliance", "Period", "Reminder", "Rule", "active_rules", "add_attendee",
    "attendance_summary", "cancel_meeting", "check_mark", "check_organizer", "check_point", "check_rule",
    "close_sign_in", "compliance", "ensure_rules", "expected_people", "held_counts", "item_state",
    "locked_for_change", "mark_held", "may_edit_rules", "members_on", "not_expected_message", "officers_on",
    "open_sign_in", "parse_period", "percent", "publish_notice", "record_attendance", "reminders",
    "repeated_absences", "ruled_kinds", "ruled_orgs", "rules_for", "sanitize", "save_meeting", "save_rule",
    "sign_in", "sign_in_code", "sync_attendance", "translated",
]  # fmt: skip
