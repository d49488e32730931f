from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.dues.models import DuesBase, DuesPayment, DuesRelief


@admin.register(DuesBase)
class DuesBaseAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "kind", "start_month", "base", "extra"]
    raw_id_fields = ["membership"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "month", "due", "extra", "paid_on"]
    raw_id_fields = ["membership", "proxy"]


@admin.register(DuesRelief)
class DuesReliefAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "kind", "amount", "start_month", "end_month", "approved_by"]
    raw_id_fields = ["membership"]
