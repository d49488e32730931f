"""A citizen writes to the director through the portal and gets a number and a code; the office takes
the letter, accepts it and closes it with the director's reply; the citizen reads the reply on the
status page and rates it. The writer consented: the director moderates a public question and answer,
which goes through the disclosure log (提出 → 审核 with the 保密审查 → 审批 → 发布) and appears on the portal
and on the kiosk (portrait 1080×1920), without the writer's name or the private reply."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from qizhi.disclosure import services as disclosure
from qizhi.reception import services
from qizhi.reception.models import Case


def test_a_citizen_writes_and_reads_the_reply(page: Page, server, personas, login, snap, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "e2e"}}
    services.ensure_rules()
    disclosure.bump_portal()
    page.goto(f"{server}/public/letters/new/")
    page.get_by_label("写给").select_option(label=f"{personas.a.unit.name}局长（院长）")
    page.get_by_label("姓名").fill("刘群众")
    page.get_by_label("标题").fill("法律援助怎么申请")
    page.get_by_label("内容").fill("家里困难，想请律师打赡养官司，怎么申请法律援助？")
    page.get_by_label("同意在审核并去除个人信息后公开问答").check()
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

    # The director moderates the public Q&A; the office puts it forward, the leader reviews and approves.
    login(personas.a.leader)
    page.goto(f"{server}{case.get_absolute_url()}")
    page.get_by_label("公开的问题（去除个人信息）").fill("家庭困难，如何申请法律援助打赡养官司？")
    page.get_by_label("公开的答复").fill("请携带身份证和经济困难证明到县法律援助中心申请。")
    page.get_by_label("审核结论").select_option(label="同意公开")
    page.get_by_role("button", name="审核问答").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.context.clear_cookies()
    login(personas.a.party_affairs)
    page.goto(f"{server}{case.get_absolute_url()}")
    page.get_by_role("link", name="提请公开").click()
    expect(page.get_by_text("答：请携带身份证和经济困难证明到县法律援助中心申请。")).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已提出公开，等待审核")).to_be_visible()
    item_url = page.url
    page.context.clear_cookies()
    login(personas.a.leader)
    page.goto(item_url)
    page.get_by_label("已进行保密审查").check()
    page.get_by_role("button", name="审核通过").click()
    page.get_by_role("button", name="审批同意发布").click()
    expect(page.get_by_text("已审批，可以发布")).to_be_visible()
    page.context.clear_cookies()
    login(personas.a.party_affairs)
    page.goto(item_url)
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text("已发布", exact=True).first).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{server}/public/")
    expect(page.get_by_text("如何申请法律援助打赡养官司").first).to_be_visible()
    expect(page.get_by_text("刘群众")).to_have_count(0)
    snap("04-qa-on-the-portal")
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.goto(f"{server}/public/kiosk/")
    page.locator("a.qz-kiosk-button", has_text="局长信箱问答").click()
    page.get_by_role("link", name=re.compile("如何申请法律援助")).click()
    expect(page.get_by_text("答：请携带身份证和经济困难证明到县法律援助中心申请。")).to_be_visible()
    expect(page.get_by_text("刘群众")).to_have_count(0)
    snap("05-qa-on-the-kiosk")
