from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.points.models import PointEntry, PointRule


class PointEntryTable(ObjectTable):
    person = tables.Column(
        verbose_name=_("党员"), accessor="membership__person", linkify=lambda record: record.get_absolute_url(),
        order_by="membership__person__pinyin",
    )  # fmt: skip
    points = tables.Column(verbose_name=_("分值"), orderable=False)

    class Meta(ObjectTable.Meta):
        model = PointEntry
        fields = ["person", "rule", "date", "count", "points", "description", "status"]


class PointRuleTable(ObjectTable):
    class Meta(ObjectTable.Meta):
        model = PointRule
        fields = ["name", "source", "points", "yearly_cap", "evidence_required", "approver_role", "applies_to",
                  "veto", "active"]  # fmt: skip
