"""A member on a phone (390 px) appraises colleagues one per screen, gets the receipt once, and after the
seal finds it in the list."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from qizhi.appraisals import services
from qizhi.appraisals.models import Ballot
from qizhi.appraisals.testing import actor, staff_round, voters_unit


def test_a_member_casts_a_ballot_on_a_phone_and_finds_the_receipt_after_the_seal(
    page: Page, server, personas, login, snap
):
    unit, people = voters_unit(personas.a, 6)
    voter = people[0]
    voter.user = personas.a.staff  # a member with the ordinary staff login
    voter.save()
    round_ = staff_round(personas.a, unit, people[:4])
    services.open_round(round_, by=actor(personas.a))
    page.set_viewport_size({"width": 390, "height": 844})
    page.on("dialog", lambda dialog: dialog.accept())
    login(personas.a.staff)
    page.goto(f"{server}/appraisals/my/")
    page.get_by_role("link", name="投票").click()
    expect(page.locator(".qz-subject:visible")).to_have_count(1)  # one subject per screen
    expect(page.get_by_text("1 / 3")).to_be_visible()
    snap("01-first-subject")
    page.locator(".qz-subject:visible").get_by_role("button", name="全部优秀").click()  # one tap, next screen
    expect(page.get_by_text("2 / 3")).to_be_visible()
    page.locator(".qz-subject:visible").get_by_role("button", name="全部合格").click()
    expect(page.get_by_text("3 / 3")).to_be_visible()
    current = page.locator(".qz-subject:visible")
    current.get_by_role("button", name="全部合格").click()
    current.locator("fieldset").nth(2).get_by_text("基本合格").click()  # adjust one dimension: three taps
    page.reload()  # the draft survives in the browser
    expect(page.get_by_text("已评 3 人")).to_be_visible()
    snap("02-draft-kept")
    page.get_by_role("button", name="提交选票").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert len(code) == 14
    snap("03-receipt")
    assert Ballot.objects.filter(filled=True).count() == 1
    by = actor(personas.a)
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    page.goto(f"{server}/appraisals/rounds/{round_.pk}/receipts/")
    page.get_by_placeholder("输入回执码").fill(code)
    page.get_by_role("button", name="核对").click()
    expect(page.locator("#receipt-found")).to_be_visible()
    snap("04-found")
