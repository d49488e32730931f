from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.meetings.models import ComplianceRule, Meeting


class MeetingTable(ObjectTable):
    date = tables.DateColumn(
        verbose_name=_("会议日期"), format="Y年m月d日", linkify=lambda record: record.get_absolute_url()
    )
    topic = tables.Column(verbose_name=_("主题"), linkify=lambda record: record.get_absolute_url())
    organizer = tables.Column(verbose_name=_("组织单位"), empty_values=(), order_by=("party_org__path", "unit__path"))

    class Meta(ObjectTable.Meta):
        model = Meeting
        fields = ["date", "kind", "topic", "organizer", "place", "status"]

    def render_organizer(self, record):
        return record.party_org.name if record.party_org_id else record.unit.name


class ComplianceRuleTable(ObjectTable):
    kind = tables.Column(
        verbose_name=_("会议类型"), linkify=lambda record: reverse("meetings:compliancerule_edit", args=[record.pk])
    )
    org_kinds = tables.Column(verbose_name=_("适用的党组织"), orderable=False)
    history = tables.Column(
        verbose_name=_("修改记录"),
        empty_values=(),
        orderable=False,
        linkify=lambda record: reverse("meetings:compliancerule_history", args=[record.pk]),
    )

    class Meta(ObjectTable.Meta):
        model = ComplianceRule
        fields = ["kind", "org_kinds", "frequency", "minimum", "active", "note", "history"]

    def render_org_kinds(self, record):
        return record.get_org_kinds_display()

    def render_history(self):
        return _("查看")
