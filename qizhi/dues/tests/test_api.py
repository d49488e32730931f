"""The dues API: the standard as a figure, the ledger by branch and month, payments through the service."""

from decimal import Decimal

import pytest
from django.urls import reverse

from qizhi.dues.models import DuesPayment
from qizhi.dues.tests.helpers import actor_of, member, months_ago
from qizhi.org.testing import make_user
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "base,kind,amount",
    [("3000.00", "serving", "15.00"), ("3000.01", "serving", "30.00"), ("10000.01", "serving", "200.00"),
     ("5000.00", "retired", "25.00"), ("5000.01", "retired", "50.00"), ("3000.01", "", "30.00")],
)  # fmt: skip
def test_the_standard_answers_the_monthly_amount(client, personas, base, kind, amount):
    client.force_login(personas.a.staff)
    response = client.get(reverse("dues-standard"), {"base": base, "kind": kind})
    assert response.status_code == 200
    assert response.json()["amount"] == amount


@pytest.mark.parametrize(
    "params,field",
    [({"base": "-1"}, "base"), ({"base": "1000000.01"}, "base"), ({"base": "abc"}, "base"), ({}, "base"),
     ({"base": "1e999"}, "base"), ({"base": "NaN"}, "base"), ({"base": "3000", "kind": "x"}, "kind")],
)  # fmt: skip
def test_the_standard_refuses_bad_input_with_the_field(client, personas, params, field):
    client.force_login(personas.a.staff)
    response = client.get(reverse("dues-standard"), params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.dated
def test_the_ledger_api_matches_the_page_and_hides_the_sibling(client, personas):
    month = months_ago(1)
    paid = member(personas.a, "甲", "8888.88")
    member(personas.a, "乙", "3000.01")
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        reverse("dues-api:duespayment-list"),
        {"membership": paid.pk, "months": [month.strftime("%Y-%m")], "extra": "1.00"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    branch = party_of(personas.a)["branch"]
    body = client.get(reverse("dues-ledger"), {"party_org": branch.pk, "month": month.strftime("%Y-%m")}).json()
    assert body["totals"]["due"] == "163.33"  # 133.33 + 30.00
    assert (body["totals"]["paid"], body["totals"]["extra"], body["totals"]["outstanding"]) == (
        "133.33",
        "1.00",
        "30.00",
    )
    other = party_of(personas.b)["branch"]
    assert client.get(reverse("dues-ledger"), {"party_org": other.pk, "month": "2026-01"}).status_code == 404
    for params in ({"party_org": branch.pk, "month": "2026-13"}, {"party_org": "x", "month": "2026-01"}, {}):
        assert client.get(reverse("dues-ledger"), params).status_code == 400


@pytest.mark.dated
def test_paying_through_the_api_refuses_a_paid_month_and_a_foreign_member(client, personas):
    month = months_ago(1).strftime("%Y-%m")
    mine = member(personas.a, "自己", "3000", user=(user := make_user("api_member")))
    theirs = member(personas.a, "别人", "3000")
    client.force_login(user)
    url = reverse("dues-api:duespayment-list")
    assert (
        client.post(url, {"membership": mine.pk, "months": [month]}, content_type="application/json").status_code == 201
    )
    again = client.post(url, {"membership": mine.pk, "months": [month]}, content_type="application/json")
    assert again.status_code == 400 and "months" in again.json()["errors"]
    foreign = client.post(url, {"membership": theirs.pk, "months": [month]}, content_type="application/json")
    assert foreign.status_code == 400 and "membership" in foreign.json()["errors"]
    bad = client.post(url, {"membership": mine.pk, "months": ["2026-99"]}, content_type="application/json")
    assert bad.status_code == 400 and "months" in bad.json()["errors"]
    assert DuesPayment.objects.filter(membership__in=[mine, theirs]).count() == 1


def test_a_base_over_the_limit_is_refused_by_the_api(client, personas):
    membership = member(personas.a, "基数", "3000")
    client.force_login(personas.a.party_affairs)
    url = reverse("dues-api:duesbase-list")
    data = {"membership": membership.pk, "kind": "serving", "start_month": "2026-11-01", "base": "1000000.01"}
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == 400 and "base" in response.json()["errors"]
    data["base"] = "5000.01"
    created = client.post(url, data, content_type="application/json")
    assert created.status_code == 201 and created.json()["standard"] == "75.00"
    assert actor_of(personas.a) is not None and Decimal(created.json()["base"]) == Decimal("5000.01")
