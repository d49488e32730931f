from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.study.models import Reflection, StudyPlan, StudyRecord, WorkLog


class StudyPlanTable(ObjectTable):
    title = tables.Column(linkify=True)

    class Meta(ObjectTable.Meta):
        model = StudyPlan
        fields = ["title", "party_org", "unit", "start_date", "end_date"]


class StudyRecordTable(ObjectTable):
    date = tables.DateColumn(format="Y年m月d日", linkify=lambda record: record.get_absolute_url())
    person = tables.Column(order_by="person__pinyin")
    material = tables.Column(verbose_name=_("学习资料"), default=_("自学"))

    class Meta(ObjectTable.Meta):
        model = StudyRecord
        fields = ["date", "person", "material", "minutes"]


class ReflectionTable(ObjectTable):
    title = tables.Column(linkify=lambda record: record.get_absolute_url())
    person = tables.Column(order_by="person__pinyin")

    class Meta(ObjectTable.Meta):
        model = Reflection
        fields = ["title", "person", "plan", "status", "created_at"]


class WorkLogTable(ObjectTable):
    date = tables.DateColumn(format="Y年m月d日", linkify=lambda record: record.get_absolute_url())
    person = tables.Column(order_by="person__pinyin")
    content = tables.Column(verbose_name=_("工作内容"))
    target = tables.Column()

    class Meta(ObjectTable.Meta):
        model = WorkLog
        fields = ["date", "person", "content", "target"]

    def render_content(self, value):
        return value if len(value) <= 60 else value[:60] + "…"
