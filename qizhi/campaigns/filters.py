from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.campaigns.choices import GroupKind, OpinionChannel, ProblemCategory, ProblemSource, RectificationStatus
from qizhi.campaigns.models import (
    Campaign,
    GroupMember,
    Opinion,
    Phase,
    Problem,
    Rectification,
    Report,
    ResearchTopic,
    Rule,
    WorkingGroup,
)
from qizhi.campaigns.services import due_soon_q, overdue_q, today
from qizhi.core.filters import ObjectFilterSet

CAMPAIGN = {"label": _("专项活动编号"), "field_name": "campaign"}


class CampaignFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("活动名称"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Campaign
        fields = ["q"]


class PhaseFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(**CAMPAIGN)

    class Meta:
        model = Phase
        fields = ["campaign"]


class WorkingGroupFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(**CAMPAIGN)
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=GroupKind.choices)

    class Meta:
        model = WorkingGroup
        fields = ["campaign", "kind"]


class GroupMemberFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(label=_("专项活动编号"), field_name="group__campaign")
    group = django_filters.NumberFilter(label=_("工作机构编号"), field_name="group")

    class Meta:
        model = GroupMember
        fields = ["campaign", "group"]


class ResearchTopicFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(**CAMPAIGN)

    class Meta:
        model = ResearchTopic
        fields = ["campaign"]


class ReportFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(**CAMPAIGN)

    class Meta:
        model = Report
        fields = ["campaign", "kind"]


class OpinionFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(**CAMPAIGN)
    channel = django_filters.ChoiceFilter(label=_("来源"), choices=OpinionChannel.choices)

    class Meta:
        model = Opinion
        fields = ["campaign", "channel", "category"]


class ProblemFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(**CAMPAIGN)
    category = django_filters.ChoiceFilter(label=_("方面"), choices=ProblemCategory.choices)
    source = django_filters.ChoiceFilter(label=_("来源"), choices=ProblemSource.choices)

    class Meta:
        model = Problem
        fields = ["campaign", "category", "source"]


def _light(queryset, name, value):
    day = today()
    if value == "red":
        return queryset.filter(overdue_q(day))
    if value == "yellow":
        return queryset.filter(due_soon_q(day))
    return queryset


class RectificationFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(**CAMPAIGN)
    category = django_filters.ChoiceFilter(
        label=_("方面"), choices=ProblemCategory.choices, field_name="problem__category"
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=RectificationStatus.choices)
    light = django_filters.ChoiceFilter(
        label=_("督办"), choices=[("yellow", _("7天内到期")), ("red", _("已逾期"))], method=_light
    )
    public = django_filters.BooleanFilter(label=_("已公开"))
    responsible_person = django_filters.NumberFilter(label=_("责任人编号"))

    class Meta:
        model = Rectification
        fields = ["campaign", "category", "status", "light", "public", "responsible_person"]


class RuleFilterSet(ObjectFilterSet):
    campaign = django_filters.NumberFilter(**CAMPAIGN)
    q = django_filters.CharFilter(label=_("制度名称"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Rule
        fields = ["campaign", "q"]
