"""Meetings waiting for a user: periods falling due or missed, and held meetings to confirm with
their minutes (see ``core.todo``). The figures come from the one compliance function."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.accounts.roles import Action
from qizhi.core.scoping import minimal_prefixes, scope_of
from qizhi.core.todo import Item, register
from qizhi.meetings import reminders, services
from qizhi.meetings.choices import MeetingStatus
from qizhi.meetings.models import Attendance, Meeting
from qizhi.org.models import Unit

WINDOW_DAYS = 7  # as the daily reminder: periods ending within a week
MINUTES_LOOKBACK_DAYS = 90


@register("meetings.due", gettext_lazy("三会一课到期"), models=[Meeting])
def meetings_due(user, today: datetime.date):
    """For each organization the user answers for (as the reminders decide): what is due soon and what was missed."""
    scope = scope_of(user)
    if scope.unrestricted or not scope.can(Action.CHANGE, "meetings"):
        return
    for unit in Unit.objects.filter(
        path__in=minimal_prefixes({g.path for g in scope.grants if scope.covers(Action.CHANGE, "meetings", g.path)})
    ):
        found = services.reminders(unit=unit, today=today, days=WINDOW_DAYS)
        who = reminders.responsible([r.org for r in found], today) if found else {}
        for reminder in found:
            if user.pk not in {u.pk for u in who.get(reminder.org.pk, ())}:
                continue
            org = reminder.org
            for item in reminder.due_soon:
                yield Item(
                    "meetings.due",
                    _("{org}：{period}{kind}尚未召开").format(org=org, period=item.period.label, kind=item.rule.label),
                    _add_url(org, item),
                    item.period.end,
                    item,
                )
            missed: dict[str, list] = {}
            for item in reminder.overdue:  # one line per kind of meeting, however many periods it missed
                missed.setdefault(item.rule.kind, []).append(item)
            for items in missed.values():
                first = items[0]
                text = _("{org}：{kind}已逾期未召开{count}次（{period}起）").format(
                    org=org, kind=first.rule.label, count=len(items), period=first.period.label
                )
                yield Item("meetings.due", text, _add_url(org, first), first.period.end, items)


def _add_url(org, item) -> str:
    return reverse("meetings:meeting_add") + "?" + urlencode({"party_org": org.pk, "kind": item.rule.kind})


@register(
    "meetings.minutes", gettext_lazy("会议待确认召开和归档记录"),
    models=[Meeting], done=lambda m: m.status != MeetingStatus.PLANNED and bool(m.minutes.strip()),
)  # fmt: skip
def minutes_to_file(user, today: datetime.date):
    """Planned meetings whose day has come (confirm held, file the minutes) and held ones with no minutes."""
    since = today - datetime.timedelta(days=MINUTES_LOOKBACK_DAYS)
    waiting = Meeting.objects.editable_by(user).filter(
        Q(status=MeetingStatus.PLANNED) | Q(status=MeetingStatus.HELD, minutes=""), date__gte=since, date__lte=today
    )
    for meeting in waiting.select_related("party_org", "unit").order_by("date", "pk"):
        text = (
            _("确认召开并归档记录：{meeting}")
            if meeting.status == MeetingStatus.PLANNED
            else _("归档会议记录：{meeting}")
        )
        yield Item("meetings.minutes", text.format(meeting=meeting), meeting.get_absolute_url(), meeting.date, meeting)


# No ``done`` here: a member's sign-in settles their own notice only (services.sign_in), not everyone's.
@register("meetings.attend", gettext_lazy("参加会议"), models=[Meeting, Attendance])
def meetings_to_attend(user, today: datetime.date):
    """Meetings whose notice reached the member and that are still to come (today's until they sign in)."""
    rows = Attendance.objects.filter(
        person__user=user,
        meeting__status=MeetingStatus.PLANNED,
        meeting__notice_published_at__isnull=False,
        meeting__date__gte=today,
        signed_in_at__isnull=True,
    ).select_related("meeting__party_org", "meeting__unit")
    for row in rows.order_by("meeting__date", "meeting__start_time", "pk"):
        meeting = row.meeting
        when = meeting.start_time.strftime("%H:%M") if meeting.start_time else ""
        text = _("参加会议：{meeting}（{when}{place}）").format(
            meeting=meeting, when=when, place=(" " + meeting.place) if meeting.place else ""
        )
        yield Item("meetings.attend", text.replace("（）", ""), meeting.get_absolute_url(), meeting.date, row)
