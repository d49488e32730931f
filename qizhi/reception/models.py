"""Visits (接访) and letters to the director (局长信箱): one case engine with a duty roster, first
responsibility, 转办 with acceptance, clocks on a working-day calendar and a public status page."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core.models import CatalogModel, TrackedModel, UnitScopedModel
from qizhi.core.scoping import ScopedManager, ScopedQuerySet
from qizhi.reception.choices import (
    CaseKind,
    CaseStatus,
    Channel,
    Counting,
    DayKind,
    HandoverState,
    QAState,
    Satisfaction,
    Stage,
    Start,
)

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def _in_bounds(value: datetime.date | None, field: str) -> None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError({field: _("日期应在2000年至2100年之间")})


# --- The working-day calendar and the clock rules -------------------------------------------------


class CalendarDay(CatalogModel):
    """A day that breaks the Monday–Friday week: a public holiday, or a 调休 Saturday/Sunday worked."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True, help_text=_("如 国庆节"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")

    def __str__(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日 {self.get_kind_display()} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("reception:calendarday_detail", args=[self.pk])

    def clean(self):
        super().clean()
        _in_bounds(self.date, "date")


class ClockRule(CatalogModel):
    """One legal time limit of a kind of case: 受理 within 15 days, 办结 within 60, extendable by 30…"""

    case_kind = models.CharField(_("事项类型"), max_length=20, choices=CaseKind.choices)
    stage = models.CharField(_("环节"), max_length=10, choices=Stage.choices)
    days = models.PositiveSmallIntegerField(_("期限（日）"), validators=[MinValueValidator(1), MaxValueValidator(365)])
    counting = models.CharField(_("计算方式"), max_length=10, choices=Counting.choices, default=Counting.CALENDAR)
    start = models.CharField(_("起算"), max_length=10, choices=Start.choices, default=Start.RECEIVED)
    max_extension = models.PositiveSmallIntegerField(
        _("最多延期（日）"), default=0, validators=[MaxValueValidator(365)]
    )
    basis = models.CharField(_("依据"), max_length=100, blank=True)

    class Meta:
        ordering = ["case_kind", "stage"]
        verbose_name = _("办理时限规则")
        verbose_name_plural = _("办理时限规则")
        constraints = [
            models.UniqueConstraint(
                fields=["case_kind", "stage"],
                name="%(app_label)s_%(class)s_one_per_stage",
                violation_error_message=_("该事项类型的此环节已有时限规则"),
            ),
        ]

    def __str__(self) -> str:
        return _("{kind}{stage}：{days}个{counting}").format(
            kind=self.get_case_kind_display(), stage=self.get_stage_display(), days=self.days,
            counting=self.get_counting_display(),
        )  # fmt: skip

    def get_absolute_url(self) -> str:
        return reverse("reception:clockrule_detail", args=[self.pk])


class CaseCounter(CatalogModel):
    """The last reference number given for a prefix and year (locked while the next is taken: gapless)."""

    prefix = models.CharField(_("前缀"), max_length=4)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用号"), default=0)

    class Meta:
        ordering = ["prefix", "year"]
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("该前缀本年度已有计数器"),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


# --- The duty roster ----------------------------------------------------------------------------


class DutySlot(UnitScopedModel):
    """One week's 领导挂牌接访 duty of a bureau: who receives visitors, and a swap if one was made."""

    week = models.DateField(_("周（周一）"))
    leader = models.ForeignKey(
        "org.Person", verbose_name=_("值班领导"), on_delete=models.PROTECT, related_name="duty_slots"
    )
    place = models.CharField(_("接访地点"), max_length=100, blank=True, default="局机关接待室")
    scheduled = models.ForeignKey(
        "org.Person", verbose_name=_("原排班领导"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    swap_reason = models.CharField(_("调班原因"), max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["-week", "unit__path"]
        verbose_name = _("接访值班")
        verbose_name_plural = _("接访值班")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "week"], name="%(app_label)s_%(class)s_one_per_week",
                violation_error_message=_("该单位本周已排值班领导"),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return _("{week}当周 {leader}").format(
            week=f"{self.week.year}年{self.week.month}月{self.week.day}日", leader=self.leader
        )

    def get_absolute_url(self) -> str:
        return reverse("reception:dutyslot_detail", args=[self.pk])

    @property
    def week_end(self) -> datetime.date:
        return self.week + datetime.timedelta(days=6)

    def clean(self):
        super().clean()
        _in_bounds(self.week, "week")
        if self.week is not None and self.week.weekday() != 0:
            self.week -= datetime.timedelta(days=self.week.weekday())


# --- Cases --------------------------------------------------------------------------------------


class CaseQuerySet(ScopedQuerySet):
    personal = True  # a case offered to the user

    def visible_to(self, user) -> CaseQuerySet:
        """The cases in the user's scope, and those offered to the user by a pending 转办 (the receiver
        reads a case before accepting it, even from a unit they do not otherwise see)."""
        scoped = super().visible_to(user)
        if not user.is_authenticated:
            return scoped
        offered = Handover.objects.filter(to_owner=user, state=HandoverState.PENDING).values("case_id")
        return self.filter(Q(pk__in=scoped.values("pk")) | Q(pk__in=offered))


class Case(UnitScopedModel):
    """A visit or a letter, from registration to its outcome and the citizen's satisfaction.

    ``unit`` is the unit handling it now; ``owner`` the person answering for it (首问负责: whoever
    registered it, until a 转办 is accepted). An anonymous letter keeps no link to its writer."""

    kind = models.CharField(_("事项类型"), max_length=20, choices=CaseKind.choices, default=CaseKind.VISIT)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices, default=Channel.VISIT)
    number = models.CharField(_("编号"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    serial = models.PositiveIntegerField(_("序号"), editable=False)
    code_hash = models.CharField(max_length=200, editable=False)
    subject = models.CharField(_("事由"), max_length=100)
    content = models.TextField(_("内容"), max_length=5000, help_text=_("不公开：仅经办人员可见"))
    citizen_name = models.CharField(_("来访（来信）人"), max_length=50, blank=True)
    citizen_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    anonymous = models.BooleanField(_("匿名"), default=False, editable=False)
    writer = models.ForeignKey(
        "org.Person", verbose_name=_("写信干警"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="letters",
    )  # fmt: skip
    received_on = models.DateField(_("收到日期"))
    duty_slot = models.ForeignKey(
        DutySlot, verbose_name=_("值班"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="cases",
    )  # fmt: skip
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("首问负责人"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="reception_cases",
    )  # fmt: skip
    status = models.CharField(
        _("状态"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, editable=False
    )
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True, editable=False)
    outcome = models.TextField(_("办理结果"), blank=True, editable=False)
    reply = models.TextField(_("答复"), blank=True, editable=False, help_text=_("给来信（来访）人本人的答复"))
    extension_days = models.PositiveSmallIntegerField(_("延期（日）"), default=0, editable=False)
    extension_reason = models.CharField(_("延期理由"), max_length=200, blank=True, editable=False)
    extension_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("延期批准人"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    satisfaction = models.CharField(
        _("满意度"), max_length=20, choices=Satisfaction.choices, blank=True, editable=False
    )
    satisfaction_on = models.DateField(_("评价日期"), null=True, blank=True, editable=False)
    reopened_on = models.DateField(_("重新办理日期"), null=True, blank=True, editable=False)
    consent = models.BooleanField(_("同意公开问答"), default=False, editable=False)
    qa_state = models.CharField(
        _("问答公开"), max_length=20, choices=QAState.choices, default=QAState.NONE, editable=False
    )
    public_question = models.TextField(_("公开的问题"), blank=True, editable=False)
    public_answer = models.TextField(_("公开的答复"), blank=True, editable=False)
    qa_published_on = models.DateField(_("问答公开日期"), null=True, blank=True, editable=False)

    objects = ScopedManager.from_queryset(CaseQuerySet)()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("接访来信事项")
        verbose_name_plural = _("接访来信事项")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "serial"], name="%(app_label)s_%(class)s_one_number",
                violation_error_message=_("该编号已被使用"),
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.CLOSED, closed_on__isnull=False) | ~Q(status=CaseStatus.CLOSED),
                name="%(app_label)s_%(class)s_closed_has_date",
                violation_error_message=_("已办结的事项须有办结日期"),
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(writer__isnull=True, created_by__isnull=True),
                name="%(app_label)s_%(class)s_anonymous_unlinked",
                violation_error_message=_("匿名来信不能关联写信人"),
            ),
            models.CheckConstraint(
                condition=Q(extension_days__lte=365), name="%(app_label)s_%(class)s_extension_bounded",
                violation_error_message=_("延期天数超出范围"),
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["unit", "received_on"], name="reception_case_unit_day"),
            models.Index(fields=["status", "owner"], name="reception_case_open_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("reception:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def visitor(self) -> str:
        """Who came or wrote, as the case page and the export show it: never the writer of an anonymous
        letter (none is stored). Reads ``writer``: select_related it for a list."""
        if self.anonymous:
            return str(_("匿名"))
        return str(self.writer) if self.writer_id else self.citizen_name

    def clean(self):
        super().clean()
        _in_bounds(self.received_on, "received_on")


class CaseStep(TrackedModel):
    """One thing done on a case, dated: a call, a site visit, a meeting with the parties."""

    case = models.ForeignKey(Case, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="steps")
    on = models.DateField(_("日期"))
    text = models.CharField(_("办理情况"), max_length=500)

    scope_path: ClassVar[str] = "case__unit__path"

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")

    def __str__(self) -> str:
        return f"{self.on} {self.text[:30]}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()


class Handover(TrackedModel):
    """A 转办: the owner passes the case on; it moves only when the receiver accepts."""

    case = models.ForeignKey(Case, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="handovers")
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("转出人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey("org.Unit", verbose_name=_("接收单位"), on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey("org.Unit", verbose_name=_("转出单位"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("转办理由"), max_length=200)
    state = models.CharField(_("状态"), max_length=20, choices=HandoverState.choices, default=HandoverState.PENDING)
    decided_on = models.DateField(_("处理日期"), null=True, blank=True)
    answer = models.CharField(_("接收意见"), max_length=200, blank=True)

    scope_path: ClassVar[str] = "case__unit__path"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("转办")
        verbose_name_plural = _("转办")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(state=HandoverState.PENDING),
                name="%(app_label)s_%(class)s_one_pending", violation_error_message=_("该事项已有待接收的转办"),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return _("{case} 转 {to}").format(case=self.case.number, to=self.to_owner)

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()


class ClockStop(TrackedModel):
    """An interval in which the clock of a case stood still, waiting for the citizen (补充材料)."""

    case = models.ForeignKey(Case, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="stops")
    start = models.DateField(_("停止计时日"))
    end = models.DateField(_("恢复计时日"), null=True, blank=True, help_text=_("此日起恢复计时；未恢复时为空"))
    reason = models.CharField(_("原因"), max_length=200)

    scope_path: ClassVar[str] = "case__unit__path"

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("停止计时")
        verbose_name_plural = _("停止计时")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("恢复计时日应晚于停止计时日"),
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(end__isnull=True), name="%(app_label)s_%(class)s_one_running",
                violation_error_message=_("该事项已在停止计时中"),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.start}—{self.end or ''} {self.reason}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()
