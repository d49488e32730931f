import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.statistics.models import StatReport


class StatReportTable(ObjectTable):
    title = tables.Column(
        verbose_name=_("报表"), empty_values=(), linkify=lambda record: record.get_absolute_url(), orderable=False
    )
    unit = tables.Column(order_by=("unit__path",))
    month = tables.Column(verbose_name=_("月份"))

    class Meta(ObjectTable.Meta):
        model = StatReport
        fields = ["title", "unit", "month", "status", "preparer", "updated_at"]

    def render_title(self, record):
        return str(record)

    def render_month(self, value):
        return f"{value.year}年{value.month}月"
