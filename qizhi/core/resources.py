"""Base resource and widgets for imports and exports (django-import-export)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from qizhi.core import generations
from qizhi.core.sheets import TemplateColumn, import_template

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
        return value or None  # a date cell in the export (core.sheets shows it as 1980年1月2日)


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
    """A resource bound to the importing/exporting user; subclasses scope their lookups with it.

    With ``Meta.use_bulk`` (rows written a batch at a time), the bulk writes keep what ``save()``
    would: who and when, the version, and a history row for each record (simple-history's bulk
    helpers); ``bulk_update_fields`` names the fields an update writes besides the columns.
    """

    bulk_update_fields: tuple[str, ...] = ("updated_at", "updated_by", "version")
    # Set by core.imports during a check: bulk writes are skipped, since every rule a bulk resource
    # has was run on the row already (rows written one by one are written and rolled back instead,
    # as a row may refer to one before it).
    checking = False

    def __init__(self, *, user=None, show_personal: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.show_personal = show_personal
        self.excel_rows: list[int] = []  # Excel row number of each row of the chunk being imported

    def column_names(self) -> dict[str, str]:
        """Model attribute → column header, to name the column of each error."""
        return {f.attribute: f.column_name for f in self.get_import_fields() if f.attribute}

    def excel_row(self, kwargs) -> int:
        """The Excel row number of the row being imported (blank rows were dropped before)."""
        number = kwargs.get("row_number", 0)
        if self.excel_rows and 0 < number <= len(self.excel_rows):
            return self.excel_rows[number - 1]
        return number + 1

    def text_headers(self) -> list[str]:
        """Columns written and read as text (ID and phone numbers), so Excel never turns them into numbers."""
        return [f.column_name for f in self.get_export_fields() if isinstance(f.widget, TextWidget)]

    @classmethod
    def required_columns(cls) -> list[str]:
        return [f.column_name for f in cls.fields.values() if getattr(f, "required", False)]

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance.stamp(self.user)
        if self._meta.use_bulk and not instance._state.adding:  # save() is not called: do what it does
            instance.version += 1
            instance.updated_at = timezone.now()

    def get_bulk_update_fields(self):
        return [*super().get_bulk_update_fields(), *self.bulk_update_fields]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.checking:
            self.create_instances.clear()
        if not self.create_instances:
            return
        try:
            bulk_create_with_history(
                self.create_instances, self._meta.model, batch_size=batch_size, default_user=self.user
            )
            generations.changed(self._meta.model)  # a bulk insert sends no signal
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.checking:
            self.update_instances.clear()
        if not self.update_instances:
            return
        try:
            bulk_update_with_history(
                self.update_instances,
                self._meta.model,
                self.get_bulk_update_fields(),
                batch_size=batch_size,
                default_user=self.user,
            )
            generations.changed(self._meta.model)  # a bulk update sends no signal
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.update_instances.clear()

    # --- the import template: Chinese headers, a sample row, drop-downs, instructions (core.sheets) ---
    row_meaning = _lazy("一条记录")  # what one row of the file is, said on the import page and the template
    template_sample: ClassVar[dict[str, object]] = {}  # column header → the sample row's value
    template_notes: ClassVar[tuple] = ()

    def template_columns(self) -> list[TemplateColumn]:
        columns = []
        for field in self.get_import_fields():
            widget = field.widget
            if isinstance(widget, ChoiceWidget):
                choices = list(widget.by_label)
            elif hasattr(widget, "template_choices"):
                choices = widget.template_choices()
            else:
                choices = []
            label = field.column_name
            columns.append(
                TemplateColumn(
                    label=label,
                    sample=self.template_sample.get(label, choices[0] if choices else ""),
                    choices=choices,
                    text=isinstance(widget, TextWidget),
                    required=getattr(field, "required", False),
                    width=max(10, min(40, 2 * len(label) + 6)),
                )
            )
        return columns

    def get_template_bytes(self) -> bytes:
        """The import template (see ``core.sheets.import_template``)."""
        return import_template(
            self.template_columns(), one_row=str(self.row_meaning), notes=[str(n) for n in self.template_notes]
        )
