"""Cases waiting for a user (see ``core.todo``): their own cases overdue or due within 3 working
days, and 转办 waiting for their acceptance."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core.todo import Item, register
from qizhi.reception import services
from qizhi.reception.choices import CaseStatus, HandoverState
from qizhi.reception.models import Case, ClockStop, Handover


@register(
    "reception.due",
    gettext_lazy("接访来信到期"),
    models=[Case, ClockStop],
    done=lambda r: isinstance(r, Case) and not r.is_open,
)
def cases_due(user, today: datetime.date):
    """The user's own open cases past a due date or due within 3 working days."""
    mine = Case.objects.visible_to(user).filter(owner=user).exclude(status=CaseStatus.CLOSED)
    overdue, soon = services.deadlines(mine, today)
    for deadline, text in [(d, _("已超期")) for d in overdue] + [(d, _("即将到期")) for d in soon]:
        case = deadline.case
        yield Item(
            "reception.due",
            _("{number}{stage}{text}：{subject}").format(
                number=case.number, stage=deadline.stage_label, text=text, subject=case.subject[:30]
            ),
            case.get_absolute_url(), deadline.due.date, case,
        )  # fmt: skip


@register(
    "reception.handover", gettext_lazy("转办待接收"),
    models=[Handover], done=lambda h: h.state != HandoverState.PENDING,
)  # fmt: skip
def handovers_waiting(user, today: datetime.date):
    waiting = Handover.objects.filter(to_owner=user, state=HandoverState.PENDING).select_related("case", "from_owner")
    for handover in waiting.order_by("created_at", "pk"):
        case = handover.case
        yield Item(
            "reception.handover",
            _("{number}转办待接收：{subject}").format(number=case.number, subject=case.subject[:30]),
            case.get_absolute_url(), timezone_day(handover), handover,
        )  # fmt: skip


def timezone_day(handover) -> datetime.date:
    from django.utils import timezone

    return timezone.localtime(handover.created_at).date()
