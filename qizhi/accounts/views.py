from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qizhi.accounts import services
from qizhi.accounts.filters import GrantFilterSet
from qizhi.accounts.forms import AccountForm, GrantForm
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
    template_name = "accounts/grant_list.html"
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


class AccountCreateView(core.ServiceFormView):
    """A bureau administrator opens a login for a colleague: account, first grant, person record."""

    queryset = Grant.objects.all()
    form_class = AccountForm

    def form_valid(self, form):
        data = form.cleaned_data
        user = services.create_account(
            username=data["username"],
            first_name=data["first_name"],
            password=data["password1"],
            role=data["role"],
            unit=data["unit"],
            person=data["person"],
            by=self.request.user,
        )
        messages.success(self.request, _("已创建账号“{name}”").format(name=user.username))
        return redirect("accounts:grant_list")


def role_table() -> tuple[list[str], list[tuple[str, list[tuple[str, str]]]]]:
    """``roles.PERMISSIONS`` as rows: each role, and per area the actions it may take (read, never typed twice)."""
    from django.apps import apps

    from qizhi.accounts.roles import PERMISSIONS, Action, Role

    areas = sorted({area for rows in PERMISSIONS.values() for area in rows if area != "*"})
    names = {area: str(apps.get_app_config(area).verbose_name) for area in areas}
    labels = dict(Action.choices)
    table = []
    for role in Role:
        rows = PERMISSIONS.get(role, {})
        cells = []
        for area in [*areas, "*"]:
            actions = rows.get(area, rows.get("*", frozenset()))
            cells.append((area, "、".join(str(labels[a]) for a in Action.values if a in actions) or "—"))
        table.append((str(role.label), cells))
    return [names[a] for a in areas] + [_("其他")], table


@login_required
def role_table_view(request):
    """The role table of ``accounts/roles.py``, generated, so the page and the code cannot disagree."""
    header, rows = role_table()
    return render(request, "accounts/role_table.html", {"header": header, "rows": rows})
