"""A branch secretary records a 支部委员会 with two absences; the compliance page turns from missing to held."""

from __future__ import annotations

import datetime

from playwright.sync_api import Page, expect

from qizhi.org.testing import make_person
from qizhi.party import services as party_services
from qizhi.party.choices import MembershipStatus, PartyOrgKind


def branch_with_members(personas):
    actor = personas.a.party_affairs
    branch = party_services.create_party_org(
        parent=None, by=actor, name="机关党支部", kind=PartyOrgKind.BRANCH, unit=personas.a.unit
    )
    names = ("王建国", "李秀英", "张伟", "刘洋", "陈静")
    for name in names:
        party_services.join(
            make_person(personas.a.office, name), branch=branch, status=MembershipStatus.FULL,
            joined_on=datetime.date(2010, 7, 1), full_on=datetime.date(2011, 7, 1),
            started_on=datetime.date(2020, 1, 1), by=actor,
        )  # fmt: skip
    return branch


def committee_badge(page: Page):
    return page.locator('#compliance tr[data-org="机关党支部"] [data-kind="branch_committee"][data-period="2025-10"]')


def test_a_committee_meeting_with_two_absences_turns_the_month_to_held(page: Page, server, personas, login, snap):
    branch_with_members(personas)
    login(personas.a.branch_secretary)
    compliance = f"{server}/meetings/compliance/?unit={personas.a.unit.pk}&period=2025-Q4"
    page.goto(compliance)
    expect(committee_badge(page)).to_have_attribute("data-state", "missing")
    snap("01-missing")

    page.get_by_role("button", name="组织生活").click()
    page.get_by_role("link", name="登记会议").click()
    page.get_by_label("会议类型").select_option(label="支部委员会")
    page.get_by_label("组织单位（党组织）").select_option(label="机关党支部")
    page.get_by_label("会议日期").fill("2025-10-14")
    page.get_by_label("主题").fill("研究第四季度发展党员工作")
    page.get_by_label("地点").fill("三楼会议室")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#meeting-status")).to_have_text("计划召开")
    expect(page.locator("#attendance-summary")).to_contain_text("应到5人，出席5人")

    page.get_by_role("link", name="登记出席").click()
    page.locator('tr[data-person="张伟"]').get_by_label("缺席", exact=True).check()
    page.locator('tr[data-person="张伟"] select').select_option(label="事假")
    page.locator('tr[data-person="陈静"]').get_by_label("缺席", exact=True).check()
    snap("02-sheet")
    page.get_by_role("button", name="保存出席情况").click()
    expect(page.locator("#attendance-summary")).to_contain_text("应到5人，出席3人，迟到0人，缺席2人（未请假1人）")
    expect(page.locator("#attendance")).to_contain_text("缺席（事假）")
    page.get_by_role("button", name="确认已召开").click()
    expect(page.locator("#meeting-status")).to_have_text("已召开")
    snap("03-held")

    page.goto(compliance)
    expect(committee_badge(page)).to_have_attribute("data-state", "held")
    expect(page.locator('#compliance tr[data-org="机关党支部"] td').nth(4)).to_have_text("60.0%")
    expect(page.locator("#heat-chart canvas").first).to_be_visible()
    snap("04-held")
