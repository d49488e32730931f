from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.dues.filters import BranchFilter
from qizhi.points.choices import EntryStatus
from qizhi.points.models import PointEntry, PointRule, PointTotal


class PointEntryFilterSet(ObjectFilterSet):
    party_org = BranchFilter(label=_("党组织编号"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=EntryStatus.choices)
    year = django_filters.NumberFilter(label=_("年度"), field_name="date__year", min_value=2000, max_value=2100)

    class Meta:
        model = PointEntry
        fields = ["party_org", "status", "year"]


class PointRuleFilterSet(ObjectFilterSet):
    class Meta:
        model = PointRule
        fields = ["source", "active"]


class PointTotalFilterSet(ObjectFilterSet):
    party_org = BranchFilter(label=_("党组织编号"))
    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)

    class Meta:
        model = PointTotal
        fields = ["party_org", "year"]
