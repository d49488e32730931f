"""The indicator catalog, monthly reports and their values."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core.models import CatalogModel, UnitScopedModel
from qizhi.core.scoping import ScopedManager
from qizhi.core.workflow import WorkflowMixin
from qizhi.statistics.choices import BusinessLine, TimeAggregation


class Indicator(CatalogModel):
    """One figure of the catalog: reported by some unit kinds each month, or computed as a ratio."""

    code = models.CharField(_("指标代码"), max_length=40, unique=True)
    name = models.CharField(_("指标名称"), max_length=100)
    unit_of_measure = models.CharField(_("计量单位"), max_length=10)
    line = models.CharField(_("业务条线"), max_length=20, choices=BusinessLine.choices)
    time_aggregation = models.CharField(
        _("时间汇总方式"), max_length=20, choices=TimeAggregation.choices, default=TimeAggregation.SUM
    )
    integer = models.BooleanField(_("整数"), default=True)
    reporting_kinds = models.JSONField(_("填报单位类型"), default=list, blank=True)
    numerator = models.ForeignKey(
        "self", verbose_name=_("分子指标"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("分母指标"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at_most = models.ForeignKey(
        "self",
        verbose_name=_("不得大于"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("同一报表中本指标不得大于该指标，如调解成功数不得大于受理数"),
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("统计指标")
        verbose_name_plural = _("统计指标")
        constraints = [
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="%(app_label)s_%(class)s_ratio_has_both_parts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.numerator_id is not None


class ParagraphTemplate(CatalogModel):
    """The text of the year's paragraph, with a ``{code}`` placeholder per indicator."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    text = models.TextField(_("模板"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("年度概述模板")
        verbose_name_plural = _("年度概述模板")

    def __str__(self) -> str:
        return self.name


class StatReport(WorkflowMixin, UnitScopedModel):
    """A unit's monthly report: one per unit and month, locked once approved."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="stat_reports"
    )
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    preparer = models.CharField(_("填表人"), max_length=50, blank=True)
    reviewer = models.CharField(_("审核人"), max_length=50, blank=True)

    class Meta:
        ordering = ["-month", "unit__path"]
        verbose_name = _("月度统计报表")
        verbose_name_plural = _("月度统计报表")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="%(app_label)s_%(class)s_one_per_unit_month",
                violation_error_message=_("该单位该月已有报表"),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="%(app_label)s_%(class)s_month_first_day"),
        ]

    def __str__(self) -> str:
        return _("{unit}{year}年{month}月统计报表").format(unit=self.unit, year=self.month.year, month=self.month.month)

    def get_absolute_url(self) -> str:
        return reverse("statistics:statreport_detail", args=[self.pk])


class StatValue(models.Model):  # no tier on purpose: ~10M rows; the report carries history and workflow
    """One reported value. Unit and month are copied from the report so that roll-ups read one
    unit-first covering index (unit, indicator, month, value) and never join the report for them."""

    # No index of their own for report and unit: the unique (report, indicator) and the unit-first index lead
    # with them, and two fewer indexes on ~10M rows make every approval and bulk load cheaper.
    report = models.ForeignKey("statistics.StatReport", on_delete=models.CASCADE, related_name="values", db_index=False)
    indicator = models.ForeignKey("statistics.Indicator", on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    month = models.DateField()
    approved = models.BooleanField(default=False)  # mirrors the report's status: roll-ups count approved values
    value = models.DecimalField(max_digits=14, decimal_places=2)

    objects = ScopedManager()
    scope_path: ClassVar[str] = "unit__path"

    class Meta:
        ordering = ["report", "indicator__position"]
        verbose_name = _("统计数值")
        verbose_name_plural = _("统计数值")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="%(app_label)s_%(class)s_one_per_indicator"),
            models.CheckConstraint(condition=Q(value__gte=0), name="%(app_label)s_%(class)s_not_negative"),
        ]
        indexes = [
            models.Index(fields=["unit", "indicator", "month", "approved", "value"], name="stat_value_unit_first"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class StatTotal(models.Model):  # no tier on purpose: a rebuildable summary of StatValue (docs/design.md)
    """The approved values of every unit *below* a unit (not the unit's own), summed per indicator and month.

    A roll-up of a unit's subtree reads its row here plus the unit's own values, instead of every value of the
    subtree. ``services.approve`` and ``services.reopen`` keep it in step in their transaction (one upsert of
    deltas into the ancestors' rows); ``services.rebuild_totals`` recounts it from ``StatValue``."""

    # Derived data: it goes with its unit or indicator (which StatValue's PROTECT already guards). The unique
    # constraint below leads with the unit, so the foreign key needs no index of its own.
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.ForeignKey("statistics.Indicator", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=2)
    # How many values are summed: the row goes when the last is reopened. No ">= 0" check: an upsert's proposed
    # row (count -1 on reopening) is checked before it meets the existing row.
    count = models.IntegerField()

    objects = ScopedManager()
    scope_path: ClassVar[str] = "unit__path"

    class Meta:
        ordering = ["unit", "month", "indicator"]
        verbose_name = _("下级汇总值")
        verbose_name_plural = _("下级汇总值")
        constraints = [
            # Unit, then month: a period of one unit (or of each county) is one contiguous index range.
            models.UniqueConstraint(fields=["unit", "month", "indicator"], name="%(app_label)s_%(class)s_one_per_cell"),
        ]
        indexes = [
            # The same columns plus the value: roll-ups scan the index only (PostgreSQL can INCLUDE a column in
            # the unique index, SQLite cannot, and the upsert needs the unique index on both).
            models.Index(fields=["unit", "month", "indicator", "value"], name="stat_total_unit_month_covering"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}/{self.month:%Y-%m}={self.value}"
