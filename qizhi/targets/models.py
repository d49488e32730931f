"""The target-responsibility system (目标责任制): a unit's year plan, its central tasks decomposed down
to people, progress with evidence, supervision, score adjustments, public commitments and model posts."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.models import TrackedModel, TreeModel, UnitScopedModel
from qizhi.core.workflow import WorkflowMixin
from qizhi.targets.choices import Direction, Family, IndicatorKind, PostKind, SupervisionStatus

# Targets are read by their plan's unit (the bureau that owns the plan) and by their owner unit (a
# section sees the pieces assigned to it): a row with two owners, as a transfer has.
TARGET_PATHS = ("owner_unit__path", "plan__unit__path")


# Years 2000–2100: the same bound as every year parameter (core.params.YEARS).
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Plan(UnitScopedModel):
    """年度目标责任书: a unit's central tasks for one year."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("年度目标责任书")
        verbose_name_plural = _("年度目标责任书")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="%(app_label)s_%(class)s_one_per_unit_year",
                violation_error_message=_("该单位该年度已有目标责任书"),
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="%(app_label)s_%(class)s_year"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("targets:plan_detail", args=[self.pk])


class Target(TreeModel):
    """A central task or one of its decomposed pieces, with its indicator, owner and weight (分值)."""

    plan = models.ForeignKey(
        "targets.Plan", verbose_name=_("目标责任书"), on_delete=models.CASCADE, related_name="targets"
    )
    family = models.CharField(_("类别"), max_length=20, choices=Family.choices, default=Family.BUSINESS)
    category = models.CharField(_("分类"), max_length=50, blank=True, help_text=_("如：人民调解、法治宣传"))
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("要求"), blank=True)
    weight = models.DecimalField(_("分值"), max_digits=7, decimal_places=2)
    deadline = models.DateField(_("完成时限"))
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="targets"
    )
    owner_person = models.ForeignKey(
        "org.Person", verbose_name=_("责任人"), null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    kind = models.CharField(
        _("指标类型"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.QUANTITATIVE
    )
    measure = models.CharField(_("指标"), max_length=100, blank=True, help_text=_("如：调处矛盾纠纷"))
    unit_of_measure = models.CharField(_("计量单位"), max_length=10, blank=True, help_text=_("件、人、%等"))
    goal = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    stat_indicator = models.ForeignKey(
        "statistics.Indicator", verbose_name=_("取数指标"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("选择后，完成值从业务统计中读取，无需填报"),
    )  # fmt: skip
    # Kept by services.refresh(): the latest approved value, and the completion (0–1) of this target
    # (its own indicator for a leaf, the weighted completion of its children otherwise).
    actual = models.DecimalField(_("完成值"), max_digits=14, decimal_places=2, null=True, blank=True)
    completion = models.DecimalField(_("完成度"), max_digits=5, decimal_places=4, default=Decimal(0))

    scope_path: ClassVar[tuple[str, str]] = TARGET_PATHS
    node_order_by: ClassVar[list[str]] = []

    class Meta:
        ordering = ["path"]
        verbose_name = _("目标任务")
        verbose_name_plural = _("目标任务")
        indexes = [
            # Covering for the lights of a unit's subtree (the ranking): no visit to the rows themselves.
            models.Index(fields=["owner_unit", "plan", "deadline", "completion"], name="targets_target_owner_lights"),
            # A plan's top levels (the plan page opens on them) and a level's children in path order.
            models.Index(fields=["plan", "depth", "path"], name="targets_target_plan_depth"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="%(app_label)s_%(class)s_weight_not_negative"),
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(goal__gte=0), name="%(app_label)s_%(class)s_goal_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(completion__gte=0, completion__lte=1), name="%(app_label)s_%(class)s_completion_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("targets:target_detail", args=[self.pk])

    @property
    def level(self) -> int:
        return self.depth

    @property
    def percent(self) -> Decimal:
        return (self.completion * 100).quantize(Decimal("0.1"))


class Milestone(TrackedModel):
    """One dated step of a milestone-based target; done when an approved progress report says so."""

    date_bounds: ClassVar[dict] = {"done_on": bounds.DONE}

    target = models.ForeignKey(
        "targets.Target", verbose_name=_("目标任务"), on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("节点"), max_length=200)
    due = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)

    scope_path: ClassVar[tuple[str, str]] = tuple(f"target__{path}" for path in TARGET_PATHS)

    class Meta:
        ordering = ["target", "position", "due"]
        verbose_name = _("节点")
        verbose_name_plural = _("节点")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()


class ProgressReport(WorkflowMixin, TrackedModel):
    """进度报告: the owner's value or milestones as of a date, with narrative and evidence files;
    the parent target's owner approves or returns it. An approved report is never edited: a
    correction is a new report."""

    date_bounds: ClassVar[dict] = {"as_of": bounds.DONE}

    target = models.ForeignKey(
        "targets.Target", verbose_name=_("目标任务"), on_delete=models.PROTECT, related_name="reports"
    )
    as_of = models.DateField(_("截至日期"))
    value = models.DecimalField(_("完成值"), max_digits=14, decimal_places=2, null=True, blank=True)
    milestones_done = models.ManyToManyField(
        "targets.Milestone", verbose_name=_("已完成节点"), blank=True, related_name="+"
    )
    narrative = models.TextField(_("完成情况"))

    scope_path: ClassVar[tuple[str, str]] = tuple(f"target__{path}" for path in TARGET_PATHS)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="%(app_label)s_%(class)s_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return _("{target}（截至{day}）").format(target=self.target, day=f"{self.as_of:%Y年%-m月%-d日}")

    def get_absolute_url(self) -> str:
        return reverse("targets:progressreport_detail", args=[self.pk])


class Supervision(TrackedModel):
    """督查督办: an instruction on a lagging target, its deadline, the owner's response and closure."""

    target = models.ForeignKey(
        "targets.Target", verbose_name=_("目标任务"), on_delete=models.CASCADE, related_name="supervisions"
    )
    instruction = models.TextField(_("督办要求"))
    deadline = models.DateField(_("反馈时限"))
    status = models.CharField(
        _("状态"), max_length=20, choices=SupervisionStatus.choices, default=SupervisionStatus.OPEN
    )
    response = models.TextField(_("办理反馈"), blank=True)
    responded_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # 转办: the item passed on to a colleague answers to them once they accept; until then it waits in
    # ``handoff_to``'s inbox. 退回: the owner sends it back to the supervisor with ``return_reason``.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    handoff_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("转办给"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    return_reason = models.TextField(_("退回理由"), blank=True)

    scope_path: ClassVar[tuple[str, str]] = tuple(f"target__{path}" for path in TARGET_PATHS)

    class Meta:
        ordering = ["status", "deadline", "pk"]
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")

    def __str__(self) -> str:
        return _("督办：{target}").format(target=self.target)

    def get_absolute_url(self) -> str:
        return reverse("targets:supervision_detail", args=[self.pk])


class ScoreAdjustment(UnitScopedModel):
    """A bonus (加分) or deduction (减分) in a unit's year assessment, with its reason and evidence."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="score_adjustments"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, help_text=_("加分为正，减分为负"))
    reason = models.CharField(_("事由"), max_length=300)

    class Meta:
        ordering = ["-year", "unit__path", "pk"]
        verbose_name = _("加减分")
        verbose_name_plural = _("加减分")
        constraints = [
            models.CheckConstraint(
                condition=~Q(points=0), name="%(app_label)s_%(class)s_not_zero",
                violation_error_message=_("加减分不能为零"),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        sign = "+" if self.points > 0 else ""
        return f"{self.unit}{self.year}年{sign}{self.points}分：{self.reason}"

    def get_absolute_url(self) -> str:
        return reverse("targets:scoreadjustment_detail", args=[self.pk])


class Commitment(UnitScopedModel):
    """公开承诺: a branch's or a member's pledge for the year, tied to targets; public ones are disclosed."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="commitments"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    party_org = models.ForeignKey(
        "party.PartyOrg",
        verbose_name=_("承诺党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("承诺党员"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("承诺内容"))
    targets = models.ManyToManyField(
        "targets.Target", verbose_name=_("对应目标"), blank=True, related_name="commitments"
    )
    public = models.BooleanField(_("公开"), default=True)

    class Meta:
        ordering = ["-year", "unit__path", "pk"]
        verbose_name = _("公开承诺")
        verbose_name_plural = _("公开承诺")
        constraints = [
            models.CheckConstraint(
                condition=Q(party_org__isnull=True, person__isnull=False)
                | Q(party_org__isnull=False, person__isnull=True),
                name="%(app_label)s_%(class)s_one_committer",
                violation_error_message=_("承诺人应为一个党组织或一名党员"),
            ),
        ]

    def __str__(self) -> str:
        who = self.party_org or self.person
        return _("{who}{year}年公开承诺").format(who=who, year=self.year)

    def get_absolute_url(self) -> str:
        return reverse("targets:commitment_detail", args=[self.pk])


class ModelPost(UnitScopedModel):
    """示范岗 / 示范窗口: a post or window held up as an example, its holders and their pledge."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="model_posts"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("类型"), max_length=10, choices=PostKind.choices, default=PostKind.POST)
    name = models.CharField(_("名称"), max_length=100)
    holders = models.ManyToManyField("org.Person", verbose_name=_("岗位党员"), blank=True, related_name="model_posts")
    pledge = models.TextField(_("承诺与规范"))
    public = models.BooleanField(_("公开"), default=True)

    class Meta:
        ordering = ["-year", "unit__path", "name"]
        verbose_name = _("示范岗（窗口）")
        verbose_name_plural = _("示范岗（窗口）")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("targets:modelpost_detail", args=[self.pk])
