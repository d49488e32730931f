"""发展党员 steps waiting for the branch (and the higher committee's pre-review and approval)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.accounts.roles import Action
from qizhi.core.todo import Item, register
from qizhi.recruitment import services
from qizhi.recruitment.choices import Step
from qizhi.recruitment.models import OPEN_STAGES, Applicant

NOTICE_DAYS = 30  # a step shows this long before its due date
# 转正 is listed by party.conversion on the membership; 半年考察 shows once due, not a month early
SKIPPED = (Step.CONVERSION,)


def due_items(applicants, user, today: datetime.date):
    """Each open applicant's next steps due within ``NOTICE_DAYS`` (or overdue), for one who may record them."""
    horizon = today + datetime.timedelta(days=NOTICE_DAYS)
    approving = set(Applicant.objects.for_action(user, Action.APPROVE).values_list("pk", flat=True))
    for applicant in applicants:
        for due in services.next_steps(applicant):
            when = due.due or (due.earliest if due.step == Step.CANDIDATE else None)
            if due.step in SKIPPED or when is None or when > horizon:
                continue
            if due.step in services.APPROVING_STEPS and applicant.pk not in approving:
                continue
            title = _("发展党员：{person}——{step}").format(person=applicant.person, step=due.label)
            url = reverse("recruitment:applicant_step", args=[applicant.pk]) + f"?step={due.step}"
            yield Item("recruitment.step", title, url, when, applicant)


@register("recruitment.step", gettext_lazy("发展党员"), models=[Applicant])
def steps_due(user, today: datetime.date):
    applicants = Applicant.objects.editable_by(user).filter(stage__in=OPEN_STAGES).select_related("person")
    return list(due_items(applicants.order_by("applied_on", "pk"), user, today))
