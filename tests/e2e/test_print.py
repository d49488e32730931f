"""Printed pages show the content only: no menu, filters or buttons, the table within the page's width,
and a header naming the page, who printed it and when."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_a_printed_list_has_no_menu_filters_or_buttons_and_fits_the_width(page: Page, server, personas, login, snap):
    login(personas.a.leader)
    page.goto(f"{server}/org/people/")
    expect(page.locator(".qz-navbar")).to_be_visible()
    expect(page.locator(".qz-filter")).to_be_visible()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 700, "height": 1000})  # about an A4 page's width at 96 dpi
    for hidden in (".qz-navbar", ".qz-filter", ".btn"):
        assert all(not b.is_visible() for b in page.locator(hidden).all()), hidden
    header = page.locator(".qz-print-header")
    expect(header).to_be_visible()
    expect(header).to_contain_text("人员")  # the page title
    expect(header).to_contain_text("打印人")
    table = page.locator("table").first.bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= 700 + 1
    snap("01-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
