from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.dues.models import DuesBase, DuesPayment, DuesRelief


class _MonthColumn(tables.Column):
    def render(self, value):
        return f"{value.year}年{value.month}月"


def _person_column() -> tables.Column:
    """The member a dues record is of, linked to the record (every dues table leads with it)."""
    return tables.Column(
        verbose_name=_("党员"), accessor="membership__person", linkify=lambda record: record.get_absolute_url(),
        order_by="membership__person__pinyin",
    )  # fmt: skip


def _branch_column() -> tables.Column:
    return tables.Column(verbose_name=_("所在支部"), accessor="membership__branch", order_by="membership__branch__path")


class DuesBaseTable(ObjectTable):
    person = _person_column()
    branch = _branch_column()
    start_month = _MonthColumn(verbose_name=_("起始月份"))
    standard = tables.Column(verbose_name=_("月应交（元）"), orderable=False)

    class Meta(ObjectTable.Meta):
        model = DuesBase
        fields = ["person", "branch", "kind", "start_month", "base", "standard", "extra"]


class DuesPaymentTable(ObjectTable):
    person = _person_column()
    branch = _branch_column()
    month = _MonthColumn(verbose_name=_("所属月份"))
    proxy = tables.Column(verbose_name=_("代交人"))

    class Meta(ObjectTable.Meta):
        model = DuesPayment
        fields = ["person", "branch", "month", "due", "extra", "paid_on", "proxy"]


class DuesReliefTable(ObjectTable):
    person = _person_column()
    start_month = _MonthColumn(verbose_name=_("起始月份"))
    end_month = _MonthColumn(verbose_name=_("截止月份"))
    approved_by = tables.Column(verbose_name=_("批准人"))

    class Meta(ObjectTable.Meta):
        model = DuesRelief
        fields = ["person", "kind", "amount", "start_month", "end_month", "reason", "approved_by", "approved_on"]
