"""The unit tree and a unit's page: figures over a subtree, children loaded on demand."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from qizhi.org.choices import UnitKind
from qizhi.org.models import Unit
from qizhi.org.testing import make_person


def test_unit_tree_expands_and_unit_page_shows_figures(page: Page, server, personas, login, snap):
    # Give 云溪司法所 a child of its own, so that it shows an expand button.
    judicial = personas.a.judicial_office
    service = Unit.objects.add_child(
        judicial, create_kwargs={"name": "云溪法律服务所", "kind": UnitKind.LEGAL_SERVICE_OFFICE}
    )
    make_person(service, "云溪丁")

    login(personas.a.leader)
    page.get_by_role("button", name="组织与人员").click()
    page.get_by_role("link", name="单位架构").click()
    expect(page).to_have_url(f"{server}/org/units/tree/")
    page.wait_for_load_state()  # htmx binds the expand buttons once the page has loaded
    expect(page.get_by_role("heading", name="单位架构")).to_be_visible()
    tree = page.locator(".qz-tree")
    expect(tree.get_by_role("link", name="云溪县司法局")).to_be_visible()
    expect(tree.get_by_role("link", name="办公室")).to_be_visible()
    expect(tree.get_by_role("link", name="云溪法律服务所")).to_have_count(0)
    snap("01-tree")

    expand = tree.locator('.qz-expand[data-unit="云溪司法所"]')
    # The slot right after the unit's own row (not the slots of its parents or its children).
    slot = expand.locator("xpath=ancestor::div[contains(@class, 'qz-tree-node')]/following-sibling::div[1]")
    expand.click()
    child = slot.get_by_role("link", name="云溪法律服务所")
    expect(child).to_be_visible()
    expect(slot).to_contain_text("1 人 · 在职 1 · 党员 1")
    snap("02-tree-expanded")
    expand.click()  # folds without a request
    expect(child).to_be_hidden()
    expand.click()
    expect(child).to_be_visible()

    tree.get_by_role("link", name="云溪司法所").click()
    expect(page).to_have_url(f"{server}/org/units/{judicial.pk}/")
    expect(page.get_by_role("heading", name="云溪司法所")).to_be_visible()
    # 云溪乙 (masses) in the office itself, 云溪丁 (party member) in the service office below.
    figures = page.locator(".qz-figures")
    expect(figures.locator('[data-figure="staff"]')).to_have_text("2")
    expect(figures.locator('[data-figure="serving"]')).to_have_text("2")
    expect(figures.locator('[data-figure="retired"]')).to_have_text("0")
    expect(figures.locator('[data-figure="party_members"]')).to_have_text("1")
    expect(figures.locator('[data-figure="party_share"]')).to_have_text("50%")
    rows = page.locator("#sub-units tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td")).to_have_text(["云溪法律服务所", "法律服务所", "1", "1", "0", "1"])
    expect(page.get_by_role("link", name="云溪乙")).to_be_visible()
    snap("03-unit-page")
