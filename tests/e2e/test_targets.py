"""A member reports progress with an evidence file; the section head returns it; the member corrects
it; the head approves; the section's completion on the plan's page changes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from qizhi.core.testing import PDF_BYTES
from qizhi.targets.testing import plan_of

pytestmark = pytest.mark.dated  # reads today's date (CI runs it a year ahead too)


def completion_on_plan(page: Page, server: str, plan, target) -> str:
    page.goto(f"{server}{plan.get_absolute_url()}")
    return page.locator(f'#plan-tree tr[data-target="{target.pk}"] [data-percent]').inner_text()


def completion_on_target(page: Page, server: str, target) -> str:
    page.goto(f"{server}{target.get_absolute_url()}")
    return page.locator("#target-completion").inner_text()


def test_progress_goes_through_review_and_rolls_up(page: Page, server, personas, login, logout, snap, tmp_path):
    a = personas.a
    p = plan_of(a)
    evidence = tmp_path / "调解台账.pdf"
    evidence.write_bytes(PDF_BYTES)

    login(a.staff)
    page.get_by_role("button", name="目标责任").click()
    page.get_by_role("link", name="我的任务").click()
    # The task is listed among "mine" and, in December (its deadline is 31 December), also among those due.
    page.locator("#owned").get_by_role("link", name="云溪乙调解任务").click()
    page.get_by_role("link", name="报告进度").click()
    page.get_by_label("完成值（件）").fill("700")
    page.get_by_label("完成情况").fill("上半年调处纠纷")
    page.get_by_label("佐证材料").set_input_files(str(evidence))
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("超过目标值60的10倍")).to_be_visible()
    snap("targets-01-needs-confirmation")
    page.get_by_label("完成值（件）").fill("30")
    page.get_by_label("佐证材料").set_input_files(str(evidence))
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#progress-status")).to_have_text("已上报")
    expect(page.locator("#attachments")).to_contain_text("调解台账.pdf")
    report_url = page.url
    logout()

    login(a.unit_head)
    page.goto(report_url)
    page.get_by_placeholder("退回理由").fill("请附调解协议书")
    page.locator("#return").click()
    expect(page.locator("#progress-status")).to_have_text("已退回")
    logout()

    login(a.staff)
    page.locator("#qz-inbox").click()
    expect(page.get_by_text("进度报告被退回")).to_be_visible()
    page.goto(report_url)
    expect(page.locator("#progress-events")).to_contain_text("请附调解协议书")
    page.locator("#revise").click()
    page.get_by_label("完成值（件）").fill("36")
    page.get_by_label("完成情况").fill("上半年调处纠纷36件，附调解协议书")
    page.get_by_role("button", name="提交审核").click()
    logout()

    login(a.unit_head)  # the judicial office's head: their office's piece is the parent
    assert completion_on_target(page, server, p["judicial"]) == "0.0%"
    page.goto(report_url)
    page.locator("#approve").click()
    expect(page.locator("#progress-status")).to_have_text("已审核")
    assert completion_on_target(page, server, p["judicial"]) == "60.0%"  # 36 of 60
    snap("targets-02-parent-after-approval")
    logout()

    login(a.leader)  # the bureau's plan: 人民调解 = 40 × 60% ÷ 60 = 40.0%
    assert completion_on_plan(page, server, p["plan"], p["mediation"]) == "40.0%"
    snap("targets-03-plan")
