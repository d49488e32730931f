from __future__ import annotations

from django.contrib.auth import views as auth_views

from qizhi.accounts.filters import GrantFilterSet
from qizhi.accounts.forms import GrantForm
from qizhi.accounts.models import Grant
from qizhi.accounts.tables import GrantTable
from qizhi.core import views as core


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class GrantListView(core.ObjectListView):
    queryset = Grant.objects.select_related("user", "unit")
    filterset_class = GrantFilterSet
    table_class = GrantTable
    exportable = False


class GrantDetailView(core.ObjectDetailView):
    queryset = Grant.objects.select_related("user", "unit")
    template_name = "accounts/grant_detail.html"


class GrantEditView(core.ObjectEditView):
    queryset = Grant.objects.select_related("user", "unit")
    form_class = GrantForm


class GrantDeleteView(core.ObjectDeleteView):
    queryset = Grant.objects.all()


class GrantHistoryView(core.ObjectHistoryView):
    queryset = Grant.objects.all()
