"""A citizen writes to the director through the portal and gets a number and a code; the office takes
the letter, accepts it and closes it with the director's reply; the citizen reads the reply on the
status page and rates it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from qizhi.reception import services
from qizhi.reception.models import Case


def test_a_citizen_writes_and_reads_the_reply(page: Page, server, personas, login, snap, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "e2e"}}
    services.ensure_rules()
    page.goto(f"{server}/public/letters/new/")
    page.get_by_label("写给").select_option(label=f"{personas.a.unit.name}局长（院长）")
    page.get_by_label("姓名").fill("刘群众")
    page.get_by_label("标题").fill("法律援助怎么申请")
    page.get_by_label("内容").fill("家里困难，想请律师打赡养官司，怎么申请法律援助？")
    page.get_by_role("button", name="提交").click()
    number = page.locator("#case-number").inner_text()
    code = page.locator("#case-code").inner_text()
    assert re.fullmatch(r"XX-2026-\d{6}", number) and len(code) == 8
    snap("01-number-and-code")

    login(personas.a.party_affairs)
    case = Case.objects.get(number=number)
    page.goto(f"{server}{case.get_absolute_url()}")
    page.get_by_role("button", name="登记并负责办理（首问负责）").click()
    expect(page.get_by_role("alert")).to_contain_text("已登记并负责办理（首问负责）")
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("已受理")
    page.get_by_label("办理结果").fill("已转法律援助中心受理")
    page.get_by_label("给来信来访人的答复（不公开）").fill("请携带身份证和经济困难证明到县法律援助中心申请。")
    page.get_by_role("button", name="办结", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("已办结")
    snap("02-closed")

    page.context.clear_cookies()
    page.goto(f"{server}/public/cases/")
    page.get_by_label("编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#case-reply")).to_contain_text("县法律援助中心")
    expect(page.locator("#case-status")).to_have_text("已办结")
    page.get_by_label("您对办理结果是否满意").select_option(label="满意")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价")).to_be_visible()
    snap("03-reply-read")
    case.refresh_from_db()
    assert case.satisfaction == "satisfied"
