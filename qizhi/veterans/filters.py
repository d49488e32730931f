from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.veterans.choices import AidStatus, CareKind, Occasion
from qizhi.veterans.models import CareVisit, HardshipAid


class CareVisitFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("事项"), field_name="title", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=CareKind.choices)
    occasion = django_filters.ChoiceFilter(label=_("时机"), choices=Occasion.choices)
    year = django_filters.NumberFilter(
        label=_("年份"), field_name="date", lookup_expr="year", min_value=2000, max_value=2100
    )

    class Meta:
        model = CareVisit
        fields = ["q", "kind", "occasion", "year"]


class HardshipAidFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("姓名"), field_name="person__name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AidStatus.choices)

    class Meta:
        model = HardshipAid
        fields = ["q", "status"]
