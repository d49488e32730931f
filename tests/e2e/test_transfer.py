"""A transfer end to end: the sending bureau starts it, the receiving bureau confirms it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from qizhi.party import services
from qizhi.party.testing import party_of


def test_a_member_moves_from_one_bureau_to_the_other(page: Page, server, personas, login, logout, snap):
    a, b = party_of(personas.a), party_of(personas.b)
    membership = a["membership"]

    login(personas.a.party_affairs)
    page.goto(f"{server}{membership.get_absolute_url()}")
    expect(page.get_by_role("heading", name="云溪甲（云溪机关党支部）")).to_be_visible()
    page.get_by_label("转入党组织（系统内）").select_option(label="石桥机关党支部")
    page.get_by_label("介绍信编号").fill("云组转〔2026〕8号")
    page.get_by_label("转接原因").fill("工作调动")
    snap("01-sender-fills-the-form")
    page.get_by_role("button", name="发起转接").click()
    expect(page.locator("#transfer-status")).to_have_text("待接收")
    expect(page.get_by_role("button", name="确认接收")).to_have_count(0)  # only the receiver confirms
    snap("02-pending")
    logout()

    login(personas.b.branch_secretary)
    page.get_by_role("button", name="党组织与党员").click()
    page.get_by_role("link", name="组织关系转接").click()
    page.get_by_role("link", name="云溪甲").first.click()
    snap("03-receiver-sees-it")
    page.get_by_label("编入党小组").select_option(label="石桥第一党小组")
    page.get_by_role("button", name="确认接收").click()
    expect(page.get_by_role("heading", name="云溪甲（石桥机关党支部）")).to_be_visible()
    expect(page.get_by_text("已接收云溪甲的组织关系")).to_be_visible()
    history = page.locator("table").filter(has_text="转入")
    expect(history.first).to_contain_text("云溪机关党支部")
    snap("04-member-page-after")

    current = services.current_membership(membership.person)
    assert (current.branch, current.group, current.joined_on) == (b["branch"], b["group"], membership.joined_on)
