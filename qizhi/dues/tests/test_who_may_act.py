"""Who may pay dues or approve a relief is the services' decision (on the member's locked row), so the
pages, the API and imports share it; the pages offer only what the services would let through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qizhi.core.refusals import Refused
from qizhi.dues import services
from qizhi.dues.models import DuesPayment, DuesRelief
from qizhi.dues.tests.helpers import member, months_ago, this_month
from qizhi.org.testing import make_user
from qizhi.party.testing import party_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def test_only_the_member_or_a_dues_keeper_over_the_branch_records_a_payment(personas):
    membership = member(personas.a, "付党员", "3000.00")
    # a plain member paying for a colleague; the sibling bureau's secretary; a leader who only reads dues
    for outsider in (make_user("tongshi"), personas.b.branch_secretary, personas.a.leader):
        assert not services.may_pay_for(outsider, membership)
        with pytest.raises(Refused):
            services.pay(membership, [months_ago(1)], by=outsider)
    assert not DuesPayment.objects.filter(membership=membership).exists()

    keeper = personas.a.branch_secretary
    assert services.may_pay_for(keeper, membership)
    services.pay(membership, [months_ago(1)], by=keeper)
    assert DuesPayment.objects.filter(membership=membership).count() == 1


def test_a_member_pays_their_own_but_no_one_elses(personas):
    user = make_user("benren")
    own = member(personas.a, "本人党员", "3000.00", user=user)
    other = member(personas.a, "别人党员", "3000.00")
    assert services.payable_memberships(user).filter(pk=own.pk).exists()
    assert not services.payable_memberships(user).filter(pk=other.pk).exists()
    services.pay(own, [months_ago(1)], by=user)
    with pytest.raises(Refused):
        services.pay(other, [months_ago(1)], by=user)
    assert not DuesPayment.objects.filter(membership=other).exists()


def relieve(membership, by):
    return services.grant_relief(
        membership, kind="exempt", start_month=this_month(), end_month=this_month(), reason="住院", by=by
    )


def test_a_relief_needs_a_dues_keeper_who_may_approve_over_the_branch(personas):
    membership = member(personas.a, "减免党员", "6000.00")
    # staff: reads dues only; the leader: approves but keeps no dues; the sibling bureau's party affairs
    for outsider in (personas.a.staff, personas.a.leader, personas.b.party_affairs):
        assert not services.may_approve_relief(outsider, membership)
        assert not services.relievable_memberships(outsider).filter(pk=membership.pk).exists()
        with pytest.raises(Refused):
            relieve(membership, outsider)
    assert not DuesRelief.objects.filter(membership=membership).exists()

    secretary = personas.a.branch_secretary
    assert services.may_approve_relief(secretary, membership)
    assert relieve(membership, secretary).approved_by == secretary


def test_the_relief_pages_and_api_follow_the_service(client, personas):
    membership = member(personas.a, "页面党员", "6000.00")
    client.force_login(personas.a.leader)
    assert client.get(reverse("dues:duesrelief_add")).status_code == 403
    assert reverse("dues:duesrelief_add") not in client.get(reverse("dues:duesrelief_list")).content.decode()
    answer = client.post(
        reverse("dues-api:duesrelief-list"),
        {"membership": membership.pk, "kind": "exempt", "start_month": this_month().isoformat(),
         "end_month": this_month().isoformat(), "reason": "越权"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code in (400, 403)  # the member is not offered to a leader, or the service refuses
    assert not DuesRelief.objects.filter(membership=membership).exists()

    client.force_login(personas.a.branch_secretary)
    assert reverse("dues:duesrelief_add") in client.get(reverse("dues:duesrelief_list")).content.decode()


def test_the_ledger_page_export_and_api_read_the_same_branches(client, personas):
    branch = party_of(personas.a)["branch"]
    assert services.ledger_branches(personas.a.leader).filter(pk=branch.pk).exists()
    assert not services.ledger_branches(personas.b.branch_secretary).filter(pk=branch.pk).exists()
    client.force_login(personas.b.branch_secretary)
    month = months_ago(1).strftime("%Y-%m")
    assert client.get(reverse("dues-ledger"), {"party_org": branch.pk, "month": month}).status_code == 404
    assert client.get(reverse("dues:ledger_export"), {"party_org": branch.pk, "month": month}).status_code == 404
