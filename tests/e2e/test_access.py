"""Bureaus are kept apart: another bureau's records answer a plain Chinese 404."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_outsider_gets_chinese_404_for_other_bureau_person(page: Page, server, personas, login, snap):
    person = personas.a.people[0]
    login(personas.b.leader)
    response = page.goto(f"{server}/org/people/{person.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="页面不存在，或不在您的权限范围内")).to_be_visible()
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()
    expect(page.get_by_text(person.name)).to_have_count(0)
    expect(page).to_have_title(re.compile("页面不存在"))
    snap("01-not-found")
