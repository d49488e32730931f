from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.core.scoping import subtree_q
from qizhi.dues.choices import DuesKind, ReliefKind
from qizhi.dues.models import DuesBase, DuesPayment, DuesRelief
from qizhi.dues.services import parse_month
from qizhi.party.models import PartyOrg


class BranchFilter(django_filters.NumberFilter):
    """``?party_org=<id>``: records of members of that organization and everything under it."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        org = PartyOrg.objects.visible_to(self.parent.request.user).filter(pk=value).only("path").first()
        if org is None:
            return qs.none()
        return qs.filter(subtree_q("membership__branch__path", org.path))


class MonthFilter(django_filters.CharFilter):
    """``?month=YYYY-MM``; anything else matches nothing rather than failing."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        try:
            month = parse_month(value)
        except Exception:
            return qs.none()
        return qs.filter(**{self.field_name: month})


def _search(qs, name, value):
    if not value:
        return qs
    return qs.filter(membership__person__name__icontains=value) | qs.filter(membership__person__pinyin__icontains=value)


class DuesBaseFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method=_search)
    party_org = BranchFilter(label=_("党组织编号"))
    kind = django_filters.ChoiceFilter(label=_("计算类别"), choices=DuesKind.choices)

    class Meta:
        model = DuesBase
        fields = ["q", "party_org", "kind"]


class DuesPaymentFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method=_search)
    party_org = BranchFilter(label=_("党组织编号"))
    month = MonthFilter(label=_("所属月份（YYYY-MM）"), field_name="month")

    class Meta:
        model = DuesPayment
        fields = ["q", "party_org", "month"]


class DuesReliefFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method=_search)
    party_org = BranchFilter(label=_("党组织编号"))
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=ReliefKind.choices)

    class Meta:
        model = DuesRelief
        fields = ["q", "party_org", "kind"]
