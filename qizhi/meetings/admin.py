from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.meetings.models import Attendance, LifeMeetingPoint, Meeting


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "topic", "party_org", "unit", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["topic"]
    raw_id_fields = ["party_org", "unit", "host", "recorder"]
    inlines = [AttendanceInline]


@admin.register(LifeMeetingPoint)
class LifeMeetingPointAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "kind", "speaker"]
    raw_id_fields = ["meeting", "speaker", "about"]
