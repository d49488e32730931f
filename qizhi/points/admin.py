from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.points.models import PointEntry, PointRule, PointTotal


@admin.register(PointRule)
class PointRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "source", "points", "yearly_cap", "approver_role", "applies_to", "veto", "active"]


@admin.register(PointEntry)
class PointEntryAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "rule", "date", "count", "status"]
    raw_id_fields = ["membership"]


@admin.register(PointTotal)
class PointTotalAdmin(admin.ModelAdmin):
    list_display = ["membership", "year", "total", "vetoed"]
    raw_id_fields = ["membership"]
