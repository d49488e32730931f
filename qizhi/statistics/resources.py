"""A month's reports for many units from one .xlsx: a row per unit, a column per indicator code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qizhi.core.resources import Column, ScopedModelResource, TextWidget
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

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["unit"].widget = UnitWidget(self, area="statistics")
        self.codes = list(Indicator.objects.filter(active=True, numerator__isnull=True).values_list("code", flat=True))
        self.seen: dict[tuple[int, object], int] = {}

    def column_names(self) -> dict[str, str]:
        return {**super().column_names(), **{code: code for code in self.codes}, "status": "月份"}

    def get_template_bytes(self) -> bytes:
        import io

        from openpyxl import Workbook

        workbook = Workbook()
        workbook.active.append(["单位", "月份", *self.codes])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

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
                    "status": _("{report}已{status}，不能用导入覆盖").format(
                        report=existing, status=existing.get_status_display()
                    )
                }
            )
        report = existing or services.open_report(instance.unit, instance.month, by=self.user)
        services.save_values(report, self.row_values, by=self.user)
        instance.pk = report.pk
