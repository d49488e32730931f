"""The log of personal-data exports (issue 10 §9) and the page where administrators read it."""

from __future__ import annotations

import django_tables2 as tables
from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django_tables2.views import SingleTableView

from qizhi.accounts.roles import Role
from qizhi.core.models import ExportLog
from qizhi.core.scoping import keeps_catalogs, scope_of, subtree_q


def common_path(paths) -> str:
    """The path of the lowest unit whose subtree holds every one of ``paths`` ("" for none): the common prefix
    of the smallest and the largest, cut to whole steps."""
    paths = [path for path in paths if path]
    if not paths:
        return ""
    lo, hi = min(paths), max(paths)
    size = next((i for i, (a, b) in enumerate(zip(lo, hi, strict=False)) if a != b), min(len(lo), len(hi)))
    return lo[: size - size % apps.get_model("org", "Unit").steplen]


def common_unit_path(data: QuerySet) -> str:
    """``common_path`` of the unit paths of every row of ``data`` (a scoped queryset), from their smallest and
    largest in one statement. With two paths a row (a transfer's two organizations), both count."""
    fields = (data.model.scope_path,) if isinstance(data.model.scope_path, str) else data.model.scope_path
    ends = {}
    for i, field in enumerate(fields):
        ends[f"lo{i}"], ends[f"hi{i}"] = Min(field), Max(field)
    return common_path(data.order_by().aggregate(**ends).values())


def log_export(request, *, what: str, rows: int, data: QuerySet) -> ExportLog:
    """Record that ``request.user`` exported ``rows`` rows of personal data with the request's filter, and whose:
    the lowest unit holding every row of ``data`` (the exported queryset), which decides who audits it. An export
    of no rows is the user's reach at the time: the lowest unit holding all of their grants."""
    query = request.GET.urlencode()[:4000]
    unit_path = common_unit_path(data) or common_path(g.path for g in scope_of(request.user).grants)
    return ExportLog.objects.create(
        user=request.user,
        what=what,
        path=request.path[:500],
        query=query,
        rows=rows,
        unit_path=unit_path,
    )


def may_read_log(user) -> bool:
    """Administrators: a superuser, or the 系统管理员 role somewhere (each reads ``log_visible_to``)."""
    return user.is_superuser or Role.ADMIN in scope_of(user).roles()


def log_visible_to(user) -> QuerySet[ExportLog]:
    """The exports an administrator reads: all of them for an administrator of the whole tree; for a county's,
    the downloads of the county's data (every row within the county), by whoever made them. What was exported
    decides, not who holds which grant now: a grant given or taken away later shows or hides nothing. Everyone
    else: none."""
    unit = apps.get_model("org", "Unit")
    logs = ExportLog.objects.select_related("user").annotate(
        unit_name=Subquery(unit.objects.filter(path=OuterRef("unit_path")).values("name")[:1])
    )
    if keeps_catalogs(user):
        return logs
    paths = scope_of(user).role_paths(Role.ADMIN)
    if not paths:
        return logs.none()
    within = Q()
    for path in paths:
        within |= subtree_q("unit_path", path)
    return logs.filter(within)


class ExportLogTable(tables.Table):
    at = tables.DateTimeColumn(format="Y年n月j日 H:i")
    user = tables.Column(accessor="user__username", verbose_name=_("导出人"))
    unit_name = tables.Column(verbose_name=_("所涉单位"), default="—")
    query = tables.Column(verbose_name=_("筛选条件"), default="—")

    class Meta:
        model = ExportLog
        fields = ("at", "user", "what", "unit_name", "query", "rows", "path")
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
