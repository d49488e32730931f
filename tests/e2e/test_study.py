"""A member records a sitting of study and submits a reflection; the secretary returns it with a comment."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from qizhi.study.models import StudyPlan
from qizhi.study.testing import study_of

pytestmark = pytest.mark.dated  # reads today's date (CI runs it a year ahead too)


def test_a_member_studies_and_the_secretary_reviews(page: Page, server, personas, login, logout, snap):
    data = study_of(personas.a)
    StudyPlan.objects.filter(pk=data["plan"].pk).update(end_date=timezone.localdate())  # a current plan
    member = data["record"].person
    member.user = personas.a.staff
    member.save()

    login(personas.a.staff)
    page.goto(f"{server}/study/mine/")
    expect(page.get_by_text("必学已完成1/1")).to_be_visible()
    page.get_by_role("link", name="记学习").first.click()
    page.get_by_label("学习资料").select_option(label=str(data["materials"][1]))
    page.get_by_label("学习日期").fill(datetime.date(2025, 4, 1).isoformat())
    page.get_by_label("学习时长（分钟）").fill("1400")  # with the 90 minutes already that day: over 24 hours
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("超过一天24小时")).to_be_visible()
    snap("01-too-long")
    page.get_by_label("学习时长（分钟）").fill("60")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已新增学习记录")).to_be_visible()

    page.goto(f"{server}/study/mine/")
    page.get_by_role("link", name="写心得").click()
    page.get_by_label("题目").fill("学习十七大报告的体会")
    page.get_by_label("内容").fill("联系调解工作实际，做到为民服务。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交审阅").click()
    expect(page.locator("#reflection-status")).to_have_text("已上报")
    reflection_url = page.url
    logout()

    login(personas.a.branch_secretary)
    page.goto(reflection_url)
    page.get_by_placeholder("审阅意见（退回时必填）").fill("请结合本职工作再谈深一些")
    page.get_by_role("button", name="退回修改").click()
    expect(page.locator("#reflection-status")).to_have_text("已退回")
    expect(page.locator("#reflection-events")).to_contain_text("请结合本职工作再谈深一些")
    snap("02-returned")
