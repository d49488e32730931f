"""The menu by role: every item opens for whoever sees it, and a member (干警职工 only) sees their own
pages and what the bureau reads, not the registers and boards the offices keep."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from qizhi.core.context_processors import navigation
from qizhi.core.navigation import MENU
from qizhi.org.testing import PASSWORD

pytestmark = pytest.mark.django_db


def menu_of(user) -> dict[str, list[str]]:
    request = RequestFactory().get("/")
    request.user = user
    return {str(group.label): [str(item.label) for item in items] for group, items in navigation(request)["menu"]()}


def test_a_member_sees_only_what_a_member_uses(personas):
    menu = menu_of(personas.a.staff)
    assert menu["目标责任"] == ["我的任务", "公开承诺", "示范岗（窗口）"]
    assert menu["组织生活"] == ["会议日历", "会议列表"]
    assert menu["学习与日志"] == ["我的学习", "心得体会", "工作日志"]
    assert "组织与人员" not in menu and "业务统计" not in menu
    everything = {str(i.label) for g in MENU for i in g.items if i.for_members}
    assert {label for labels in menu.values() for label in labels} <= everything


def test_a_leader_keeps_the_whole_menu_and_every_item_opens(client, personas):
    leader_menu = menu_of(personas.a.leader)
    assert "人员名册" in leader_menu["组织与人员"] and "考核排名" in leader_menu["目标责任"]
    for user in (personas.a.leader, personas.a.staff, personas.a.statistician):
        assert client.login(username=user.username, password=PASSWORD)
        request = RequestFactory().get("/")
        request.user = user
        for _group, items in navigation(request)["menu"]():
            for item in items:
                assert client.get(reverse(item.url_name)).status_code == 200, (user.username, item.url_name)
        client.logout()
