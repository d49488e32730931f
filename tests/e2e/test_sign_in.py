"""A meeting as members live it: the secretary publishes the notice and opens sign-in at the meeting; a
member on a phone (390 px) signs in from the home page with the code on the screen, in two taps."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import Meeting
from qizhi.party import services as party_services
from qizhi.party.choices import MembershipStatus
from qizhi.party.testing import party_of
from qizhi.targets.testing import plan_of

PHONE = {"width": 390, "height": 844}


def test_a_member_signs_in_on_a_phone_with_the_secretarys_code(page: Page, server, personas, login, snap):
    a = personas.a
    member = plan_of(a)["member"].owner_person  # the staff login's person
    branch = party_of(a)["branch"]
    party_services.join(
        member, branch=branch, joined_on=datetime.date(2015, 7, 1), status=MembershipStatus.FULL,
        full_on=datetime.date(2016, 7, 1), by=a.party_affairs,
    )  # fmt: skip
    meeting = services.save_meeting(
        Meeting(
            kind=MeetingKind.BRANCH_ASSEMBLY, party_org=branch, date=timezone.localdate(),
            start_time=datetime.time(10, 30), topic="第四季度党员大会", place="三楼会议室", agenda="一、学习文件",
        ),
        by=a.party_affairs,
    )  # fmt: skip

    login(a.party_affairs)
    page.goto(f"{server}{meeting.get_absolute_url()}")
    page.locator("#publish-notice").click()
    expect(page.locator(".alert-success")).to_contain_text("已发布会议通知")
    expect(page.locator("#meeting-notice")).to_contain_text("已于")
    page.locator("#open-sign-in").click()
    code = page.locator("#sign-in-code").inner_text().strip()
    assert len(code) == 6 and code.isdigit()
    expect(page.locator(f'#attendance tr[data-person="{member.name}"]')).to_contain_text("未签到")
    snap("01-secretary-shows-the-code")
    page.get_by_role("button", name=a.party_affairs.username).click()
    page.get_by_role("button", name="退出登录").click()

    page.set_viewport_size(PHONE)
    login(a.staff)
    sign_in = page.locator(f'[data-sign-in="{meeting.pk}"]')
    expect(sign_in).to_be_visible()
    snap("02-member-home-390")
    sign_in.click()  # tap 1
    page.get_by_label("签到码").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="签到").click()
    expect(page.locator("body")).to_contain_text("签到码不正确")
    page.get_by_label("签到码").fill(code)
    snap("03-member-types-the-code-390")
    page.get_by_role("button", name="签到").click()  # tap 2 (after typing)
    expect(page.locator(".alert-success")).to_contain_text("签到成功：出席")
    expect(page.locator("#signed-in")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    snap("04-signed-in-390")
    expect(page.locator(f'#attendance tr[data-person="{member.name}"]')).to_contain_text("出席")
