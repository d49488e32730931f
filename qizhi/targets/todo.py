"""What the target-responsibility system leaves waiting for a user (see ``core.todo``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core import workflow
from qizhi.core.todo import Item, register
from qizhi.targets import handoff, services
from qizhi.targets.choices import SupervisionStatus
from qizhi.targets.models import ProgressReport, Supervision

REPORT_FIELDS = ("as_of", "status", "target__title", "target__deadline")


@register(
    "targets.review", gettext_lazy("进度报告待审核"),
    models=[ProgressReport], done=lambda r: r.status != workflow.Status.DRAFT,
)  # fmt: skip
def reports_to_review(user, today: datetime.date):
    waiting = ProgressReport.objects.visible_to(user).filter(status=workflow.Status.SUBMITTED)
    found = services.awaiting(waiting, user).order_by().select_related("target").only(*REPORT_FIELDS)
    title = _("审核进度报告：{report}")
    for report in found:  # a province's 待办 may hold thousands: only what the item shows is read
        yield Item("targets.review", title.format(report=report), report.get_absolute_url(), report.target.deadline,
                   report)  # fmt: skip


@register("targets.returned", gettext_lazy("进度报告被退回"), models=[ProgressReport])
def reports_returned(user, today: datetime.date):
    returned = ProgressReport.objects.filter(created_by=user, status=workflow.Status.RETURNED)
    for report in returned.select_related("target"):
        url = reverse("targets:progressreport_edit", args=[report.pk])
        title = _("修改后重新提交：{report}").format(report=report)
        yield Item("targets.returned", title, url, report.target.deadline, report)


@register(
    "targets.supervision", gettext_lazy("督办事项待反馈"),
    models=[Supervision], done=lambda s: s.status != SupervisionStatus.OPEN,
)  # fmt: skip
def supervision_to_answer(user, today: datetime.date):
    items = Supervision.objects.visible_to(user).filter(status=SupervisionStatus.OPEN)
    for item in items.select_related("target__owner_person", "target__owner_unit"):
        if item.handoff_to_id is None and handoff.answerer_is(item, user):
            yield Item("targets.supervision", _("反馈督办：{target}").format(target=item.target),
                       item.get_absolute_url(), item.deadline, item)  # fmt: skip


@register("targets.handoff", gettext_lazy("转办待接收"), models=[Supervision], done=lambda s: s.handoff_to_id is None)
def supervision_passed_to_me(user, today: datetime.date):
    items = Supervision.objects.visible_to(user).filter(status=SupervisionStatus.OPEN, handoff_to=user)
    for item in items.select_related("target"):
        yield Item("targets.handoff", _("接收转办：{target}").format(target=item.target), item.get_absolute_url(),
                   item.deadline, item)  # fmt: skip


@register("targets.supervision_close", gettext_lazy("督办反馈待办结"), models=[Supervision])
def supervision_to_close(user, today: datetime.date):
    items = Supervision.objects.visible_to(user).filter(
        status__in=(SupervisionStatus.RESPONDED, SupervisionStatus.RETURNED)
    )
    for item in items.select_related("target__plan__unit", "target__owner_unit"):
        if services.may_close(item, user):
            text = (
                _("审阅反馈并办结：{target}")
                if item.status == SupervisionStatus.RESPONDED
                else _("督办被退回，重新交办或办结：{target}")
            )
            yield Item("targets.supervision_close", text.format(target=item.target), item.get_absolute_url(),
                       item.deadline, item)  # fmt: skip
