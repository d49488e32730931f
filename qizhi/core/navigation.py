"""The menu: one declarative list. An item shows when the user may view its area somewhere."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    area: str
    icon: str = ""
    action: str = "view"


@dataclass(frozen=True)
class MenuGroup:
    label: str
    icon: str
    items: tuple[MenuItem, ...]


MENU: tuple[MenuGroup, ...] = (
    MenuGroup(
        _("组织与人员"),
        "diagram-3",
        (
            MenuItem(_("单位架构"), "org:unit_tree", "org", "diagram-3"),
            MenuItem(_("人员名册"), "org:person_list", "org", "people"),
            MenuItem(_("导入人员"), "org:person_import", "org", "upload", "import"),
        ),
    ),
    MenuGroup(
        _("党组织与党员"),
        "flag",
        (
            MenuItem(_("党组织架构"), "party:partyorg_tree", "party", "diagram-2"),
            MenuItem(_("党员花名册"), "party:membership_list", "party", "person-vcard"),
            MenuItem(_("组织关系转接"), "party:transfer_list", "party", "arrow-left-right"),
            MenuItem(_("登记党员"), "party:membership_add", "party", "person-plus", "add"),
        ),
    ),
    MenuGroup(
        _("目标责任"),
        "bullseye",
        (
            MenuItem(_("我的任务"), "targets:my_tasks", "targets", "list-check"),
            MenuItem(_("目标责任书"), "targets:plan_list", "targets", "journal-text"),
            MenuItem(_("任务一览"), "targets:target_list", "targets", "list-ul"),
            MenuItem(_("导入分解表"), "targets:target_import", "targets", "upload", "import"),
            MenuItem(_("督查督办"), "targets:supervision_board", "targets", "exclamation-triangle"),
            MenuItem(_("考核排名"), "targets:ranking", "targets", "trophy"),
            MenuItem(_("加减分"), "targets:scoreadjustment_list", "targets", "plus-slash-minus"),
            MenuItem(_("公开承诺"), "targets:commitment_list", "targets", "megaphone"),
            MenuItem(_("示范岗（窗口）"), "targets:modelpost_list", "targets", "award"),
        ),
    ),
    MenuGroup(
        _("组织生活"),
        "calendar-event",
        (
            MenuItem(_("会议日历"), "meetings:meeting_calendar", "meetings", "calendar3"),
            MenuItem(_("会议列表"), "meetings:meeting_list", "meetings", "list-ul"),
            MenuItem(_("落实情况"), "meetings:compliance", "meetings", "grid-3x3"),
            MenuItem(_("登记会议"), "meetings:meeting_add", "meetings", "plus-circle", "add"),
        ),
    ),
    MenuGroup(
        _("学习与日志"),
        "book",
        (
            MenuItem(_("我的学习"), "study:my_study", "study", "person-check"),
            MenuItem(_("学习计划"), "study:studyplan_list", "study", "journal-bookmark"),
            MenuItem(_("学习记录"), "study:studyrecord_list", "study", "journal-text"),
            MenuItem(_("心得体会"), "study:reflection_list", "study", "pen"),
            MenuItem(_("工作日志"), "study:worklog_list", "study", "calendar-check"),
        ),
    ),
    MenuGroup(
        _("业务统计"),
        "bar-chart",
        (
            MenuItem(_("月度报表"), "statistics:statreport_list", "statistics", "table"),
            MenuItem(_("统计汇总"), "statistics:rollup", "statistics", "calculator"),
            MenuItem(_("报送情况"), "statistics:board", "statistics", "clipboard-check"),
            MenuItem(_("填报本月"), "statistics:statreport_add", "statistics", "pencil-square", "add"),
        ),
    ),
    MenuGroup(
        _("系统"),
        "gear",
        (
            MenuItem(_("账号与授权"), "accounts:grant_list", "accounts", "key", "change"),
            MenuItem(_("接口文档"), "api-docs", "org", "braces"),
        ),
    ),
)
