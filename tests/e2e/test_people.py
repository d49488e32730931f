"""The people roster: search, filters, masked personal data, and bureaus kept apart."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

MASKED_ID = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")


def roster_names(page: Page) -> list[str]:
    return page.locator("table tbody tr td:first-child").all_inner_texts()


def test_person_list_search_status_filter_and_masking(page: Page, server, personas, login, snap):
    login(personas.a.leader)
    page.get_by_role("button", name="组织与人员").click()
    page.get_by_role("link", name="人员名册").click()
    expect(page).to_have_url(f"{server}/org/people/")
    expect(page.get_by_role("heading", name="人员名册")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(3)
    assert sorted(roster_names(page)) == sorted(["云溪甲", "云溪乙", "云溪丙"])
    snap("01-list")

    # Pinyin initials of 云溪甲 (yun xi jia).
    page.get_by_label("搜索").fill("yxj")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"[?&]q=yxj"))
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr td").first).to_have_text("云溪甲")
    snap("02-search-pinyin")

    # Part of a name.
    page.get_by_label("搜索").fill("乙")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr td").first).to_have_text("云溪乙")

    page.get_by_label("搜索").fill("")
    page.get_by_label("状态").select_option(label="退休")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"[?&]retired=1"))
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr td").first).to_have_text("云溪丙")
    snap("03-filter-retired")

    # ID numbers are masked in the list, for every row.
    page.get_by_role("link", name="清除").click()
    expect(page.locator("table tbody tr")).to_have_count(3)
    headers = page.locator("table thead th").all_inner_texts()
    column = [h.strip() for h in headers].index("身份证号码")
    cells = page.locator(f"table tbody tr td:nth-child({column + 1})").all_inner_texts()
    full_numbers = {p.id_number for p in personas.a.people}
    assert len(cells) == 3
    for cell in cells:
        assert "*" in cell and MASKED_ID.match(cell.strip()), cell
        assert cell.strip() not in full_numbers
