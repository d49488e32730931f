from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.honors.models import Honor


class HonorTable(ObjectTable):
    title = tables.Column(verbose_name=_("荣誉称号"), linkify=lambda record: record.get_absolute_url())
    person = tables.Column(verbose_name=_("受表彰人"), order_by="person__pinyin", default="—")

    class Meta(ObjectTable.Meta):
        model = Honor
        fields = ["title", "kind", "unit", "person", "level", "issuer", "granted_on", "document_number"]
