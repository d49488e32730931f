"""A staff member sends an opinion; the office turns it into a problem and a rectification item with the four
fields and publishes it; the responsible person reports progress with evidence; a verifier closes it; the public
page and the figures change."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from qizhi.campaigns.models import Opinion, Rectification
from qizhi.campaigns.testing import campaign_of
from qizhi.core.testing import PDF_BYTES

# Every page fetches the 待办 count after it loads (htmx): let it finish before posting, since the live server's
# threads share one in-memory SQLite database, where a read in one thread locks a table against a write in another.


def settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")


def test_from_an_opinion_to_a_closed_public_item(page: Page, server, personas, login, snap, tmp_path):
    data = campaign_of(personas.a)
    campaign = data["campaign"]
    campaign.opinions_anonymous = True
    campaign.save()
    person = personas.a.people[1]  # 云溪乙 of the judicial office: the staff login
    person.user = personas.a.staff
    person.save()

    login(personas.a.staff)
    page.goto(f"{server}/campaigns/my/")
    settled(page)
    page.get_by_label("意见建议").fill("司法所周末无人值班，群众办事不便")
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_text("意见已提交，谢谢您")).to_be_visible()
    snap("01-opinion-sent")
    opinion = Opinion.objects.get(content="司法所周末无人值班，群众办事不便")
    assert opinion.person is None

    page.context.clear_cookies()
    login(personas.a.party_affairs)
    page.goto(f"{server}{opinion.get_absolute_url()}")
    settled(page)
    page.get_by_label("问题所属方面").select_option(label="服务基层")
    page.get_by_label("问题表现").fill("司法所周末值班制度缺失")
    page.get_by_role("button", name="转为查摆问题").click()
    expect(page.get_by_text("已据此意见查摆问题")).to_be_visible()
    page.get_by_role("link", name="新增整改事项").click()
    settled(page)
    page.get_by_label("整改措施").fill("建立司法所周末轮流值班制度")
    page.get_by_label("整改目标", exact=True).fill("周末有人值班")
    page.get_by_label("完成时限").fill("2026-12-25")
    page.get_by_label("责任人").select_option(label=person.name)
    page.get_by_label("责任单位").select_option(label=personas.a.judicial_office.name)
    page.get_by_role("button", name="保存").click()
    settled(page)
    page.locator("form[action*='publish'] button").click()  # (by name it would also match the menu's 信息宣传与公开)
    expect(page.get_by_text("已公开")).to_be_visible()
    snap("02-published")
    item = Rectification.objects.get(measure="建立司法所周末轮流值班制度")
    assert item.public and item.campaign == campaign

    settled(page)  # the page's background 待办 request ends before the next login
    page.context.clear_cookies()
    login(personas.a.staff)
    page.goto(f"{server}/campaigns/my/")
    page.get_by_role("link", name="建立司法所周末轮流值班制度").click()
    settled(page)
    page.get_by_label("状态").select_option(label="已整改（待验收）")
    page.get_by_label("进展说明").fill("值班制度已印发，值班表已公示")
    evidence = tmp_path / "值班表.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.get_by_label("佐证材料").set_input_files(str(evidence))
    page.get_by_role("button", name="提交进展").click()
    expect(page.get_by_text("已报告整改进展")).to_be_visible()
    snap("03-reported")

    page.context.clear_cookies()
    login(personas.a.leader)
    page.goto(f"{server}{item.get_absolute_url()}")
    settled(page)
    page.get_by_label("验收结论").select_option(label="通过")
    page.get_by_role("button", name="提交验收结论").click()
    expect(page.get_by_text("已验收")).to_be_visible()
    expect(page.locator("#item-status")).to_have_text("已销号 · 100%")
    page.goto(f"{server}{campaign.get_absolute_url()}")
    expect(page.locator("#figures-sentence")).to_have_text(
        "共查摆问题2个，已完成1个，阶段性完成并持续整改0个，未完成1个，完成率50.0%"
    )
    snap("04-figures")

    page.context.clear_cookies()
    page.goto(f"{server}/public/campaigns/{campaign.pk}/")
    row = page.get_by_role("row").filter(has_text="建立司法所周末轮流值班制度")
    expect(row).to_contain_text("已销号")
    expect(row).to_contain_text(person.name)
    snap("05-public")
