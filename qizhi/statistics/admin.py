from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.statistics.models import Indicator, ParagraphTemplate, StatReport


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit_of_measure", "line", "time_aggregation", "active"]
    list_filter = ["line", "active"]
    search_fields = ["code", "name"]


@admin.register(ParagraphTemplate)
class ParagraphTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name"]


@admin.register(StatReport)
class StatReportAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "month", "status"]
    list_filter = ["status"]
    raw_id_fields = ["unit"]
    # The status moves only through the workflow's services, which keep the values' approval and the summary
    # (StatTotal) in step; an approved report is reopened there before anything else happens to it.
    readonly_fields = ["status"]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.locked)
