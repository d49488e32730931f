from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.core.forms import DATE
from qizhi.meetings.choices import Frequency, MeetingKind, MeetingStatus
from qizhi.meetings.models import ComplianceRule, Meeting
from qizhi.org.filters import UnitSubtreeFilter
from qizhi.party.filters import PartyOrgSubtreeFilter


class MeetingOrgFilter(PartyOrgSubtreeFilter):
    """``?party_org=<id>``: meetings of that organization and of everything under it."""

    def filter(self, qs, value):
        from qizhi.core.scoping import subtree_q
        from qizhi.party.models import PartyOrg

        if value in (None, ""):
            return qs
        org = PartyOrg.objects.visible_to(self.parent.request.user).filter(pk=value).only("path").first()
        return qs.none() if org is None else qs.filter(subtree_q("party_org__path", org.path))


class MeetingFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("主题"), field_name="topic", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("会议类型"), choices=MeetingKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=MeetingStatus.choices)
    party_org = MeetingOrgFilter(label=_("党组织"), widget=forms.HiddenInput)
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.HiddenInput)
    date_after = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte", widget=DATE)
    date_before = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Meeting
        fields = ["q", "kind", "status", "party_org", "unit", "date_after", "date_before"]


class ComplianceRuleFilterSet(ObjectFilterSet):
    kind = django_filters.ChoiceFilter(label=_("会议类型"), choices=MeetingKind.choices)
    frequency = django_filters.ChoiceFilter(label=_("周期"), choices=Frequency.choices)
    active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = ComplianceRule
        fields = ["kind", "frequency", "active"]
