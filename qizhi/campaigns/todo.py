"""What campaigns leave waiting for a user (see ``core.todo``): their rectification items falling due,
and items reported done that they may verify."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.campaigns import services
from qizhi.campaigns.choices import FINISHED, RectificationStatus
from qizhi.campaigns.models import Rectification
from qizhi.core.todo import Item, register


@register(
    "campaigns.rectification", gettext_lazy("整改事项到期或逾期"),
    models=[Rectification], done=lambda item: item.status in FINISHED or item.status == RectificationStatus.DONE,
)  # fmt: skip
def items_due(user, today: datetime.date):
    """The user's own open items due within the warning days, or overdue."""
    soon = today + datetime.timedelta(days=services.WARNING_DAYS)
    items = services.my_items(user).filter(deadline__lte=soon).exclude(status__in=(*FINISHED, RectificationStatus.DONE))
    for item in items:
        label = _("已逾期") if item.deadline < today else _("即将到期")
        yield Item("campaigns.rectification", _("整改{label}：{item}").format(label=label, item=item),
                   item.get_absolute_url(), item.deadline, item)  # fmt: skip


@register(
    "campaigns.verify", gettext_lazy("整改事项待验收"),
    models=[Rectification], done=lambda item: item.status != RectificationStatus.DONE,
)  # fmt: skip
def items_to_verify(user, today: datetime.date):
    waiting = Rectification.objects.for_action(user, "approve").filter(status=RectificationStatus.DONE)
    for item in waiting.exclude(responsible_person__user=user).select_related("campaign")[:200]:
        yield Item("campaigns.verify", _("验收整改事项：{item}").format(item=item), item.get_absolute_url(),
                   item.deadline, item)  # fmt: skip
