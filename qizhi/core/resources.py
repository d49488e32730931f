"""Base resource and widgets for imports and exports (django-import-export)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


class ChineseDateWidget(widgets.Widget):
    """Dates as a bureau types them: 1980-01-02, 1980/1/2, 1980.1.2, 1980年1月2日 or an Excel date."""

    def __init__(self, *, past_only: bool = False):
        super().__init__()
        self.past_only = past_only

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        else:
            day = self._parse(str(value).strip())
        if self.past_only and day > timezone.localdate():
            raise ValueError(_("日期“{value}”晚于今天").format(value=day.isoformat()))
        return day

    @staticmethod
    def _parse(text: str) -> datetime.date:
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("日期“{value}”无法识别，请写成 1980-01-02 的格式").format(value=text))

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ChoiceWidget(widgets.Widget):
    """A choice field written with its Chinese label (or its code)."""

    def __init__(self, choices, *, field_label: str, default=None):
        super().__init__()
        self.by_label = {str(label): code for code, label in choices}
        self.codes = {code for code, _label in choices}
        self.labels = {code: str(label) for code, label in choices}
        self.field_label = field_label
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError(_("{field}不能为空").format(field=self.field_label))
        if text in self.by_label:
            return self.by_label[text]
        if text in self.codes:
            return text
        raise ValueError(
            _("“{value}”不是有效的{field}，应为：{options}").format(
                value=text, field=self.field_label, options="、".join(self.by_label)
            )
        )

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class TextWidget(widgets.CharWidget):
    """Text cell; numbers typed into Excel (phone, ID number) come back without a trailing '.0'."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class Column(fields.Field):
    """A resource field that may be marked as a column the file must have."""

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required


class ScopedModelResource(resources.ModelResource):
    """A resource bound to the importing/exporting user; subclasses scope their lookups with it."""

    def __init__(self, *, user=None, show_personal: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.show_personal = show_personal
        self.progress = None
        self.excel_rows: list[int] = []
        self._rows_done = 0

    def column_names(self) -> dict[str, str]:
        """Model attribute → column header, to name the column of each error."""
        return {f.attribute: f.column_name for f in self.get_import_fields() if f.attribute}

    def excel_row(self, kwargs) -> int:
        """The Excel row number of the row being imported (blank rows were dropped before)."""
        number = kwargs.get("row_number", 0)
        if self.excel_rows and 0 < number <= len(self.excel_rows):
            return self.excel_rows[number - 1]
        return number + 1

    @classmethod
    def required_columns(cls) -> list[str]:
        return [f.column_name for f in cls.fields.values() if getattr(f, "required", False)]

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        self._rows_done += 1
        if self.progress is not None and self._rows_done % 25 == 0:
            self.progress(self._rows_done)

    def get_template_bytes(self) -> bytes:
        """An empty .xlsx with the import columns, for the template download."""
        import io

        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append([f.column_name for f in self.get_import_fields()])
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 16
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
