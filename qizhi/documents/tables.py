from __future__ import annotations

import django_tables2 as tables

from qizhi.core.tables import ObjectTable
from qizhi.documents.models import DocumentTemplate


class DocumentTemplateTable(ObjectTable):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    unit = tables.Column(order_by=("unit__path",))

    class Meta(ObjectTable.Meta):
        model = DocumentTemplate
        fields = ["name", "kind", "unit", "active", "file_name", "uploaded_at"]
