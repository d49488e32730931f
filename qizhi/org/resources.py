"""The people roster （花名册） as an .xlsx: import with every bad row reported, export as filtered."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import widgets

from qizhi.core.forms import units_for
from qizhi.core.resources import ChineseDateWidget, ChoiceWidget, Column, ScopedModelResource, TextWidget
from qizhi.org.choices import ETHNICITY_CHOICES, Education, Gender, PoliticalStatus
from qizhi.org.models import ROSTER_FIELDS, Person, Unit
from qizhi.org.validators import (
    birth_date_of,
    check_digit,
    is_valid_id_number,
    mask_birth_date,
    mask_id_number,
    mask_phone,
    normalize_id_number,
)

STATUS_CHOICES = ((False, "在职"), (True, "退休"))


class UnitWidget(widgets.Widget):
    """A unit written by name (``东乡司法所``) or, where names repeat, as ``上级单位/单位``."""

    def __init__(self, resource: ScopedModelResource, *, area: str = "org"):
        super().__init__()
        self.resource = resource
        self.area = area  # units where the user may change records of this area
        self._cache: dict[str, list[Unit]] = {}

    def _candidates(self, name: str) -> list[Unit]:
        if name not in self._cache:
            self._cache[name] = list(units_for(self.resource.user, self.area).filter(name=name))
        return self._cache[name]

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("单位不能为空"))
        *parents, name = [part.strip() for part in text.split("/")]
        found = self._candidates(name)
        if parents:
            found = [u for u in found if getattr(Unit.objects.get_parent(u), "name", None) == parents[-1]]
        if not found:
            raise ValueError(_("单位“{name}”不存在，或不在您的管理范围内").format(name=text))
        if len(found) > 1:
            raise ValueError(_("单位名称“{name}”不唯一，请写成“上级单位/单位”").format(name=text))
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""

    def template_choices(self) -> list[str]:
        """The template's drop-down: the units where the user may change records of this area."""
        return list(dict.fromkeys(units_for(self.resource.user, self.area).values_list("name", flat=True)[:500]))


class PersonResource(ScopedModelResource):
    row_meaning = _lazy("一名人员")
    template_sample: ClassVar[dict[str, object]] = {
        "姓名": "张三", "性别": "男", "出生日期": datetime.date(1985, 3, 14), "民族": "汉族", "学历": "大学本科",
        "身份证号码": "11010119850314001" + check_digit("11010119850314001"), "联系电话": "13800000000",
        "职务": "科员", "政治面貌": "中共党员", "状态": "在职",
    }  # fmt: skip
    template_notes = (_lazy("身份证号码按文本填写（18位）；出生日期可留空，由身份证号码推出。"),)

    name = Column(attribute="name", column_name="姓名", widget=TextWidget(), required=True)
    gender = Column(
        attribute="gender", column_name="性别", widget=ChoiceWidget(Gender.choices, field_label="性别"), required=True
    )
    birth_date = Column(attribute="birth_date", column_name="出生日期", widget=ChineseDateWidget(past_only=True))
    ethnicity = Column(
        attribute="ethnicity",
        column_name="民族",
        widget=ChoiceWidget(ETHNICITY_CHOICES, field_label="民族", default="汉族"),
    )
    education = Column(
        attribute="education",
        column_name="学历",
        widget=ChoiceWidget(Education.choices, field_label="学历", default=""),
    )
    id_number = Column(attribute="id_number", column_name="身份证号码", widget=TextWidget(), required=True)
    phone = Column(attribute="phone", column_name="联系电话", widget=TextWidget())
    unit = Column(attribute="unit", column_name="单位", required=True)
    position = Column(attribute="position", column_name="职务", widget=TextWidget())
    political_status = Column(
        attribute="political_status",
        column_name="政治面貌",
        widget=ChoiceWidget(PoliticalStatus.choices, field_label="政治面貌", default=PoliticalStatus.MASSES),
    )
    retired = Column(
        attribute="retired", column_name="状态", widget=ChoiceWidget(STATUS_CHOICES, field_label="状态", default=False)
    )

    class Meta:
        model = Person
        fields = ROSTER_FIELDS
        import_id_fields = ("id_number",)
        clean_model_instances = True
        skip_unchanged = False
        skip_diff = True
        use_bulk = True  # rows are written a chunk (core.imports.CHUNK_ROWS) at a time, history included
        batch_size = 1000

    bulk_update_fields = (*ScopedModelResource.bulk_update_fields, "pinyin")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["unit"].widget = UnitWidget(self)
        self._seen_ids: dict[str, int] = {}
        self._editable: dict[str, Person] = {}  # of the chunk's ID numbers: the people the user may edit
        self._taken: set[str] = set()  # of the chunk's ID numbers: those anyone has

    def get_queryset(self):
        # An existing row is updated only when the user may edit it; any other match is an error.
        return Person.objects.editable_by(self.user).select_related("unit")

    def before_import(self, dataset, **kwargs):
        """Look the chunk's ID numbers up once (two queries a chunk instead of three a row)."""
        super().before_import(dataset, **kwargs)
        if "身份证号码" not in (dataset.headers or []):
            return
        column = dataset.headers.index("身份证号码")
        numbers = {normalize_id_number(TextWidget().clean(values[column])) for values in dataset} - {""}
        self._editable = {p.id_number: p for p in self.get_queryset().filter(id_number__in=numbers)}
        self._taken = set(Person.objects.filter(id_number__in=numbers).values_list("id_number", flat=True))

    def get_instance(self, instance_loader, row):
        return self._editable.get(row["身份证号码"])

    def before_import_row(self, row, **kwargs):
        number = normalize_id_number(TextWidget().clean(row.get("身份证号码")))
        row["身份证号码"] = number
        line = self.excel_row(kwargs)
        if not number:
            raise ValidationError({"id_number": _("身份证号码不能为空")})
        if number in self._seen_ids:
            raise ValidationError({"id_number": _("身份证号码与第 {row} 行重复").format(row=self._seen_ids[number])})
        self._seen_ids[number] = line
        if number not in self._editable and number in self._taken:
            raise ValidationError({"id_number": _("该身份证号码已登记在您管理范围以外的人员名下")})

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "birth_date" not in errors and instance.birth_date is None and is_valid_id_number(instance.id_number):
            instance.birth_date = birth_date_of(instance.id_number)  # its agreement is Person.clean's rule
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The model's rules, without the three queries a row full_clean would add: the ID number's
        # uniqueness was checked for the whole chunk (before_import, before_import_row) and the unit
        # came from a scoped lookup.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "unit", "user"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance.derive_fields()

    # --- export: personal data masked unless the role may see it ---
    def dehydrate_id_number(self, person):
        return person.id_number if self.show_personal else mask_id_number(person.id_number)

    def dehydrate_birth_date(self, person):
        if self.show_personal:
            return self.fields["birth_date"].widget.render(person.birth_date)
        return mask_birth_date(person.birth_date)  # with the ID masked, its hidden digits are this date

    def dehydrate_phone(self, person):
        return person.phone if self.show_personal else mask_phone(person.phone)
