"""A judicial office fills a month, submits it, is returned, corrects it, is approved; the county total changes."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def county_total(page: Page, server: str, personas) -> str:
    page.goto(f"{server}/statistics/rollup/?unit={personas.a.unit.pk}&start=2025-03&end=2025-03")
    return page.locator('#rollup tr[data-code="disputes_accepted"] td').nth(1).inner_text()


def test_a_month_goes_through_its_workflow(page: Page, server, personas, login, logout, snap):
    login(personas.a.statistician)
    page.get_by_role("button", name="业务统计").click()
    page.get_by_role("link", name="填报本月").click()
    page.get_by_label("填报单位").select_option(label="云溪司法所")
    page.get_by_label("月份").fill("2025-03")
    page.get_by_role("button", name="开始填报").click()
    page.get_by_label("调处矛盾纠纷（件）").fill("20")
    page.get_by_label("调处成功（件）").fill("25")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("调处成功（25）不得大于调处矛盾纠纷（20）")).to_be_visible()
    snap("01-bad-cell")
    page.get_by_label("调处成功（件）").fill("18")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="上报").click()
    expect(page.locator("#report-status")).to_have_text("已上报")
    report_url = page.url
    logout()

    login(personas.a.leader)
    page.goto(report_url)
    page.get_by_placeholder("退回理由").fill("受理数与台账不符，请核对")
    page.get_by_role("button", name="退回").click()
    expect(page.locator("#report-status")).to_have_text("已退回")
    logout()

    login(personas.a.statistician)
    page.goto(report_url)
    expect(page.locator("#report-events")).to_contain_text("受理数与台账不符")
    page.get_by_role("link", name="填写数据").click()
    page.get_by_label("调处矛盾纠纷（件）").fill("22")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="上报").click()
    logout()

    login(personas.a.leader)
    assert county_total(page, server, personas) == "—"  # nothing approved yet
    page.goto(report_url)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#report-status")).to_have_text("已审核")
    snap("02-approved")
    assert county_total(page, server, personas) == "22"
    expect(page.locator('#rollup tr[data-code="mediation_rate"] td').nth(1)).to_have_text("81.8")
    snap("03-county-total")
