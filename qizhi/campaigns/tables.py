from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from qizhi.campaigns import services
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
from qizhi.core.tables import ObjectTable

LINK = {"linkify": lambda record: record.get_absolute_url()}
LIGHTS = {"green": ("success", _("正常")), "yellow": ("warning", _("临期")), "red": ("danger", _("逾期"))}


class CampaignTable(ObjectTable):
    title = tables.Column(**LINK)

    class Meta(ObjectTable.Meta):
        model = Campaign
        fields = ["title", "unit", "start", "end", "opinions_open"]


class PhaseTable(ObjectTable):
    name = tables.Column(**LINK)

    class Meta(ObjectTable.Meta):
        model = Phase
        fields = ["campaign", "order", "name", "start", "end"]


class WorkingGroupTable(ObjectTable):
    name = tables.Column(**LINK)

    class Meta(ObjectTable.Meta):
        model = WorkingGroup
        fields = ["campaign", "kind", "name"]


class GroupMemberTable(ObjectTable):
    person = tables.Column(verbose_name=_("人员"), linkify=lambda record: record.get_absolute_url())

    class Meta(ObjectTable.Meta):
        model = GroupMember
        fields = ["group", "person", "role", "ends_on"]


class ResearchTopicTable(ObjectTable):
    title = tables.Column(**LINK)

    class Meta(ObjectTable.Meta):
        model = ResearchTopic
        fields = ["campaign", "order", "title", "group"]


class ReportTable(ObjectTable):
    title = tables.Column(**LINK)

    class Meta(ObjectTable.Meta):
        model = Report
        fields = ["campaign", "kind", "title", "author", "submitted_on"]


class OpinionTable(ObjectTable):
    text = tables.Column(verbose_name=_("意见建议"), accessor="pk", orderable=False,
                         linkify=lambda record: record.get_absolute_url())  # fmt: skip

    def render_text(self, record):
        return str(record)

    class Meta(ObjectTable.Meta):
        model = Opinion
        fields = ["text", "campaign", "channel", "category"]


class ProblemTable(ObjectTable):
    description = tables.Column(verbose_name=_("问题表现"), linkify=lambda record: record.get_absolute_url())

    def render_description(self, record):
        return str(record)

    class Meta(ObjectTable.Meta):
        model = Problem
        fields = ["description", "campaign", "category", "source", "found_on"]


class RectificationTable(ObjectTable):
    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"form": "bulk-form", "aria-label": _("全选")},
            "td__input": {"form": "bulk-form", "aria-label": _("选择此事项")},
        },
    )
    measure = tables.Column(verbose_name=_("整改措施"), linkify=lambda record: record.get_absolute_url())
    category = tables.Column(verbose_name=_("方面"), accessor="problem__category")
    light = tables.Column(verbose_name=_("督办"), accessor="pk", orderable=False)

    def render_measure(self, record):
        return str(record)

    def render_category(self, record):
        return record.problem.get_category_display()

    def render_light(self, record):
        css, label = LIGHTS[services.light(record)]
        return format_html('<span class="badge text-bg-{}">{}</span>', css, label)

    class Meta(ObjectTable.Meta):
        model = Rectification
        fields = [
            "select", "measure", "category", "target", "deadline", "responsible_person", "responsible_unit",
            "status", "progress", "weight", "public", "light",
        ]  # fmt: skip


class RuleTable(ObjectTable):
    title = tables.Column(**LINK)

    class Meta(ObjectTable.Meta):
        model = Rule
        fields = ["title", "unit", "campaign", "made_on"]
