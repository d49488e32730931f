"""A bulletin issue goes through 提出 → 审核（保密审查） → 审批 → 发布 by two people; the public reads it on the
portal and on the kiosk (portrait 1080×1920), which goes back to its start page after two idle minutes;
withdrawn, it is gone from both at once."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from qizhi.disclosure import services
from qizhi.disclosure.models import Disclosure
from qizhi.publicity.testing import publicity_of


def test_a_bulletin_is_published_and_read_on_the_kiosk(page: Page, server, personas, login, snap):
    services.bump_portal()  # the file cache outlives the test database
    issue = publicity_of(personas.a)["issue"]
    login(personas.a.party_affairs)
    page.goto(f"{server}{issue.get_absolute_url()}")
    page.get_by_role("link", name="提请公开").click()
    expect(page.get_by_text("排查纠纷12起。")).to_be_visible()
    page.get_by_label("官方微博").check()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已提出公开，等待审核")).to_be_visible()
    expect(page.get_by_role("button", name="审核通过")).to_have_count(0)  # not for the proposer
    item_url = page.url

    page.context.clear_cookies()
    login(personas.a.leader)
    page.goto(item_url)
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("须经保密审查")).to_be_visible()
    page.get_by_label("已进行保密审查").check()
    page.get_by_role("button", name="审核通过").click()
    page.get_by_role("button", name="审批同意发布").click()
    expect(page.get_by_text("已审批，可以发布")).to_be_visible()

    page.context.clear_cookies()
    login(personas.a.party_affairs)
    page.goto(item_url)
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text("已发布", exact=True).first).to_be_visible()
    snap("01-published")

    page.context.clear_cookies()
    page.goto(f"{server}/public/")
    expect(page.get_by_text("开展矛盾纠纷大排查")).to_be_visible()
    snap("02-portal")
    # The kiosk runs in a tab of its own with a clock the test moves: its idle timer must not reach
    # the tab the staff sign in on afterwards.
    kiosk = page.context.new_page()
    kiosk.set_viewport_size({"width": 1080, "height": 1920})
    kiosk.clock.install()
    kiosk.goto(f"{server}/public/kiosk/")
    snap("03-kiosk-home", of=kiosk)
    kiosk.locator("a.qz-kiosk-button", has_text="信息简报").click()
    kiosk.get_by_role("link", name="开展矛盾纠纷大排查").click()
    expect(kiosk.get_by_text("排查纠纷12起。")).to_be_visible()
    box = kiosk.get_by_role("link", name="返回首页").bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48
    snap("04-kiosk-item", of=kiosk)
    kiosk.clock.fast_forward(121_000)  # two idle minutes
    expect(kiosk).to_have_url(f"{server}/public/kiosk/")
    expect(kiosk.locator("a.qz-kiosk-button").first).to_be_visible()
    kiosk.close()

    item = Disclosure.objects.get()
    login(personas.a.party_affairs)
    page.goto(f"{server}{item.get_absolute_url()}")
    page.get_by_label("理由").last.fill("内容有误")
    page.get_by_role("button", name="撤回（各渠道立即下线）").click()
    page.context.clear_cookies()
    page.goto(f"{server}/public/kiosk/")
    expect(page.get_by_text("暂无公开信息")).to_be_visible()
    page.goto(f"{server}/public/")
    expect(page.get_by_text("开展矛盾纠纷大排查")).to_have_count(0)
