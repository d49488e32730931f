"""Meetings of party organizations and units, who attended them, and what life meetings raised."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Action
from qizhi.core.fields import ChoiceListField
from qizhi.core.models import CatalogModel, TrackedModel, UnitScopedModel
from qizhi.core.scoping import ScopedQuerySet
from qizhi.meetings.choices import (
    ATTENDED,
    AbsenceReason,
    AttendanceStatus,
    Frequency,
    MeetingKind,
    MeetingStatus,
    PointKind,
)
from qizhi.party.choices import PartyOrgKind

# 补录 as a condition (compliance counts these): held with no notice published before the meeting's day.
BACKFILLED = Q(status=MeetingStatus.HELD) & (
    Q(notice_published_at__isnull=True) | Q(notice_published_at__date__gt=F("date"))
)


def members_meetings_q(user) -> Q:
    """The meetings a member lives: those of the organizations they belong to now (their branch and
    their group) and any meeting they are on the attendance list of."""
    from qizhi.party.models import Membership

    current = Membership.objects.filter(person__user=user, ended_on__isnull=True)
    return (
        Q(party_org__in=current.values("branch_id"))
        | Q(party_org__in=current.exclude(group=None).values("group_id"))
        | Q(pk__in=Attendance.objects.filter(person__user=user).values("meeting_id"))
    )


class MeetingQuerySet(ScopedQuerySet):
    """Scoped by the unit path as usual, and a member also *reads* their own organizations' meetings:
    a member granted only on a 司法所 belongs to the bureau's branch, whose meetings sit on the bureau."""

    personal = True  # the user's own organizations' meetings and those they attended

    def for_action(self, user, action: str):
        scoped = super().for_action(user, action)
        if action != Action.VIEW or not user.is_authenticated:
            return scoped
        return scoped | self.filter(members_meetings_q(user))


class Meeting(UnitScopedModel):
    """One meeting: 三会一课, a life meeting, a 主题党日, a study session or a training.

    Organized by a party organization (its unit is copied from it) or, for trainings and lectures,
    by a unit alone. Compliance counts held meetings by ``party_org``, ``kind`` and ``date``.
    """

    kind = models.CharField(_("会议类型"), max_length=30, choices=MeetingKind.choices)
    party_org = models.ForeignKey(
        "party.PartyOrg",
        verbose_name=_("组织单位（党组织）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        db_index=False,  # the compliance index below leads with it
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, editable=False
    )
    date = models.DateField(_("会议日期"))
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    topic = models.CharField(_("主题"), max_length=200)
    host = models.ForeignKey(
        "org.Person", verbose_name=_("主持人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorder = models.ForeignKey(
        "org.Person", verbose_name=_("记录人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agenda = models.TextField(_("议程"), blank=True)
    minutes = models.TextField(_("会议记录"), blank=True, help_text=_("可含简单格式；脚本等不安全内容会被清除"))
    notice_published_at = models.DateTimeField(_("通知发布时间"), null=True, blank=True, editable=False)
    # Sign-in by members with a short code the secretary shows: the code is derived from the opening
    # moment and the server's secret (services.sign_in_code), so neither the row nor its history holds it.
    sign_in_opened_at = models.DateTimeField(_("签到开始时间"), null=True, blank=True, editable=False)
    sign_in_until = models.DateTimeField(_("签到截止时间"), null=True, blank=True, editable=False)
    # Counted from the attendance rows whenever one is written (``recount``), so that the attendance
    # rate of a city's year sums its held meetings, not its hundred thousand rows (bench/README.md).
    expected_count = models.PositiveIntegerField(_("应到人数"), default=0, editable=False)
    attended_count = models.PositiveIntegerField(_("实到人数"), default=0, editable=False)

    objects = models.Manager.from_queryset(MeetingQuerySet)()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        indexes = [
            # compliance: held meetings of a set of organizations in a year, grouped by kind and month
            models.Index(fields=["party_org", "status", "date", "kind"], name="meetings_meeting_org_held"),
            models.Index(fields=["unit", "date"], name="meetings_meeting_unit_date"),
        ]

    def __str__(self) -> str:
        return _("{date}{kind}：{topic}").format(
            date=self.date.strftime("%Y年%m月%d日"), kind=self.get_kind_display(), topic=self.topic
        )

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def organizer(self):
        return self.party_org or self.unit

    @property
    def is_backfilled(self) -> bool:
        """补录: held, but no notice was published before its day (entered after the fact)."""
        if self.status != MeetingStatus.HELD:
            return False
        return self.notice_published_at is None or timezone.localdate(self.notice_published_at) > self.date

    def save(self, *args, **kwargs):
        """Save, and keep the copies of this meeting's organization, date and state on its attendance
        rows in step (one UPDATE, matching only rows that differ: none when those did not change),
        and its counts true (this instance's may be older than its rows')."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            return
        held = self.status == MeetingStatus.HELD
        self.attendances.exclude(party_org_id=self.party_org_id, date=self.date, held=held).update(
            party_org_id=self.party_org_id, date=self.date, held=held
        )
        Meeting.recount(self.pk)

    @staticmethod
    def recount(pk: int) -> None:
        """Count the meeting's attendance rows again, in one UPDATE (not through ``save``: a derived
        figure changes neither the version nor the history)."""

        def rows(**conditions):
            counted = Attendance.objects.filter(meeting=OuterRef("pk"), **conditions).order_by().values("meeting")
            return Coalesce(Subquery(counted.annotate(n=Count("*")).values("n")), 0)

        Meeting.objects.filter(pk=pk).update(expected_count=rows(), attended_count=rows(status__in=ATTENDED))

    def sign_in_is_open(self, now: datetime.datetime) -> bool:
        return (
            self.status != MeetingStatus.CANCELLED
            and self.sign_in_opened_at is not None
            and self.sign_in_until is not None
            and self.sign_in_opened_at <= now < self.sign_in_until
        )

    @property
    def is_life_meeting(self) -> bool:
        return self.kind in (MeetingKind.DEMOCRATIC_LIFE, MeetingKind.ORGANIZATIONAL_LIFE)


class Attendance(TrackedModel):
    """签到: one expected participant of a meeting, present, late or absent (with the reason)."""

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("参会人"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        _("出席情况"), max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    absence_reason = models.CharField(
        _("缺席原因"), max_length=20, choices=AbsenceReason.choices, blank=True, help_text=_("不填即为未请假")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True, editable=False)
    # Copied from the meeting (``follow_meeting``; ``Meeting.save`` keeps them in step), so that the
    # compliance figures of a city's year read this table's own indexes and never join the meetings:
    # the attendance rate per organization, and the runs of unexcused absences (bench/README.md).
    party_org = models.ForeignKey(
        "party.PartyOrg", on_delete=models.PROTECT, null=True, related_name="+", editable=False, db_index=False
    )
    date = models.DateField(_("会议日期"), editable=False, null=True)  # null only in older history rows
    held = models.BooleanField(_("已召开"), default=False, editable=False)

    scope_path: ClassVar[str] = "meeting__unit__path"

    class Meta:
        ordering = ["meeting", "person__pinyin", "pk"]
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="%(app_label)s_%(class)s_once_per_meeting",
                violation_error_message=_("此人在该会议已有出席记录"),
            ),
            models.CheckConstraint(
                condition=Q(status=AttendanceStatus.ABSENT) | Q(absence_reason=""),
                name="%(app_label)s_%(class)s_reason_only_when_absent",
                violation_error_message=_("只有缺席才填写缺席原因"),
            ),
        ]
        indexes = [
            models.Index(fields=["person", "meeting"], name="meetings_attendance_person"),
            # Compliance reads only rows of held meetings (partial indexes; the included columns are
            # PostgreSQL's, for index-only scans; the attendance rate reads the meetings' counts).
            # Who was absent without leave in a period, and how many times:
            models.Index(
                fields=["party_org", "date"],
                include=["person"],
                condition=Q(held=True, status=AttendanceStatus.ABSENT, absence_reason=""),
                name="meetings_att_unexcused",
            ),
            # A member's rows in date order: the row before each absence.
            models.Index(
                fields=["person", "date", "meeting"],
                include=["status", "absence_reason", "party_org"],
                condition=Q(held=True),
                name="meetings_att_person_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}：{self.describe()}"

    def follow_meeting(self, meeting: Meeting | None = None) -> None:
        """Copy the meeting's organization, date and state (every row written goes through this)."""
        meeting = meeting or self.meeting
        self.party_org_id, self.date = meeting.party_org_id, meeting.date
        self.held = meeting.status == MeetingStatus.HELD

    def save(self, *args, **kwargs):
        self.follow_meeting()
        super().save(*args, **kwargs)
        Meeting.recount(self.meeting_id)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Meeting.recount(self.meeting_id)
        return result

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()

    def describe(self) -> str:
        if self.status != AttendanceStatus.ABSENT:
            return str(self.get_status_display())
        reason = self.get_absence_reason_display() if self.absence_reason else _("未请假")
        return f"{self.get_status_display()}（{reason}）"

    @property
    def unexcused(self) -> bool:
        return self.status == AttendanceStatus.ABSENT and not self.absence_reason


class LifeMeetingPoint(TrackedModel):
    """At a 民主生活会 or 组织生活会: a participant's self-criticism, a criticism of another, or a problem raised.

    A campaign's rectification list adopts problems from here (it will point at this row).
    """

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE, related_name="points"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=PointKind.choices)
    speaker = models.ForeignKey(
        "org.Person", verbose_name=_("提出人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    about = models.ForeignKey(
        "org.Person",
        verbose_name=_("被批评人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("内容"))

    scope_path: ClassVar[str] = "meeting__unit__path"

    class Meta:
        ordering = ["meeting", "kind", "pk"]
        verbose_name = _("批评与自我批评")
        verbose_name_plural = _("批评与自我批评")

    def __str__(self) -> str:
        who = self.speaker or ""
        return f"{self.get_kind_display()}：{who}{self.content[:20]}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url() + "#points"


MINIMUM_RANGE = _("每期至少召开次数应在1至31次之间")


class ComplianceRule(CatalogModel):
    """A rule of organizational life (三会一课): organizations of some kinds hold a kind of meeting at least
    so many times a month, quarter, half-year or year. Deployment-wide; administrators edit it."""

    kind = models.CharField(_("会议类型"), max_length=30, choices=MeetingKind.choices)
    org_kinds = ChoiceListField(_("适用的党组织"), item_choices=PartyOrgKind)
    frequency = models.CharField(_("周期"), max_length=10, choices=Frequency.choices)
    minimum = models.PositiveSmallIntegerField(
        _("每期至少召开（次）"),
        default=1,
        validators=[MinValueValidator(1, MINIMUM_RANGE), MaxValueValidator(31, MINIMUM_RANGE)],
    )
    active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]  # the order items are listed in: the shipped rules first, as they were
        verbose_name = _("组织生活规则")
        verbose_name_plural = _("组织生活规则")
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__gte=1),
                name="%(app_label)s_%(class)s_minimum_positive",
                violation_error_message=_("每期至少召开次数应不少于1次"),
            ),
        ]

    def __str__(self) -> str:
        return _("{kind}（{orgs}）：{frequency}至少{minimum}次").format(
            kind=self.get_kind_display(), orgs=self.get_org_kinds_display(), frequency=self.get_frequency_display(),
            minimum=self.minimum,
        )  # fmt: skip

    def get_absolute_url(self) -> str:
        return reverse("meetings:compliancerule_list")

    def get_org_kinds_display(self) -> str:
        return self._meta.get_field("org_kinds").labels(self.org_kinds)
