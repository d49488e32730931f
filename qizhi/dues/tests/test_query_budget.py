"""Pages whose query count does not grow with the branch: the ledger, the unpaid list and the lists."""

import pytest
from django.urls import reverse

from qizhi.core.testing import fresh_queries
from qizhi.dues import services
from qizhi.dues.tests.helpers import actor_of, member, months_ago
from qizhi.party.testing import party_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


count = fresh_queries


def add_members(bureau, first: int, last: int) -> None:
    for index in range(first, last):
        membership = member(bureau, f"成员{index}", "4000")
        services.pay(membership, [months_ago(1)], by=actor_of(bureau))


@pytest.mark.parametrize("name", ["dues:ledger", "dues:unpaid", "dues:duespayment_list", "dues:duesbase_list"])
def test_the_page_costs_the_same_for_three_members_or_nine(client, personas, name):
    branch = party_of(personas.a)["branch"]
    params = {"party_org": branch.pk, "month": months_ago(1).strftime("%Y-%m")} if name == "dues:ledger" else {}
    client.force_login(personas.a.branch_secretary)
    add_members(personas.a, 0, 3)
    few = count(client, reverse(name), params)
    add_members(personas.a, 3, 9)
    assert count(client, reverse(name), params) == few
    assert few <= 20
