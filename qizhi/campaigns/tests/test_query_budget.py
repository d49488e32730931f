"""The ledger, the campaign page and the figures cost the same for a few items or many."""

import pytest
from django.urls import reverse

from qizhi.campaigns import services
from qizhi.campaigns.testing import campaign_of
from qizhi.campaigns.tests.helpers import item, problem
from qizhi.core.testing import fresh_queries

pytestmark = pytest.mark.django_db


count = fresh_queries


def grow(campaign, n: int) -> None:
    for index in range(n):
        found = problem(campaign, ("theory", "reform", "efficiency")[index % 3], f"问题{index}")
        item(found, status=("pending", "closed", "in_progress")[index % 3])


@pytest.mark.parametrize("page", ["ledger", "campaign", "public", "figures"])
def test_the_page_costs_the_same_for_few_items_or_many(client, personas, page):
    campaign = campaign_of(personas.a)["campaign"]
    url, params = {
        "ledger": (reverse("campaigns:rectification_list"), {"campaign": campaign.pk}),
        "campaign": (campaign.get_absolute_url(), {}),
        "public": (reverse("campaigns_public:rectification", args=[campaign.pk]), {}),
        "figures": (reverse("campaigns-figures"), {"campaign": campaign.pk}),
    }[page]
    if page != "public":
        client.force_login(personas.a.party_affairs)
    grow(campaign, 3)
    few = count(client, url, params)
    grow(campaign, 9)
    assert count(client, url, params) == few
    assert few <= 30


def test_the_figures_take_a_handful_of_queries(personas, django_assert_max_num_queries):
    campaign = campaign_of(personas.a)["campaign"]
    grow(campaign, 6)
    with django_assert_max_num_queries(8):
        services.figures(campaign)
    with django_assert_max_num_queries(1):
        services.rollup(campaign)
