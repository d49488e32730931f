from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.reception.models import CalendarDay, Case, ClockRule, DutySlot


class CaseTable(ObjectTable):
    number = tables.Column(verbose_name=_("编号"), linkify=lambda record: record.get_absolute_url())
    owner = tables.Column(verbose_name=_("首问负责人"), order_by="owner__username")
    unit = tables.Column(verbose_name=_("承办单位"), order_by="unit__path")

    class Meta(ObjectTable.Meta):
        model = Case
        fields = ["number", "kind", "channel", "subject", "received_on", "unit", "owner", "status", "satisfaction"]


class DutySlotTable(ObjectTable):
    week = tables.Column(verbose_name=_("周（周一）"), linkify=lambda record: record.get_absolute_url())
    scheduled = tables.Column(verbose_name=_("原排班领导"))

    class Meta(ObjectTable.Meta):
        model = DutySlot
        fields = ["week", "unit", "leader", "place", "scheduled", "swap_reason"]


class CalendarDayTable(ObjectTable):
    date = tables.Column(verbose_name=_("日期"), linkify=lambda record: record.get_absolute_url())

    class Meta(ObjectTable.Meta):
        model = CalendarDay
        fields = ["date", "kind", "name"]


class ClockRuleTable(ObjectTable):
    case_kind = tables.Column(verbose_name=_("事项类型"), linkify=lambda record: record.get_absolute_url())

    class Meta(ObjectTable.Meta):
        model = ClockRule
        fields = ["case_kind", "stage", "days", "counting", "start", "max_extension", "basis"]
