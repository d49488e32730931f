"""The log of personal-data exports (issue 10 §9) and the page where administrators read it."""

from __future__ import annotations

import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_tables2.views import SingleTableView

from qizhi.accounts.roles import Role
from qizhi.core.models import ExportLog
from qizhi.core.scoping import held_within, keeps_catalogs, scope_of


def log_export(request, *, what: str, rows: int) -> ExportLog:
    """Record that ``request.user`` exported ``rows`` rows of personal data with the request's filter."""
    query = request.GET.urlencode()[:4000]
    return ExportLog.objects.create(user=request.user, what=what, path=request.path[:500], query=query, rows=rows)


def may_read_log(user) -> bool:
    """Administrators: a superuser, or the 系统管理员 role somewhere (each reads ``log_visible_to``)."""
    return user.is_superuser or Role.ADMIN in scope_of(user).roles()


def log_visible_to(user) -> QuerySet[ExportLog]:
    """The exports an administrator reads: all of them for an administrator of the whole tree; for a county's,
    those of people who hold a role in the county (its staff's downloads, not its neighbours'). Everyone else:
    none."""
    logs = ExportLog.objects.select_related("user")
    if keeps_catalogs(user):
        return logs
    paths = [g.path for g in scope_of(user).grants if g.role == Role.ADMIN]
    return logs.filter(held_within(paths)) if paths else logs.none()


class ExportLogTable(tables.Table):
    at = tables.DateTimeColumn(format="Y年n月j日 H:i")
    user = tables.Column(accessor="user__username", verbose_name=_("导出人"))
    query = tables.Column(verbose_name=_("筛选条件"), default="—")

    class Meta:
        model = ExportLog
        fields = ("at", "user", "what", "query", "rows", "path")
        attrs = {"class": "table table-sm table-striped"}
        per_page = 50
        orderable = False


class ExportLogView(LoginRequiredMixin, UserPassesTestMixin, SingleTableView):
    """The personal-data exports an administrator may read (``log_visible_to``), newest first."""

    table_class = ExportLogTable
    template_name = "core/export_log.html"

    def test_func(self) -> bool:
        return may_read_log(self.request.user)

    def get_queryset(self):
        return log_visible_to(self.request.user)
