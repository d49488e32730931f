"""A party member's home page shows their own 党费: this month's dues, the months unpaid and the last
payment, each figure from the dues service, at a cost that does not grow with the months."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qizhi.dues import services
from qizhi.dues.models import month_label
from qizhi.dues.tests.helpers import actor_of, member, months_ago, this_month
from qizhi.org.testing import make_person, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def dues_card(client) -> dict[str, str] | None:
    """The card's lines by ``data-dues`` key, tags stripped; None when the page has no dues card."""
    html = client.get("/").content.decode()
    if 'id="qz-my-dues"' not in html:
        return None
    lines = re.findall(r'data-dues="(\w+)">(.*?)</p>', html, re.S)
    return {key: re.sub(r"<[^>]+>", "", text).strip() for key, text in lines}


def long_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def paying_member(personas):
    """王党员 on 4,000.00 (1% → 40.00 a month) from two months ago, the first of them paid on its 15th."""
    user = make_user("wangdy")
    membership = member(personas.a, "王党员", "4000.00", since=months_ago(2), user=user)
    services.pay(membership, [months_ago(2)], by=user, paid_on=months_ago(2).replace(day=15))
    return user, membership


def test_it_shows_this_months_dues_the_months_unpaid_and_the_last_payment(client, paying_member):
    user, _membership = paying_member
    client.force_login(user)
    card = dues_card(client)
    last, this = months_ago(1), this_month()
    assert card["current"] == f"本月（{this.month}月）应交：40.00 元"
    unpaid = services.months_text([last, this])  # 2026年11月、12月 on the frozen day
    assert card["unpaid"] == f"未交 2 个月，共 80.00 元：{unpaid}"
    paid_on = months_ago(2).replace(day=15)
    assert card["last"] == f"上次交纳：{long_date(paid_on)}，{month_label(months_ago(2))}，共 40.00 元"


def test_after_paying_through_the_dues_service_nothing_is_unpaid(client, paying_member):
    user, membership = paying_member
    services.pay(membership, [months_ago(1), this_month()], by=user)
    client.force_login(user)
    card = dues_card(client)
    assert card["unpaid"] == "已交清，没有未交月份"
    today = timezone.localdate()
    assert card["last"].startswith(f"上次交纳：{long_date(today)}，{month_label(months_ago(1))}、")
    assert card["last"].endswith("共 80.00 元")
    assert services.unpaid_months(membership) == []


def test_an_exempt_month_shows_as_relieved_and_is_not_owed(client, paying_member, personas):
    user, membership = paying_member
    services.grant_relief(
        membership, kind="exempt", start_month=this_month(), end_month=this_month(), reason="住院治疗",
        by=actor_of(personas.a),
    )  # fmt: skip
    client.force_login(user)
    card = dues_card(client)
    assert card["current"] == f"本月（{this_month().month}月）应交：已减免"
    assert card["unpaid"] == f"未交 1 个月，共 40.00 元：{month_label(months_ago(1))}"


def test_a_reduced_month_shows_the_reduced_amount(client, paying_member, personas):
    user, membership = paying_member
    services.grant_relief(
        membership, kind="reduced", amount=Decimal("12.50"), start_month=this_month(), end_month=this_month(),
        reason="生活困难", by=actor_of(personas.a),
    )  # fmt: skip
    client.force_login(user)
    assert dues_card(client)["current"] == f"本月（{this_month().month}月）应交：12.50 元（已减交）"


def test_the_cards_link_opens_the_members_own_dues_page(client, paying_member):
    user, _membership = paying_member
    client.force_login(user)
    html = client.get("/").content.decode()
    assert f'href="{reverse("dues:my_dues")}"' in html
    assert client.get(reverse("dues:my_dues")).status_code == 200


def test_a_staff_member_outside_the_party_sees_no_card(client, personas):
    client.force_login(personas.a.staff)  # no person record
    assert dues_card(client) is None
    user = make_user("qunzhong")
    make_person(personas.a.unit, "群众甲", political_status="masses", user=user)  # a person, no membership
    client.force_login(user)
    assert dues_card(client) is None


def test_another_bureaus_member_never_shows(client, personas, paying_member):
    user, _membership = paying_member
    other_user = make_user("shiqiao")
    other = member(personas.b, "石桥党员", "12000.00", since=months_ago(5), user=other_user)  # 2% → 240.00
    services.pay(other, [months_ago(5), months_ago(4)], by=other_user)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "240.00" not in html and "480.00" not in html and "石桥党员" not in html
    assert dues_card(client)["last"].endswith("共 40.00 元")
    client.force_login(other_user)
    assert dues_card(client)["unpaid"].startswith("未交 4 个月，共 960.00 元")


def test_the_card_costs_five_queries_whatever_the_months(client, personas, paying_member, django_assert_num_queries):
    user, membership = paying_member
    with django_assert_num_queries(5):
        services.own_dues(membership.person)
    client.force_login(user)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    longer = member(personas.a, "王党员长", "4000.00", since=months_ago(11), user=make_user("wangc"))
    services.pay(longer, [months_ago(m) for m in range(11, 3, -1)], by=actor_of(personas.a))
    client.force_login(longer.person.user)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few), (len(few), len(many))
