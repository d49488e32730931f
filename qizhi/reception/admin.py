from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.reception.models import CalendarDay, ClockRule


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]


@admin.register(ClockRule)
class ClockRuleAdmin(SimpleHistoryAdmin):
    list_display = ["case_kind", "stage", "days", "counting", "start", "max_extension", "basis"]
