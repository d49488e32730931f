from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.reception.choices import CaseKind, CaseStatus, Channel, DayKind, Satisfaction
from qizhi.reception.models import CalendarDay, Case, ClockRule, DutySlot


def _search(qs, name, value):
    if not value:
        return qs
    return qs.filter(number__icontains=value) | qs.filter(subject__icontains=value)


class CaseFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("编号或事由"), method=_search)
    kind = django_filters.ChoiceFilter(label=_("事项类型"), choices=CaseKind.choices)
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CaseStatus.choices)
    satisfaction = django_filters.ChoiceFilter(label=_("满意度"), choices=Satisfaction.choices)
    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)

    class Meta:
        model = Case
        fields = ["q", "kind", "channel", "status", "satisfaction", "year"]


class DutySlotFilterSet(ObjectFilterSet):
    week_after = django_filters.DateFilter(label=_("自（周）"), field_name="week", lookup_expr="gte")

    class Meta:
        model = DutySlot
        fields = ["week_after"]


class CalendarDayFilterSet(ObjectFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=DayKind.choices)
    year = django_filters.NumberFilter(
        label=_("年度"), field_name="date", lookup_expr="year", min_value=2000, max_value=2100
    )

    class Meta:
        model = CalendarDay
        fields = ["kind", "year"]


class ClockRuleFilterSet(ObjectFilterSet):
    case_kind = django_filters.ChoiceFilter(label=_("事项类型"), choices=CaseKind.choices)

    class Meta:
        model = ClockRule
        fields = ["case_kind"]
