"""Party records waiting for a user: conversions due, terms expiring, transfers to receive (see ``core.todo``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.accounts.roles import Action
from qizhi.core.scoping import scope_queryset
from qizhi.core.todo import Item, register
from qizhi.party import services
from qizhi.party.choices import MembershipStatus, TransferStatus
from qizhi.party.models import CONVERSION_AFTER_DAYS, Membership, PartyOrg, Term, Transfer

CONVERSION_NOTICE_DAYS = 30  # a conversion shows this long before the probation ends (预备期届满)


@register(
    "party.conversion", gettext_lazy("预备党员转正"),
    models=[Membership], done=lambda m: m.status == MembershipStatus.FULL,
)  # fmt: skip
def conversions_due(user, today: datetime.date):
    joined_by = today + datetime.timedelta(days=CONVERSION_NOTICE_DAYS - CONVERSION_AFTER_DAYS)
    due = Membership.objects.editable_by(user).filter(
        status=MembershipStatus.PROBATIONARY, ended_on__isnull=True, joined_on__lte=joined_by
    )
    for membership in due.select_related("person", "branch").order_by("joined_on", "pk"):
        yield Item("party.conversion", _("预备期届满，办理转正：{member}").format(member=membership),
                   reverse("party:membership_convert", args=[membership.pk]), membership.conversion_due_on(),
                   membership)  # fmt: skip


@register("party.term", gettext_lazy("换届提醒"), models=[Term])
def terms_expiring(user, today: datetime.date):
    for term in services.expiring_terms(PartyOrg.objects.editable_by(user), today).order_by("end_date"):
        yield Item("party.term", _("任期将满，准备换届：{term}").format(term=term),
                   term.party_org.get_absolute_url(), term.end_date, term)  # fmt: skip


@register(
    "party.transfer", gettext_lazy("组织关系待接收"),
    models=[Transfer], done=lambda t: t.status != TransferStatus.PENDING,
)  # fmt: skip
def transfers_to_receive(user, today: datetime.date):
    pending = scope_queryset(
        Transfer.objects.filter(status=TransferStatus.PENDING, to_org__isnull=False), user, Action.CHANGE,
        area="party", path_field="to_org__unit__path",
    )  # fmt: skip
    for transfer in pending.select_related("person", "from_org", "to_org").order_by("requested_on", "pk"):
        yield Item("party.transfer", _("接收组织关系：{transfer}").format(transfer=transfer),
                   transfer.get_absolute_url(), None, transfer)  # fmt: skip
