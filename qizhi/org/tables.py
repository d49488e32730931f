from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import DateColumn, ObjectTable
from qizhi.org.models import Person, Unit
from qizhi.org.validators import mask_birth_date, mask_phone


class PersonTable(ObjectTable):
    name = tables.Column(linkify=True)
    birth_date = DateColumn()
    unit = tables.Column(order_by=("unit__path",))
    id_number = tables.Column(verbose_name=_("身份证号码"), orderable=False)
    phone = tables.Column(orderable=False)
    retired = tables.Column(verbose_name=_("状态"))

    class Meta(ObjectTable.Meta):
        model = Person
        fields = [
            "name",
            "gender",
            "birth_date",
            "unit",
            "position",
            "political_status",
            "education",
            "id_number",
            "phone",
            "retired",
        ]

    def render_id_number(self, record):
        return record.masked_id_number

    def render_birth_date(self, value):
        return mask_birth_date(value)  # the list masks ID numbers, whose middle digits are this date

    def render_phone(self, value):
        return mask_phone(value)

    def render_retired(self, value):
        return _("退休") if value else _("在职")


class UnitTable(ObjectTable):
    name = tables.Column(linkify=True)
    parent = tables.Column(verbose_name=_("上级单位"), empty_values=(), orderable=False)

    class Meta(ObjectTable.Meta):
        model = Unit
        fields = ["name", "kind", "parent", "code", "phone"]

    def render_parent(self, record):
        return getattr(record, "parent_name", "") or "—"
