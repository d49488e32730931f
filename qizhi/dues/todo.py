"""Dues waiting: arrears (3 or more consecutive months) for whoever keeps the branch's dues, and the
member's own unpaid months (see ``core.todo``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core.todo import Item, register
from qizhi.dues import services
from qizhi.dues.models import DuesBase, DuesPayment, DuesRelief, month_label

WATCHED = [DuesPayment, DuesBase, DuesRelief]


@register("dues.arrears", gettext_lazy("党费欠交"), models=WATCHED)
def arrears_to_chase(user, today: datetime.date):
    for item in services.arrears(services.manageable_memberships(user), today, at_least=services.WARNING_MONTHS):
        url = reverse("dues:unpaid") + f"?party_org={item.membership.branch_id}"
        title = _("党费欠交：{person}自{since}起连续{n}个月未交").format(
            person=item.membership.person, since=month_label(item.since), n=item.count
        )
        yield Item("dues.arrears", title, url, None, item.membership)


def _month_end(day: datetime.date) -> datetime.date:
    return services.add_months(services.month_of(day), 1) - datetime.timedelta(days=1)


@register("dues.own", gettext_lazy("我的党费"), models=WATCHED)
def own_unpaid(user, today: datetime.date):
    person = services.own_person(user)
    membership = person.memberships.filter(ended_on__isnull=True).first() if person else None
    if membership is None:
        return
    unpaid = services.unpaid_months(membership, today)
    if unpaid:
        title = _("交纳党费：{first}起{n}个月未交").format(first=month_label(unpaid[0]), n=len(unpaid))
        # the oldest unpaid month was due by its own month's end
        yield Item("dues.own", title, reverse("dues:my_dues"), _month_end(unpaid[0]), membership)
