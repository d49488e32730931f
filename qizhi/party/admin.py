from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from qizhi.party.models import Membership, Officer, PartyOrg, Term, Transfer


@admin.register(PartyOrg)
class PartyOrgAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit"]
    search_fields = ["name"]
    list_filter = ["kind"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "branch", "status", "joined_on", "ended_on"]
    list_filter = ["status"]
    search_fields = ["person__name"]
    raw_id_fields = ["person", "branch", "group"]


admin.site.register([Term, Officer, Transfer], SimpleHistoryAdmin)
