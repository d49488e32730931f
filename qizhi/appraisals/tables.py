from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.appraisals.models import DutyReport, Grade, Round
from qizhi.core.tables import ObjectTable


class RoundTable(ObjectTable):
    title = tables.Column(verbose_name=_("名称"), linkify=lambda record: record.get_absolute_url())

    class Meta(ObjectTable.Meta):
        model = Round
        fields = ["title", "year", "unit", "party_org", "state", "opens_at", "closes_at"]


class GradeTable(ObjectTable):
    person = tables.Column(verbose_name=_("党员"), linkify=lambda record: record.get_absolute_url(),
                           order_by="person__pinyin")  # fmt: skip

    class Meta(ObjectTable.Meta):
        model = Grade
        fields = ["person", "round", "grade", "reason"]


class DutyReportTable(ObjectTable):
    person = tables.Column(verbose_name=_("报告人"), linkify=lambda record: record.get_absolute_url(),
                           order_by="person__pinyin")  # fmt: skip

    class Meta(ObjectTable.Meta):
        model = DutyReport
        fields = ["person", "year", "submitted_on"]
