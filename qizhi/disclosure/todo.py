"""What disclosure leaves waiting for a user (see ``core.todo``): items to review, approve and publish,
each due by its 主动公开 clock (20 working days from the record's making)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core.todo import Item, register
from qizhi.disclosure import services
from qizhi.disclosure.choices import DisclosureStatus
from qizhi.disclosure.clock import due_on
from qizhi.disclosure.models import Disclosure
from qizhi.reception.services import work_calendar

S = DisclosureStatus


def _waiting(user, status: str):
    return Disclosure.objects.visible_to(user).filter(status=status).select_related("unit")


@register(
    "disclosure.review", gettext_lazy("公开事项待审核"), models=[Disclosure], done=lambda d: d.status != S.PROPOSED
)
def to_review(user, today: datetime.date):
    calendar = work_calendar()
    for item in _waiting(user, S.PROPOSED).exclude(proposed_by=user):
        if services.may_review(user, item):
            yield Item("disclosure.review", _("审核公开事项：{title}").format(title=item.title),
                       item.get_absolute_url(), due_on(item.made_on, calendar), item)  # fmt: skip


@register(
    "disclosure.approve", gettext_lazy("公开事项待审批"), models=[Disclosure], done=lambda d: d.status != S.REVIEWED
)
def to_approve(user, today: datetime.date):
    calendar = work_calendar()
    for item in _waiting(user, S.REVIEWED):
        if services.may_approve(user, item):
            yield Item("disclosure.approve", _("审批公开事项：{title}").format(title=item.title),
                       item.get_absolute_url(), due_on(item.made_on, calendar), item)  # fmt: skip


@register(
    "disclosure.publish", gettext_lazy("公开事项待发布"), models=[Disclosure], done=lambda d: d.status != S.APPROVED
)
def to_publish(user, today: datetime.date):
    calendar = work_calendar()
    for item in _waiting(user, S.APPROVED):
        if services.may_publish(user, item):
            yield Item("disclosure.publish", _("发布公开事项：{title}").format(title=item.title),
                       item.get_absolute_url(), due_on(item.made_on, calendar), item)  # fmt: skip
