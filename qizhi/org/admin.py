from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.org.models import Person, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "path"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "position", "retired"]
    search_fields = ["name", "pinyin"]
    list_filter = ["retired", "political_status"]
    autocomplete_fields = ["unit", "user"]
