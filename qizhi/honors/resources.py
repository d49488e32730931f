"""The honors register as a spreadsheet: exported with the list's filter, imported row by row."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import widgets

from qizhi.core.forms import units_for
from qizhi.core.resources import ChineseDateWidget, ChoiceWidget, Column, ScopedModelResource, TextWidget
from qizhi.honors.choices import HonorKind, HonorLevel
from qizhi.honors.models import Honor
from qizhi.org.resources import UnitWidget
from qizhi.org.validators import normalize_id_number


class PersonWidget(widgets.Widget):
    """The person honored, by 身份证号码 (or by name when it is unique), in the importer's units."""

    def __init__(self, resource: ScopedModelResource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        from qizhi.core.scoping import subtree_q
        from qizhi.org.models import Person

        text = TextWidget().clean(value)
        if not text:
            return None
        paths = list(units_for(self.resource.user, "honors").values_list("path", flat=True))
        people = Person.objects.none()
        for path in paths:
            people = people | Person.objects.filter(subtree_q("unit__path", path))
        number = normalize_id_number(text)
        found = list(people.filter(id_number=number)[:2]) or list(people.filter(name=text)[:2])
        if not found:
            raise ValueError(_("受表彰人“{v}”不存在，或不在您的管理范围内").format(v=text))
        if len(found) > 1:
            raise ValueError(_("姓名“{v}”不唯一，请填写身份证号码").format(v=text))
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class HonorResource(ScopedModelResource):
    row_meaning = _lazy("一项表彰")
    template_sample: ClassVar[dict[str, object]] = {
        "类别": "个人荣誉", "单位": "东乡司法所", "受表彰人": "鲜金文", "荣誉称号": "全国模范人民调解员",
        "级别": "国家级", "授予机关": "司法部", "表彰日期": datetime.date(2026, 6, 1), "文号": "司发〔2026〕12号",
    }  # fmt: skip
    template_notes = (_lazy("集体荣誉不填受表彰人；受表彰人可填姓名或身份证号码。表彰日期不能晚于今天。"),)

    kind = Column(attribute="kind", column_name="类别", required=True,
                  widget=ChoiceWidget(HonorKind.choices, field_label="类别"))  # fmt: skip
    unit = Column(attribute="unit", column_name="单位", required=True)
    person = Column(attribute="person", column_name="受表彰人")
    title = Column(attribute="title", column_name="荣誉称号", widget=TextWidget(), required=True)
    level = Column(attribute="level", column_name="级别", required=True,
                   widget=ChoiceWidget(HonorLevel.choices, field_label="级别"))  # fmt: skip
    issuer = Column(attribute="issuer", column_name="授予机关", widget=TextWidget(), required=True)
    granted_on = Column(attribute="granted_on", column_name="表彰日期", widget=ChineseDateWidget(past_only=True),
                        required=True)  # fmt: skip
    document_number = Column(attribute="document_number", column_name="文号", widget=TextWidget())
    note = Column(attribute="note", column_name="备注", widget=TextWidget())

    class Meta:
        model = Honor
        fields = ("kind", "unit", "person", "title", "level", "issuer", "granted_on", "document_number", "note")
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = False
        skip_diff = True
        use_bulk = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["unit"].widget = UnitWidget(self, area="honors")
        self.fields["person"].widget = PersonWidget(self)

    def get_queryset(self):
        return Honor.objects.editable_by(self.user) if self.user is not None else Honor.objects.none()

    def get_instance(self, instance_loader, row):
        return None  # every row is a new honor
