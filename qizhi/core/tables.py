"""Base table: Bootstrap classes, and the first column links to the record."""

from __future__ import annotations

import django_tables2 as tables


class ObjectTable(tables.Table):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        per_page = 50
        empty_text = "没有符合条件的记录"
