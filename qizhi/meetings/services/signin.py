"""Meeting notices, and members signing in with the code the secretary shows."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core.models import Notification
from qizhi.core.notifications import mark_read, notify
from qizhi.core.refusals import Refused, lock
from qizhi.meetings.choices import ATTENDED, AttendanceStatus, MeetingStatus
from qizhi.meetings.models import Attendance, Meeting
from qizhi.meetings.services.access import locked_for_change
from qizhi.meetings.services.attendance import expected_people, sync_attendance

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
    locked_for_change(meeting, by)
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
    locked_for_change(meeting, by)
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
    locked_for_change(meeting, by)
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
