"""The home page in a browser: the leader's cockpit at 1366 px, and a member on a phone (390 px) who
sees their branch's meetings and reports progress in three taps, without sideways scrolling."""

from __future__ import annotations

import datetime

from playwright.sync_api import Page, expect

from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import Meeting
from qizhi.party import services as party_services
from qizhi.party.choices import MembershipStatus
from qizhi.party.testing import party_of
from qizhi.targets.testing import plan_of, report_of

PHONE = {"width": 390, "height": 844}


def no_sideways_scrolling(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_the_leaders_cockpit_links_each_tile_to_its_page(page: Page, server, personas, login, snap):
    a = personas.a
    plan_of(a)
    report_of(a)
    party_of(a)
    # The report's first instance is the office's head; with the head's account closed it goes up to the leader.
    a.unit_head.is_active = False
    a.unit_head.save()
    login(a.leader)
    cockpit = page.locator("#qz-cockpit")
    for key in ("targets", "meetings", "statistics", "supervision", "party"):
        expect(cockpit.locator(f'[data-tile="{key}"]')).to_be_visible()
    expect(page.locator("#qz-todo-count .badge")).to_have_text("1")  # the progress report to review
    snap("01-cockpit-1366")
    missing = cockpit.locator('[data-tile="meetings"] [data-figure="缺开"]').inner_text()
    page.locator('[data-tile-link="meetings"]').click()
    expect(page).to_have_url(f"{server}/meetings/compliance/?unit={a.unit.pk}&period=2026-Q4")
    expect(page.locator("body")).to_contain_text("2026年第4季度")
    assert missing.isdigit()


def test_a_member_on_a_phone_reports_progress_in_three_taps(page: Page, server, personas, login, snap):
    a = personas.a
    target = plan_of(a)["member"]
    branch = party_of(a)["branch"]
    # 乙 (the staff login, who owns the task) joins the bureau's branch, whose meetings sit on the bureau.
    party_services.join(
        target.owner_person, branch=branch, joined_on=datetime.date(2015, 7, 1), status=MembershipStatus.FULL,
        full_on=datetime.date(2016, 7, 1), by=a.party_affairs,
    )  # fmt: skip
    meeting = Meeting.objects.create(
        kind=MeetingKind.BRANCH_ASSEMBLY, party_org=branch, unit=branch.unit, date=datetime.date(2026, 12, 10),
        topic="第四季度党员大会", place="三楼会议室",
    )  # fmt: skip
    page.set_viewport_size(PHONE)
    login(a.staff)
    expect(page.locator("#qz-my-meetings")).to_contain_text("第四季度党员大会")
    no_sideways_scrolling(page)
    snap("02-member-home-390")

    page.locator(f'[data-report="{target.pk}"]').click()  # tap 1
    # Wait for the report form before measuring: measuring mid-navigation finds no document.
    expect(page.get_by_label("完成值（件）")).to_be_visible()
    no_sideways_scrolling(page)
    page.get_by_label("完成值（件）").fill("30")  # typing, not a tap
    page.get_by_label("完成情况").fill("调处纠纷30件")
    snap("03-member-report-390")
    page.get_by_role("button", name="提交审核").click()  # tap 2
    expect(page.locator("#progress-status")).to_have_text("已上报")
    no_sideways_scrolling(page)

    page.goto(f"{server}/meetings/meetings/")
    expect(page.locator("body")).to_contain_text("第四季度党员大会")
    snap("04-member-meetings-390")
    no_sideways_scrolling(page)
    page.goto(f"{server}/meetings/calendar/?month=2026-12")
    expect(page.locator(f'a[href="{meeting.get_absolute_url()}"]')).to_have_count(1)
    snap("05-member-calendar-390")
    no_sideways_scrolling(page)


def test_a_member_reads_their_dues_on_the_home_page_at_desk_and_on_a_phone(page: Page, server, personas, login, snap):
    from qizhi.dues import services as dues
    from qizhi.dues.tests.helpers import member, months_ago

    a = personas.a
    # The staff login joins the branch on 4,000.00 a month (40.00) from two months ago; that first month paid.
    membership = member(a, "王党员", "4000.00", since=months_ago(2), user=a.staff)
    dues.pay(membership, [months_ago(2)], by=a.staff, paid_on=months_ago(2).replace(day=15))
    page.set_viewport_size({"width": 1366, "height": 900})
    login(a.staff)
    card = page.locator("#qz-my-dues")
    expect(card).to_contain_text("未交 2 个月，共 80.00 元")
    expect(card).to_contain_text("共 40.00 元")
    snap("01-member-dues-1366")
    page.set_viewport_size(PHONE)
    page.reload()
    expect(card).to_be_visible()
    no_sideways_scrolling(page)
    card.scroll_into_view_if_needed()
    snap("02-member-dues-390")
    card.get_by_role("link", name="我的党费").click()
    expect(page.get_by_test_id("standard")).to_contain_text("每月应交 40.00 元")
