"""Reflections waiting for review, and one's own returned ones (see ``core.todo``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.accounts.roles import Action
from qizhi.core import workflow
from qizhi.core.scoping import first_instance
from qizhi.core.todo import Item, register
from qizhi.study.models import Reflection


@register(
    "study.review", gettext_lazy("心得体会待审阅"),
    models=[Reflection], done=lambda r: r.status != workflow.Status.DRAFT,
)  # fmt: skip
def reflections_to_review(user, today: datetime.date):
    """Submitted reflections the user is the first to review: a member's branch secretary or unit
    head before the leaders above them (``first_instance``); never one's own."""
    waiting = first_instance(
        Reflection.objects.filter(status=workflow.Status.SUBMITTED).exclude(person__user=user), user,
        Action.APPROVE, area="study", path_field="person__unit__path", author="person__user",
    )  # fmt: skip
    for reflection in waiting.select_related("person", "plan").order_by("created_at", "pk"):
        due = reflection.plan.end_date if reflection.plan_id else None
        yield Item("study.review", _("审阅心得体会：{reflection}").format(reflection=reflection),
                   reflection.get_absolute_url(), due, reflection)  # fmt: skip


@register("study.returned", gettext_lazy("心得体会被退回"), models=[Reflection])
def reflections_returned(user, today: datetime.date):
    returned = Reflection.objects.filter(person__user=user, status=workflow.Status.RETURNED)
    for reflection in returned.select_related("person", "plan"):
        due = reflection.plan.end_date if reflection.plan_id else None
        yield Item("study.returned", _("修改后重新提交：{title}").format(title=reflection.title),
                   reverse("study:reflection_edit", args=[reflection.pk]), due, reflection)  # fmt: skip
