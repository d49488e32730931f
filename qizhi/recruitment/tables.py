from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.recruitment import services
from qizhi.recruitment.models import Applicant


class _DayColumn(tables.DateColumn):
    def render(self, value):
        return services.zh(value)


class ApplicantTable(ObjectTable):
    person = tables.Column(verbose_name=_("姓名"), linkify=lambda record: record.get_absolute_url(),
                           order_by="person__pinyin")  # fmt: skip
    applied_on = _DayColumn(verbose_name=_("申请日期"))
    activist_on = _DayColumn(verbose_name=_("积极分子"))
    candidate_on = _DayColumn(verbose_name=_("发展对象"))
    next_step = tables.Column(verbose_name=_("下一步"), empty_values=(), orderable=False)

    class Meta(ObjectTable.Meta):
        model = Applicant
        fields = ["person", "branch", "stage", "applied_on", "activist_on", "candidate_on", "next_step"]

    def render_next_step(self, record):
        steps = services.next_steps(record)
        if not steps:
            return "—"
        due = steps[-1].due
        return f"{steps[-1].label}（{services.zh(due)}前）" if due else steps[-1].label
