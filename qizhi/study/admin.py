from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.study.models import Material, Reflection, StudyPlan, StudyRecord, WorkLog


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(StudyPlan)
class StudyPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "party_org", "unit", "start_date", "end_date"]
    raw_id_fields = ["party_org", "unit"]
    inlines = [MaterialInline]


@admin.register(StudyRecord)
class StudyRecordAdmin(SimpleHistoryAdmin):
    list_display = ["person", "material", "date", "minutes"]
    raw_id_fields = ["person", "material"]


@admin.register(Reflection)
class ReflectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "person", "status"]
    raw_id_fields = ["person", "plan"]


@admin.register(WorkLog)
class WorkLogAdmin(SimpleHistoryAdmin):
    list_display = ["person", "date"]
    raw_id_fields = ["person"]
