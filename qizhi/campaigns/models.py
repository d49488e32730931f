"""Campaigns (专项活动): phases, groups, research topics and reports, opinions, problems, rectification, rules."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.campaigns.choices import (
    DEFAULT_PROGRESS,
    EntryKind,
    GroupKind,
    MemberRole,
    OpinionChannel,
    ProblemCategory,
    ProblemSource,
    RectificationStatus,
    ReportKind,
    Verdict,
)
from qizhi.core.models import TrackedModel, UnitScopedModel

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
CAMPAIGN_PATH = "campaign__unit__path"


def _in_bounds(value: datetime.date | None, field: str) -> None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError({field: _("日期应在2000年至2100年之间")})


def _ends_after_start(start: str = "start", end: str = "end") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__gte": F(start)}),
        name="%(app_label)s_%(class)s_ends_after_start",
        violation_error_message=_("结束日期不能早于开始日期"),
    )


# --- Campaign and its phases ------------------------------------------------------------------


class Campaign(UnitScopedModel):
    """A 专项活动 of a unit (学习实践科学发展观, 创先争优): its idea, goals, dates and phases."""

    title = models.CharField(_("活动名称"), max_length=200)
    guiding_idea = models.TextField(_("指导思想"), blank=True)
    principles = models.TextField(_("基本原则"), blank=True)
    goals = models.TextField(_("目标任务"), blank=True)
    participants = models.TextField(_("参加对象"), blank=True)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    opinions_open = models.BooleanField(_("正在征求意见"), default=False)
    opinions_anonymous = models.BooleanField(
        _("匿名征求意见"), default=True, help_text=_("匿名时意见不记录提交人，也不记录提交时间")
    )
    opinions_public = models.BooleanField(_("向社会公众征求意见"), default=False)
    override_phase = models.ForeignKey(
        "campaigns.Phase", verbose_name=_("人工指定当前阶段"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    override_reason = models.CharField(_("指定理由"), max_length=200, blank=True, editable=False)
    announced_phase = models.ForeignKey(
        "campaigns.Phase", verbose_name=_("已通知的阶段"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("专项活动")
        verbose_name_plural = _("专项活动")
        constraints = [_ends_after_start()]
        indexes = [models.Index(fields=["unit", "start"], name="campaigns_campaign_unit_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])

    def clean(self):
        super().clean()
        _in_bounds(self.start, "start")
        _in_bounds(self.end, "end")


class Phase(TrackedModel):
    """One dated phase of a campaign (学习调研, 分析检查, 整改落实)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("序号"), validators=[MinValueValidator(1), MaxValueValidator(50)])
    name = models.CharField(_("阶段名称"), max_length=100)
    focus = models.TextField(_("工作重点"), blank=True)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("完成时限"))

    scope_path: ClassVar[str] = CAMPAIGN_PATH

    class Meta:
        ordering = ["campaign", "order"]
        verbose_name = _("活动阶段")
        verbose_name_plural = _("活动阶段")
        constraints = [
            _ends_after_start(),
            models.UniqueConstraint(
                fields=["campaign", "order"],
                name="%(app_label)s_%(class)s_one_per_order",
                violation_error_message=_("该活动已有此序号的阶段"),
            ),
        ]

    def __str__(self) -> str:
        return _("第{n}阶段：{name}").format(n=self.order, name=self.name)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:phase_detail", args=[self.pk])

    def clean(self):
        super().clean()
        _in_bounds(self.start, "start")
        _in_bounds(self.end, "end")
        if self.campaign_id is None or self.start is None or self.end is None:
            return
        campaign = self.campaign
        if self.start < campaign.start or self.end > campaign.end:
            raise ValidationError(
                {"end": _("阶段应在活动期间（{start}至{end}）内").format(start=campaign.start, end=campaign.end)}
            )
        overlapping = (
            Phase.objects.filter(campaign_id=self.campaign_id, start__lte=self.end, end__gte=self.start)
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping is not None:
            raise ValidationError({"start": _("与“{phase}”的时间重叠").format(phase=overlapping)})


# --- Groups -----------------------------------------------------------------------------------


class WorkingGroup(TrackedModel):
    """A body of a campaign: the 领导小组, its 办公室, a 调研工作组 or the 宣传报道组."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="groups"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    duties = models.TextField(_("职责与调研重点"), blank=True)
    units = models.ManyToManyField(
        "org.Unit", verbose_name=_("参加或督查的单位"), blank=True, related_name="campaign_groups"
    )

    scope_path: ClassVar[str] = CAMPAIGN_PATH

    class Meta:
        ordering = ["campaign", "kind", "pk"]
        verbose_name = _("工作机构")
        verbose_name_plural = _("工作机构")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:workinggroup_detail", args=[self.pk])


class GroupMember(TrackedModel):
    """A person on a campaign body, with their role (组长, 副组长, 主任, 成员) and, if it ends, the end date."""

    group = models.ForeignKey(
        "campaigns.WorkingGroup", verbose_name=_("工作机构"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="campaign_roles"
    )
    role = models.CharField(_("职务"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    ends_on = models.DateField(_("任职截止"), null=True, blank=True)

    scope_path: ClassVar[str] = "group__campaign__unit__path"

    class Meta:
        ordering = ["group", "role", "pk"]
        verbose_name = _("机构成员")
        verbose_name_plural = _("机构成员")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                name="%(app_label)s_%(class)s_once_per_group",
                violation_error_message=_("此人已是该机构成员"),
            ),
        ]

    def __str__(self) -> str:
        return _("{group}{role}{person}").format(group=self.group, role=self.get_role_display(), person=self.person)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:groupmember_detail", args=[self.pk])


# --- Research topics and reports --------------------------------------------------------------


class ResearchTopic(TrackedModel):
    """A 调研课题 of a campaign, owned by a working group."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="topics"
    )
    group = models.ForeignKey(
        "campaigns.WorkingGroup", verbose_name=_("承担工作组"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="topics",
    )  # fmt: skip
    title = models.CharField(_("课题"), max_length=300)
    order = models.PositiveSmallIntegerField(_("序号"), default=1, validators=[MaxValueValidator(100)])

    scope_path: ClassVar[str] = CAMPAIGN_PATH

    class Meta:
        ordering = ["campaign", "order", "pk"]
        verbose_name = _("调研课题")
        verbose_name_plural = _("调研课题")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:researchtopic_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.group_id and self.campaign_id and self.group.campaign_id != self.campaign_id:
            raise ValidationError({"group": _("承担工作组应属于同一专项活动")})


class Report(TrackedModel):
    """An output of a campaign: a 调研报告 or 建议书 on a topic, or the 分析检查报告 (files attached)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="reports"
    )
    topic = models.ForeignKey(
        "campaigns.ResearchTopic", verbose_name=_("调研课题"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )  # fmt: skip
    kind = models.CharField(_("类型"), max_length=20, choices=ReportKind.choices, default=ReportKind.RESEARCH)
    title = models.CharField(_("标题"), max_length=300)
    author = models.CharField(_("撰写人"), max_length=100, blank=True)
    submitted_on = models.DateField(_("完成日期"))
    summary = models.TextField(_("摘要"), blank=True)

    scope_path: ClassVar[str] = CAMPAIGN_PATH

    class Meta:
        ordering = ["campaign", "-submitted_on", "pk"]
        verbose_name = _("调研成果")
        verbose_name_plural = _("调研成果")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:report_detail", args=[self.pk])

    def clean(self):
        super().clean()
        _in_bounds(self.submitted_on, "submitted_on")
        if self.topic_id and self.campaign_id and self.topic.campaign_id != self.campaign_id:
            raise ValidationError({"topic": _("调研课题应属于同一专项活动")})


# --- Opinions ---------------------------------------------------------------------------------


def random_id() -> int:
    """An opinion's id says nothing about when it came (a sequence would order it beside its receipt)."""
    return secrets.randbelow(2**53 - 1) + 1


class Opinion(TrackedModel):
    """An opinion or suggestion sent in while a campaign seeks them (征求意见), from staff or the public.

    An anonymous staff opinion keeps no person, no author, no time and no history row of its
    creation: its id is random and its timestamps are the campaign's first day (``services.send_opinion``).
    """

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="opinions"
    )
    channel = models.CharField(_("来源"), max_length=20, choices=OpinionChannel.choices, editable=False)
    person = models.ForeignKey(
        "org.Person", verbose_name=_("提出人"), null=True, blank=True, editable=False, on_delete=models.PROTECT,
        related_name="campaign_opinions",
    )  # fmt: skip
    category = models.CharField(_("方面"), max_length=20, choices=ProblemCategory.choices, blank=True)
    content = models.TextField(_("意见建议"), max_length=5000)
    contact = models.CharField(_("联系方式（自愿）"), max_length=100, blank=True)
    address_hash = models.CharField(max_length=64, blank=True, editable=False)  # public: a keyed hash, never the IP

    scope_path: ClassVar[str] = CAMPAIGN_PATH

    class Meta:
        ordering = ["campaign", "channel", "id"]
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        indexes = [models.Index(fields=["address_hash", "created_at"], name="campaigns_opinion_address")]

    def __str__(self) -> str:
        text = self.content.replace("\n", " ")
        return text[:30] + ("…" if len(text) > 30 else "")

    def get_absolute_url(self) -> str:
        return reverse("campaigns:opinion_detail", args=[self.pk])


class OpinionReceipt(TrackedModel):
    """That a staff member answered a campaign's consultation (one response each), kept apart from the
    opinion itself, which an anonymous form never links back."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="receipts"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="campaign_receipts"
    )

    scope_path: ClassVar[str] = CAMPAIGN_PATH

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("意见提交记录")
        verbose_name_plural = _("意见提交记录")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"],
                name="%(app_label)s_%(class)s_one_per_person",
                violation_error_message=_("您已对本次活动提交过意见"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person}已提交意见").format(person=self.person)

    def get_absolute_url(self) -> str:
        return self.campaign.get_absolute_url()


# --- Problems and rectification ---------------------------------------------------------------


class Problem(TrackedModel):
    """A problem found (查摆问题) in one of the eight areas, from an opinion, a meeting, an inspection or a topic."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="problems"
    )
    category = models.CharField(_("方面"), max_length=20, choices=ProblemCategory.choices)
    source = models.CharField(_("来源"), max_length=20, choices=ProblemSource.choices)
    opinion = models.ForeignKey(
        "campaigns.Opinion", verbose_name=_("来源意见"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="problems",
    )  # fmt: skip
    description = models.TextField(_("问题表现"), max_length=5000)
    found_on = models.DateField(_("查摆日期"))

    scope_path: ClassVar[str] = CAMPAIGN_PATH

    class Meta:
        ordering = ["campaign", "category", "pk"]
        verbose_name = _("查摆问题")
        verbose_name_plural = _("查摆问题")
        indexes = [models.Index(fields=["campaign", "category"], name="campaigns_problem_category")]

    def __str__(self) -> str:
        text = self.description.replace("\n", " ")
        return text[:40] + ("…" if len(text) > 40 else "")

    def get_absolute_url(self) -> str:
        return reverse("campaigns:problem_detail", args=[self.pk])

    def clean(self):
        super().clean()
        _in_bounds(self.found_on, "found_on")
        if self.opinion_id and self.campaign_id and self.opinion.campaign_id != self.campaign_id:
            raise ValidationError({"opinion": _("来源意见应属于同一专项活动")})


class Rectification(TrackedModel):
    """A rectification item (整改事项) of a problem: 四明确 — measure, target, deadline, responsible — and 一公开."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), on_delete=models.CASCADE, related_name="rectifications"
    )
    problem = models.ForeignKey(
        "campaigns.Problem", verbose_name=_("问题"), on_delete=models.CASCADE, related_name="rectifications"
    )
    measure = models.TextField(_("整改措施"), blank=True)
    target = models.CharField(_("整改目标"), max_length=300, blank=True)
    indicator = models.CharField(_("量化指标"), max_length=100, blank=True, help_text=_("能量化的写明指标，如“办结率”"))
    goal = models.CharField(_("目标值"), max_length=50, blank=True, help_text=_("如“100%”“3项”"))
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    responsible_person = models.ForeignKey(
        "org.Person", verbose_name=_("责任人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="rectifications",
    )  # fmt: skip
    responsible_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="rectifications",
    )  # fmt: skip
    weight = models.DecimalField(
        _("权重"), max_digits=6, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000"))],
    )  # fmt: skip
    status = models.CharField(
        _("状态"), max_length=20, choices=RectificationStatus.choices, default=RectificationStatus.PENDING,
        editable=False,
    )  # fmt: skip
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0, editable=False)
    public = models.BooleanField(_("已公开"), default=False, editable=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("公开人"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    scope_path: ClassVar[str] = CAMPAIGN_PATH

    class Meta:
        ordering = ["campaign", "deadline", "pk"]
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_percent",
                violation_error_message=_("进度应在0至100之间"),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="%(app_label)s_%(class)s_weight_positive",
                violation_error_message=_("权重应大于0"),
            ),
            models.CheckConstraint(
                condition=Q(public=False)
                | (
                    ~Q(measure="")
                    & ~Q(target="")
                    & Q(deadline__isnull=False)
                    & Q(responsible_person__isnull=False)
                    & Q(responsible_unit__isnull=False)
                ),
                name="%(app_label)s_%(class)s_public_only_when_complete",
                violation_error_message=_("公开的整改事项必须写明整改措施、整改目标、完成时限、责任人和责任单位"),
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "status", "deadline"], name="campaigns_rect_ledger"),
            models.Index(fields=["responsible_person", "status"], name="campaigns_rect_owner"),
        ]

    def __str__(self) -> str:
        text = (self.measure or str(self.problem)).replace("\n", " ")
        return text[:40] + ("…" if len(text) > 40 else "")

    def get_absolute_url(self) -> str:
        return reverse("campaigns:rectification_detail", args=[self.pk])

    @property
    def default_progress(self) -> int:
        return DEFAULT_PROGRESS[self.status]

    def clean(self):
        super().clean()
        _in_bounds(self.deadline, "deadline")
        if self.problem_id and self.campaign_id is None:
            self.campaign_id = self.problem.campaign_id
        if self.problem_id and self.problem.campaign_id != self.campaign_id:
            raise ValidationError({"problem": _("问题应属于同一专项活动")})
        if self.deadline is not None and self.campaign_id:
            campaign = self.campaign
            if not campaign.start <= self.deadline <= campaign.end:
                raise ValidationError(
                    {
                        "deadline": _("完成时限应在活动期间（{start}至{end}）内").format(
                            start=campaign.start, end=campaign.end
                        )
                    }
                )


class RectificationEntry(TrackedModel):
    """A dated entry on a rectification item's timeline: progress reported, published, verified, returned."""

    item = models.ForeignKey(
        "campaigns.Rectification", verbose_name=_("整改事项"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=EntryKind.choices)
    on = models.DateField(_("日期"))
    status = models.CharField(_("状态"), max_length=20, choices=RectificationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("进度（%）"))
    verdict = models.CharField(_("验收结论"), max_length=20, choices=Verdict.choices, blank=True)
    note = models.TextField(_("说明"), blank=True, max_length=2000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_path: ClassVar[str] = "item__campaign__unit__path"

    class Meta:
        ordering = ["item", "on", "pk"]
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")

    def __str__(self) -> str:
        return _("{on} {kind}：{status} {progress}%").format(
            on=self.on.strftime("%Y年%m月%d日"), kind=self.get_kind_display(), status=self.get_status_display(),
            progress=self.progress,
        )  # fmt: skip

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class Rule(UnitScopedModel):
    """A rule made (建章立制): its title, text and date, from a campaign or the unit's own work."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项活动"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="rules",
    )  # fmt: skip
    title = models.CharField(_("制度名称"), max_length=200)
    text = models.TextField(_("制度内容"), blank=True)
    made_on = models.DateField(_("制定日期"))

    class Meta:
        ordering = ["-made_on", "pk"]
        verbose_name = _("制度")
        verbose_name_plural = _("建章立制")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:rule_detail", args=[self.pk])

    def clean(self):
        super().clean()
        _in_bounds(self.made_on, "made_on")
        if self.campaign_id and self.unit_id and self.campaign.unit_id != self.unit_id:
            raise ValidationError({"campaign": _("专项活动应属于同一单位")})
