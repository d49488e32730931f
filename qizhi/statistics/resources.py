"""A month's reports for many units from one .xlsx: a row per unit, a column per indicator code."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from qizhi.core.resources import Column, ScopedModelResource, TextWidget
from qizhi.core.sheets import TemplateColumn
from qizhi.org.resources import UnitWidget
from qizhi.statistics import services
from qizhi.statistics.models import Indicator, StatReport


class MonthWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        if hasattr(value, "year"):  # Excel turned 2025-03 into a date
            return value.replace(day=1) if hasattr(value, "replace") else value
        try:
            return services.parse_month(super().clean(value))
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc


class MonthlyReportResource(ScopedModelResource):
    unit = Column(attribute="unit", column_name="单位", required=True)
    month = Column(attribute="month", column_name="月份", widget=MonthWidget(), required=True)

    class Meta:
        model = StatReport
        fields = ("unit", "month")
        clean_model_instances = False  # the rules live in services
        skip_diff = True
        use_bulk = False

    row_meaning = _lazy("一个单位一个月的报表（每个指标一列）")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["unit"].widget = UnitWidget(self, area="statistics")
        indicators = Indicator.objects.filter(active=True, numerator__isnull=True).order_by("position")
        self.names = dict(indicators.values_list("code", "name"))  # the template's headers are the names
        self.codes = list(self.names)
        self.seen: dict[tuple[int, object], int] = {}

    def column_names(self) -> dict[str, str]:
        return {**super().column_names(), **self.names, "status": "月份"}

    def template_columns(self) -> list[TemplateColumn]:
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        units = self.fields["unit"].widget.template_choices()
        return [
            TemplateColumn(_("单位"), units[0] if units else "", choices=units, required=True, width=24),
            TemplateColumn(_("月份"), f"{last_month:%Y-%m}", text=True, required=True, width=10, hint=_("如 2026-03")),
            *(TemplateColumn(name, "", width=max(10, 2 * len(name) + 2)) for name in self.names.values()),
        ]

    def before_import_row(self, row, **kwargs):
        """A column headed by the indicator's name (as in the template) or its code (older files)."""
        for code, name in self.names.items():
            if row.get(code) in (None, "") and name in row:
                row[code] = row[name]
        super().before_import_row(row, **kwargs)

    def get_or_init_instance(self, instance_loader, row):
        return StatReport(), True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        key = (instance.unit.pk, instance.month)
        if key in self.seen:
            raise ValidationError({"unit": _("与第 {row} 行是同一单位、同一月份").format(row=self.seen[key])})
        self.seen[key] = self.excel_row(kwargs)
        # Every cell of the row, checked under the catalog's rules (empty cells are left out).
        self.row_values = {code: row.get(code) for code in self.codes if row.get(code) not in (None, "")}
        services.validate_values(instance.unit, self.row_values)

    def save_instance(self, instance, is_create, row, **kwargs):
        existing = StatReport.objects.filter(unit=instance.unit, month=instance.month).first()
        if existing is not None and existing.locked:
            raise ValidationError(
                {
                    "status": _("{report}状态为“{status}”，不能用导入覆盖").format(
                        report=existing, status=existing.get_status_display()
                    )
                }
            )
        report = existing or services.open_report(instance.unit, instance.month, by=self.user)
        services.save_values(report, self.row_values, by=self.user)
        instance.pk = report.pk
