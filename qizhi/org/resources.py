"""The people roster （花名册） as an .xlsx: import with every bad row reported, export as filtered."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import widgets

from qizhi.core.forms import units_for
from qizhi.core.resources import ChineseDateWidget, ChoiceWidget, Column, ScopedModelResource, TextWidget
from qizhi.org import services
from qizhi.org.choices import ETHNICITY_CHOICES, Education, Gender, PoliticalStatus
from qizhi.org.models import ROSTER_FIELDS, Person, Unit
from qizhi.org.validators import birth_date_of, is_valid_id_number, mask_id_number, mask_phone, normalize_id_number

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


class PersonResource(ScopedModelResource):
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
        use_bulk = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["unit"].widget = UnitWidget(self)
        self._seen_ids: dict[str, int] = {}

    def get_queryset(self):
        # An existing row is updated only when the user may edit it; any other match is an error.
        return Person.objects.editable_by(self.user).select_related("unit")

    def before_import_row(self, row, **kwargs):
        number = normalize_id_number(TextWidget().clean(row.get("身份证号码")))
        row["身份证号码"] = number
        line = self.excel_row(kwargs)
        if not number:
            raise ValidationError({"id_number": _("身份证号码不能为空")})
        if number in self._seen_ids:
            raise ValidationError({"id_number": _("身份证号码与第 {row} 行重复").format(row=self._seen_ids[number])})
        self._seen_ids[number] = line
        if not self.get_queryset().filter(id_number=number).exists() and services.id_number_taken(number):
            raise ValidationError({"id_number": _("该身份证号码已登记在您管理范围以外的人员名下")})

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        derived = birth_date_of(instance.id_number) if is_valid_id_number(instance.id_number) else None
        if "birth_date" not in errors and derived:
            if instance.birth_date is None:
                instance.birth_date = derived
            elif instance.birth_date != derived:
                errors["birth_date"] = [_("出生日期与身份证号码中的出生日期不一致")]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.stamp(self.user)
        super().save_instance(instance, is_create, row, **kwargs)

    # --- export: personal data masked unless the role may see it ---
    def dehydrate_id_number(self, person):
        return person.id_number if self.show_personal else mask_id_number(person.id_number)

    def dehydrate_phone(self, person):
        return person.phone if self.show_personal else mask_phone(person.phone)
