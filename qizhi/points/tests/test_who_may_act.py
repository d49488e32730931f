"""Who may enter a points item and who decides it are the services' decisions (on the locked rows), so
the pages, the API and the to-do list share them; the pages offer only what the services let through."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from qizhi.core.refusals import Refused
from qizhi.dues.tests.helpers import member
from qizhi.org.testing import make_user
from qizhi.party.testing import party_of
from qizhi.points import services
from qizhi.points.choices import EntryStatus
from qizhi.points.models import PointEntry
from qizhi.points.testing import manual_rule

pytestmark = pytest.mark.django_db


def item(membership, **fields) -> PointEntry:
    return PointEntry(
        membership=membership, rule=manual_rule(), date=timezone.localdate(), description="调解", **fields
    )


def test_a_member_enters_their_own_item_and_a_keeper_anyone_of_the_branch(personas):
    colleague = make_user("tongzhi")
    own = member(personas.a, "同支部党员", "3000.00", user=colleague)
    membership = party_of(personas.a)["membership"]
    # a member of the same branch; the sibling bureau's secretary; a leader who reads and approves only
    for outsider in (colleague, personas.b.branch_secretary, personas.a.leader):
        assert not services.may_enter_for(outsider, membership)
        assert not services.enterable_memberships(outsider).filter(pk=membership.pk).exists()
        with pytest.raises(Refused):
            services.submit_entry(item(membership), by=outsider)
    assert not PointEntry.objects.filter(membership=membership).exists()

    services.submit_entry(item(membership), by=personas.a.branch_secretary)
    services.submit_entry(item(own), by=colleague)
    assert PointEntry.objects.filter(membership__in=[membership, own]).count() == 2


def test_only_the_rules_approver_over_the_branch_decides(personas):
    membership = party_of(personas.a)["membership"]
    entry = services.submit_entry(item(membership), by=personas.a.branch_secretary)  # approved by a secretary
    # the party office is not this rule's approver; the sibling bureau's secretary; staff
    for outsider in (personas.a.party_affairs, personas.b.branch_secretary, personas.a.staff):
        assert not services.may_decide(outsider, entry)
        with pytest.raises(Refused):
            services.decide_entry(entry, by=outsider, approve=True)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING and entry.decided_by is None

    secretary = personas.a.branch_secretary
    assert services.may_decide(secretary, entry)
    decided = services.decide_entry(entry, by=secretary, approve=False)
    assert decided.status == EntryStatus.REJECTED
    assert not services.may_decide(secretary, decided)  # nothing left to decide: no button


def test_the_entry_page_opens_to_whom_the_service_may_let_enter(client, personas):
    client.force_login(personas.a.staff)  # no membership, no points grant
    assert not services.may_enter_somewhere(personas.a.staff)
    assert client.get(reverse("points:pointentry_add")).status_code == 403
    assert reverse("points:pointentry_add") not in client.get(reverse("points:pointentry_list")).content.decode()

    user = make_user("dangyuan_jf")
    member(personas.a, "积分党员", "3000.00", user=user)
    client.force_login(user)  # a member without any grant enters their own
    assert client.get(reverse("points:pointentry_add")).status_code == 200
