"""A member on a phone pays two months of dues at once, then this month's, and sees their points change; the
secretary's ledger balances with the payments."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from qizhi.dues import services
from qizhi.dues.models import DuesPayment
from qizhi.dues.tests.helpers import member, months_ago
from qizhi.party.testing import party_of
from qizhi.points.models import PointRule


def test_a_member_pays_two_months_on_a_phone(page: Page, server, personas, login, snap):
    membership = member(personas.a, "手机党员", "3000.01", since=months_ago(2), user=personas.a.staff)
    PointRule.objects.create(name="基础分", source="base", points=60)
    PointRule.objects.create(name="按时交纳党费", source="dues_on_time", points=1)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    login(personas.a.staff)
    page.goto(f"{server}/dues/my/")
    expect(page.get_by_test_id("standard")).to_have_text("每月应交 30.00 元")
    expect(page.get_by_text("未交 3 个月")).to_be_visible()  # two months ago, last month, this month
    snap("01-owing")
    for month in (months_ago(2), months_ago(1)):
        page.get_by_label(services.month_label(month)).check()
    page.get_by_role("button", name="交纳").click()
    expect(page.get_by_text("已交纳2个月党费，共60.00元")).to_be_visible()
    expect(page.get_by_test_id("payments").get_by_text("30.00 元")).to_have_count(2)
    expect(page.get_by_text("未交 1 个月")).to_be_visible()
    snap("02-paid")
    assert DuesPayment.objects.filter(membership=membership).count() == 2

    page.goto(f"{server}/points/my/")  # the two months were paid late: no points for them
    expect(page.get_by_test_id("points-total")).to_contain_text("积分 60.0 分")
    page.goto(f"{server}/dues/my/")
    page.get_by_label(services.month_label(months_ago(0))).check()
    page.get_by_role("button", name="交纳").click()
    expect(page.get_by_text("已交纳1个月党费，共30.00元")).to_be_visible()
    page.goto(f"{server}/points/my/")  # this month paid within the month: one point
    expect(page.get_by_test_id("points-total")).to_contain_text("积分 61.0 分")
    snap("03-points")

    page.context.clear_cookies()
    login(personas.a.branch_secretary)
    branch = party_of(personas.a)["branch"]
    page.goto(f"{server}/dues/ledger/?party_org={branch.pk}&month={months_ago(1):%Y-%m}")
    expect(page.get_by_text("实收30.00元，未交0.00元")).to_be_visible()
    snap("04-ledger")
