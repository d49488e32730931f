from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.meetings.models import Meeting


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
