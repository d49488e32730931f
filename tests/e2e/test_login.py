"""Signing in and out through the forms, as a bureau leader does every morning."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_leader_logs_in_sees_bureau_figures_and_logs_out(page: Page, server, personas, snap):
    page.goto(f"{server}/")
    # Anonymous visitors are sent to the login form.
    expect(page).to_have_url(f"{server}/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="旗帜")).to_be_visible()
    snap("01-login-form")

    page.get_by_label("用户名").fill(personas.a.leader.username)
    page.get_by_label("密码").fill("qizhi-test-pw")
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(f"{server}/")
    # The start page is the leader's cockpit: one tile per area, each linking to its page.
    expect(page.get_by_role("heading", name="您好")).to_be_visible()
    for key in ("targets", "meetings", "statistics", "party"):
        expect(page.locator(f'[data-tile="{key}"]')).to_be_visible()
    expect(page.locator("#qz-home-todo")).to_be_visible()
    expect(page.get_by_text("局领导 · 云溪县司法局")).to_be_visible()
    # The sibling bureau is not shown.
    expect(page.get_by_text("石桥县司法局")).to_have_count(0)
    snap("02-home")

    # The bureau's staff figures are on its unit page, a click away from the menu's unit tree.
    page.goto(f"{server}{personas.a.unit.get_absolute_url()}")
    card = page.locator(".card", has=page.locator('[data-figure="staff"]'))
    # 云溪甲 (party member), 云溪乙 (masses), 云溪丙 (retired party member).
    expect(card.locator('[data-figure="staff"]')).to_have_text("3")
    expect(card.locator('[data-figure="serving"]')).to_have_text("2")
    expect(card.locator('[data-figure="retired"]')).to_have_text("1")
    expect(card.locator('[data-figure="party_members"]')).to_have_text("2")
    expect(card.locator('[data-figure="serving_party_members"]')).to_have_text("1")
    expect(card.locator('[data-figure="party_share"]')).to_have_text("50%")
    snap("03-unit-page")

    # The user menu (a dropdown toggle named after the user) holds the logout button.
    page.get_by_role("button", name=personas.a.leader.username).click()
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(f"{server}/accounts/login/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    snap("04-logged-out")

    # The session is gone: the home page asks for the login again.
    page.goto(f"{server}/")
    expect(page).to_have_url(f"{server}/accounts/login/?next=/")
