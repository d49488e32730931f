"""Recording a meeting, confirming it was held or cancelling it, and what its life meeting raised."""

from __future__ import annotations

import datetime

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.meetings.choices import UNIT_MEETINGS, MeetingStatus
from qizhi.meetings.models import LifeMeetingPoint, Meeting
from qizhi.meetings.services.access import locked_for_change
from qizhi.meetings.services.attendance import sync_attendance

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


@transaction.atomic
def mark_held(meeting: Meeting, *, by, today: datetime.date | None = None) -> Meeting:
    """Confirm that a planned meeting took place (not before its date)."""
    today = today or timezone.localdate()
    locked_for_change(meeting, by)
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
    locked_for_change(meeting, by)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError({"status": _("只有计划召开的会议才能取消")})
    meeting.status = MeetingStatus.CANCELLED
    meeting.stamp(by)
    meeting.save()
    return meeting


def check_point(point: LifeMeetingPoint) -> None:
    meeting = point.meeting
    if not meeting.is_life_meeting:
        raise ValidationError({"meeting": _("只有民主生活会和组织生活会记录批评与自我批评")})
    participants = set(meeting.attendances.values_list("person_id", flat=True))
    for name in ("speaker", "about"):
        person = getattr(point, name)
        if person is not None and person.pk not in participants:
            raise ValidationError({name: _("{person}不是此次会议的参会人").format(person=person)})
