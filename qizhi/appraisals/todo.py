"""What 民主评议 leaves waiting: a voter's open ballot, a round to close or seal, grades to record."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.accounts.roles import Action
from qizhi.appraisals import services
from qizhi.appraisals.choices import RoundState
from qizhi.appraisals.models import RollEntry, Round
from qizhi.core.todo import Item, register


@register("appraisals.ballot", gettext_lazy("民主评议待投票"), models=[RollEntry, Round])
def open_ballots(user, today: datetime.date):
    person = services.person_of(user)
    if person is None:
        return
    waiting = RollEntry.objects.filter(person=person, voted=False, electorate__round__state=RoundState.OPEN)
    for entry in waiting.select_related("electorate__round"):
        round_ = entry.electorate.round
        url = reverse("appraisals:ballot", args=[round_.pk]) + f"?electorate={entry.electorate.kind}"
        title = _("投票：{round}（{kind}）").format(round=round_, kind=entry.electorate.get_kind_display())
        yield Item("appraisals.ballot", title, url, timezone.localdate(round_.closes_at), round_)


@register("appraisals.manage", gettext_lazy("民主评议待截止、封存或定等次"), models=[Round])
def rounds_to_move(user, today: datetime.date):
    now = timezone.now()
    rounds = Round.objects.for_action(user, Action.CHANGE).filter(
        state__in=[RoundState.OPEN, RoundState.CLOSED, RoundState.SEALED]
    )
    for round_ in rounds:
        if round_.state == RoundState.OPEN:
            if round_.closes_at > now:
                continue
            title = _("截止投票：{round}").format(round=round_)
        elif round_.state == RoundState.CLOSED:
            title = _("封存选票：{round}").format(round=round_)
        else:
            title = _("评定并确认等次：{round}").format(round=round_)
        yield Item("appraisals.manage", title, round_.get_absolute_url(), timezone.localdate(round_.closes_at), round_)
