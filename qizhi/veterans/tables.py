from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.veterans.models import CareVisit, HardshipAid


class CareVisitTable(ObjectTable):
    title = tables.Column(linkify=lambda record: record.get_absolute_url())
    people = tables.Column(verbose_name=_("人次"), empty_values=(), orderable=False)

    class Meta(ObjectTable.Meta):
        model = CareVisit
        fields = ["date", "kind", "occasion", "title", "people", "visitors", "gifts", "amount"]

    def render_people(self, record):
        return len(record.veterans.all())  # prefetched by the view


class HardshipAidTable(ObjectTable):
    person = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by="person__pinyin")

    class Meta(ObjectTable.Meta):
        model = HardshipAid
        fields = ["person", "reported_on", "need", "requested", "status", "amount", "decided_on"]
