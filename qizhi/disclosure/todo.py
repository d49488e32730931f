"""What disclosure leaves waiting for a user (see ``core.todo``): items to review, approve and publish,
each due by its 主动公开 clock (20 working days from the record's making)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy

from qizhi.core.todo import Item, register
from qizhi.disclosure import services
from qizhi.disclosure.choices import DisclosureStatus
from qizhi.disclosure.clock import due_on
from qizhi.disclosure.models import Disclosure
from qizhi.reception.services import work_calendar

S = DisclosureStatus


def _waiting(kind: str, label, status: str, may, verb):
    """Register the to-do of one move: the visible items in ``status`` that ``may(user, item)`` lets the
    user take on, each titled ``verb`` (the service's own predicate: the list offers only what it allows)."""

    @register(kind, label, models=[Disclosure], done=lambda d: d.status != status)
    def items(user, today: datetime.date):
        calendar = work_calendar()
        for item in Disclosure.objects.visible_to(user).filter(status=status).select_related("unit"):
            if may(user, item):
                title = verb.format(title=item.title)
                yield Item(kind, title, item.get_absolute_url(), due_on(item.made_on, calendar), item)

    return items


to_review = _waiting(
    "disclosure.review", gettext_lazy("公开事项待审核"), S.PROPOSED, services.may_review,
    gettext_lazy("审核公开事项：{title}"),
)  # fmt: skip
to_approve = _waiting(
    "disclosure.approve", gettext_lazy("公开事项待审批"), S.REVIEWED, services.may_approve,
    gettext_lazy("审批公开事项：{title}"),
)  # fmt: skip
to_publish = _waiting(
    "disclosure.publish", gettext_lazy("公开事项待发布"), S.APPROVED, services.may_publish,
    gettext_lazy("发布公开事项：{title}"),
)  # fmt: skip
