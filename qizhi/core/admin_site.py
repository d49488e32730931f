"""Django's admin, entered by superusers alone.

The admin reads and writes every table as it is, past ``visible_to`` and ``editable_by``, the services'
rules and the row locks: a tool for whoever keeps the whole deployment. Django lets any ``is_staff``
account in and gives it whatever model permissions a superuser assigns, so a staff account with
``change_indicator`` could change the indicator catalog outside ``keeps_catalogs``, and one with
``view_person`` read every person of the province. Here ``is_staff`` and model permissions open
nothing; the menu links the admin for superusers only (``base.html``).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and user.is_superuser  # Django asks the first two


class SuperuserAdminConfig(AdminConfig):
    """``django.contrib.admin`` with this site as its default (in INSTALLED_APPS in its place)."""

    default_site = "qizhi.core.admin_site.SuperuserAdminSite"
