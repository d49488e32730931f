"""Monthly reports waiting for a user: to fill in and submit, or to approve (see ``core.todo``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.accounts.roles import Action
from qizhi.core import workflow
from qizhi.core.scoping import first_instance, scope_of
from qizhi.core.todo import Item, register
from qizhi.org.models import Unit
from qizhi.statistics import services
from qizhi.statistics.models import Indicator, StatReport


def month_deadline(month: datetime.date) -> datetime.date:
    """A month's report is due by the end of the following month."""
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return (following.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


@register(
    "statistics.approve", gettext_lazy("统计报表待审核"),
    models=[StatReport], done=lambda r: r.status != workflow.Status.SUBMITTED,
)  # fmt: skip
def reports_to_approve(user, today: datetime.date):
    """Submitted reports the user is the first to approve: a 司法所's report waits for its 所长, and
    for the bureau's approvers only where the office has none of its own (``first_instance``)."""
    waiting = first_instance(
        StatReport.objects.filter(status=workflow.Status.SUBMITTED), user, Action.APPROVE,
        area="statistics", path_field="unit__path",
    )  # fmt: skip
    for report in waiting.select_related("unit").order_by("month", "unit__path"):
        yield Item("statistics.approve", _("审核{report}").format(report=report), report.get_absolute_url(),
                   month_deadline(report.month), report)  # fmt: skip


@register(
    "statistics.submit", gettext_lazy("统计报表待报送"),
    models=[StatReport], done=lambda r: r.status in (workflow.Status.SUBMITTED, workflow.Status.APPROVED),
)  # fmt: skip
def reports_to_submit(user, today: datetime.date):
    """Last month's report of each unit the user is granted on to enter statistics, when that unit reports
    and has not submitted it (no report, a draft or a returned one)."""
    scope = scope_of(user)
    if scope.unrestricted:
        return
    unit_ids = {g.unit_id for g in scope.grants if scope.covers(Action.CHANGE, "statistics", g.path)}
    kinds = {kind for codes in Indicator.objects.filter(active=True).values_list("reporting_kinds", flat=True)
             for kind in codes}  # fmt: skip
    month = services.previous_month(today)
    units = Unit.objects.filter(pk__in=unit_ids, kind__in=kinds).order_by("path")
    reports = {r.unit_id: r for r in StatReport.objects.filter(unit__in=units, month=month)}
    add = reverse("statistics:statreport_add")
    for unit in units:
        report = reports.get(unit.pk)
        if report is not None and report.status not in services.OUTSTANDING:
            continue
        title = _("报送{unit}{year}年{month}月统计报表").format(unit=unit.name, year=month.year, month=month.month)
        url = report.get_absolute_url() if report else f"{add}?unit={unit.pk}&month={month:%Y-%m}"
        yield Item("statistics.submit", title, url, month_deadline(month), report or unit)
