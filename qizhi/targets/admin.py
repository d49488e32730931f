from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.targets.models import Plan


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "year"]
    list_filter = ["year"]
