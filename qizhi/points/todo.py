"""Point entries waiting for the rule's approving role over the member's branch (see ``core.todo``)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.accounts.roles import Action
from qizhi.core.scoping import scope_queryset
from qizhi.core.todo import Item, register
from qizhi.points import services
from qizhi.points.choices import EntryStatus
from qizhi.points.models import PointEntry


@register(
    "points.entry", gettext_lazy("积分待审批"),
    models=[PointEntry], done=lambda entry: entry.status != EntryStatus.PENDING,
)  # fmt: skip
def entries_to_decide(user, today: datetime.date):
    pending = scope_queryset(
        PointEntry.objects.filter(status=EntryStatus.PENDING), user, Action.APPROVE, area="points",
        path_field="membership__branch__unit__path",
    )  # fmt: skip
    for entry in pending.select_related("membership__person", "membership__branch__unit", "rule").order_by("date"):
        if services.may_decide(user, entry):
            title = _("审批积分：{person} {rule}").format(person=entry.membership.person, rule=entry.rule)
            yield Item("points.entry", title, entry.get_absolute_url(), None, entry)
