"""The menu: one declarative list. An item shows when the user may view its area somewhere; a user who
is only a member (干警职工 and nothing else) sees only the items marked ``for_members``: their own pages
and what the whole bureau reads, not the registers and boards the offices keep."""

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
    for_members: bool = False
    admin_only: bool = False  # deployment-wide settings: only a superuser or a 系统管理员 sees the item


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
            MenuItem(_("发展党员"), "recruitment:applicant_list", "recruitment", "person-up"),
            MenuItem(_("换届选举"), "party:election_list", "party", "check2-all"),
            MenuItem(_("老干部走访慰问"), "veterans:carevisit_list", "veterans", "heart"),
            MenuItem(_("困难帮扶"), "veterans:hardshipaid_list", "veterans", "life-preserver"),
            MenuItem(_("老干部工作年度情况"), "veterans:figures", "veterans", "clipboard-data"),
        ),
    ),
    MenuGroup(
        _("党费"),
        "cash-coin",
        (
            MenuItem(_("我的党费"), "dues:my_dues", "dues", "wallet2", for_members=True),
            MenuItem(_("收缴台账"), "dues:ledger", "dues", "journal-check"),
            MenuItem(_("欠交名单"), "dues:unpaid", "dues", "exclamation-circle"),
            MenuItem(_("交纳记录"), "dues:duespayment_list", "dues", "receipt"),
            MenuItem(_("党费基数"), "dues:duesbase_list", "dues", "calculator"),
            MenuItem(_("减免"), "dues:duesrelief_list", "dues", "percent"),
        ),
    ),
    MenuGroup(
        _("党员积分"),
        "star",
        (
            MenuItem(_("我的积分"), "points:my_points", "points", "star-half", for_members=True),
            MenuItem(_("积分排名"), "points:ranking", "points", "sort-numeric-down", for_members=True),
            MenuItem(_("积分申报与审批"), "points:pointentry_list", "points", "check2-square"),
            MenuItem(_("积分细则"), "points:pointrule_list", "points", "list-ol"),
        ),
    ),
    MenuGroup(
        _("民主评议与表彰"),
        "award",
        (
            MenuItem(_("我的评议"), "appraisals:my", "appraisals", "check2-square", for_members=True),
            MenuItem(_("民主评议"), "appraisals:round_list", "appraisals", "people"),
            MenuItem(_("评定等次"), "appraisals:grade_list", "appraisals", "award"),
            MenuItem(_("述职述廉"), "appraisals:dutyreport_list", "appraisals", "file-text"),
            MenuItem(_("荣誉墙"), "honors:wall", "honors", "trophy"),
            MenuItem(_("表彰登记"), "honors:honor_list", "honors", "journal-bookmark"),
        ),
    ),
    MenuGroup(
        _("目标责任"),
        "bullseye",
        (
            MenuItem(_("我的任务"), "targets:my_tasks", "targets", "list-check", for_members=True),
            MenuItem(_("目标责任书"), "targets:plan_list", "targets", "journal-text"),
            MenuItem(_("任务一览"), "targets:target_list", "targets", "list-ul"),
            MenuItem(_("导入分解表"), "targets:target_import", "targets", "upload", "import"),
            MenuItem(_("督查督办"), "targets:supervision_board", "targets", "exclamation-triangle"),
            MenuItem(_("考核排名"), "targets:ranking", "targets", "trophy"),
            MenuItem(_("加减分"), "targets:scoreadjustment_list", "targets", "plus-slash-minus"),
            MenuItem(_("公开承诺"), "targets:commitment_list", "targets", "megaphone", for_members=True),
            MenuItem(_("示范岗（窗口）"), "targets:modelpost_list", "targets", "award", for_members=True),
        ),
    ),
    MenuGroup(
        _("专项活动"),
        "flag-fill",
        (
            MenuItem(_("我的整改任务"), "campaigns:my_items", "campaigns", "person-check", for_members=True),
            MenuItem(_("活动列表"), "campaigns:campaign_list", "campaigns", "collection"),
            MenuItem(_("意见建议"), "campaigns:opinion_list", "campaigns", "chat-left-text"),
            MenuItem(_("查摆问题"), "campaigns:problem_list", "campaigns", "search"),
            MenuItem(_("整改台账"), "campaigns:rectification_list", "campaigns", "list-check"),
            MenuItem(_("调研成果"), "campaigns:report_list", "campaigns", "file-earmark-text"),
            MenuItem(_("建章立制"), "campaigns:rule_list", "campaigns", "journal-bookmark"),
        ),
    ),
    MenuGroup(
        _("组织生活"),
        "calendar-event",
        (
            MenuItem(_("会议日历"), "meetings:meeting_calendar", "meetings", "calendar3", for_members=True),
            MenuItem(_("会议列表"), "meetings:meeting_list", "meetings", "list-ul", for_members=True),
            MenuItem(_("落实情况"), "meetings:compliance", "meetings", "grid-3x3"),
            MenuItem(_("登记会议"), "meetings:meeting_add", "meetings", "plus-circle", "add"),
            MenuItem(
                _("组织生活规则"), "meetings:compliancerule_list", "meetings", "sliders", "change", admin_only=True
            ),
        ),
    ),
    MenuGroup(
        _("学习与日志"),
        "book",
        (
            MenuItem(_("我的学习"), "study:my_study", "study", "person-check", for_members=True),
            MenuItem(_("学习计划"), "study:studyplan_list", "study", "journal-bookmark"),
            MenuItem(_("学习记录"), "study:studyrecord_list", "study", "journal-text"),
            MenuItem(_("心得体会"), "study:reflection_list", "study", "pen", for_members=True),
            MenuItem(_("工作日志"), "study:worklog_list", "study", "calendar-check", for_members=True),
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
        _("信息宣传与公开"),
        "megaphone",
        (
            MenuItem(_("信息简报"), "publicity:bulletin_list", "publicity", "newspaper"),
            MenuItem(_("简报期次"), "publicity:bulletinissue_list", "publicity", "journals"),
            MenuItem(_("宣传稿件"), "publicity:article_list", "publicity", "pencil-square"),
            MenuItem(_("公开事项"), "disclosure:disclosure_list", "disclosure", "broadcast"),
            MenuItem(_("发布记录"), "disclosure:publication_list", "disclosure", "journal-text"),
            MenuItem(_("公开工作年度报告"), "disclosure:annual_report", "disclosure", "file-earmark-text"),
        ),
    ),
    MenuGroup(
        _("接访与信箱"),
        "door-open",
        (
            MenuItem(_("接访来信事项"), "reception:case_list", "reception", "inboxes", for_members=True),
            MenuItem(_("登记来访"), "reception:case_add", "reception", "person-plus", "add", for_members=True),
            MenuItem(_("到期与超期"), "reception:deadlines", "reception", "alarm"),
            MenuItem(_("值班安排"), "reception:dutyslot_list", "reception", "calendar-week"),
            MenuItem(_("年度数字"), "reception:figures", "reception", "graph-up"),
            MenuItem(_("节假日与调休"), "reception:calendarday_list", "reception", "calendar-x"),
            MenuItem(_("办理时限规则"), "reception:clockrule_list", "reception", "hourglass-split"),
            # Every staff member may write to the director: shown to all who see the unit tree.
            MenuItem(_("写信给局长"), "reception:letter_write", "org", "envelope", for_members=True),
            MenuItem(_("我的来信"), "reception:my_letters", "org", "envelope-open", for_members=True),
        ),
    ),
    MenuGroup(
        _("系统"),
        "gear",
        (
            MenuItem(_("账号与授权"), "accounts:grant_list", "accounts", "key", "change"),
            MenuItem(_("导出记录"), "core:export_log", "accounts", "journal-arrow-down", "change"),
            MenuItem(_("文书模板"), "documents:documenttemplate_list", "documents", "file-earmark-word"),
            MenuItem(_("角色与权限"), "accounts:role_table", "org", "person-badge", for_members=True),
            MenuItem(_("接口文档"), "api-docs", "org", "braces"),
        ),
    ),
)
