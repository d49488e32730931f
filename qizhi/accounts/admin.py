"""Django admin for superusers: users with their grants inline."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from qizhi.accounts.models import Grant


class GrantInline(admin.TabularInline):
    model = Grant
    fk_name = "user"
    extra = 1
    autocomplete_fields = ["unit"]
    fields = ["role", "unit"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class QizhiUserAdmin(UserAdmin):
    inlines = [GrantInline]
    list_display = ["username", "first_name", "is_active", "is_superuser", "last_login"]


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
