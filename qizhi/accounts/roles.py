"""What each role may do: one table, read by one check (``allowed``).

A role is granted on a unit and holds for that unit's whole subtree (see ``Grant``). Areas are
app labels; ``"*"`` stands for every area a role has no explicit row for. Later apps add their
area to the rows of the roles that act in it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    LEADER = "leader", _("局领导")
    PARTY_AFFAIRS = "party_affairs", _("党务干部（政治处/办公室）")
    BRANCH_SECRETARY = "branch_secretary", _("支部书记")
    UNIT_HEAD = "unit_head", _("科室/司法所负责人")
    STATISTICIAN = "statistician", _("统计员")
    STAFF = "staff", _("干警职工")


class Action(models.TextChoices):
    VIEW = "view", _("查看")
    ADD = "add", _("新增")
    CHANGE = "change", _("修改")
    DELETE = "delete", _("删除")
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")
    APPROVE = "approve", _("审核")
    PERSONAL = "personal", _("查看完整个人信息")


ALL = frozenset(Action.values)
EDIT = frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE, Action.IMPORT, Action.EXPORT})
READ = frozenset({Action.VIEW, Action.EXPORT})
VIEW_ONLY = frozenset({Action.VIEW})

PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    Role.ADMIN: {"*": ALL},
    Role.LEADER: {"*": READ | {Action.APPROVE, Action.PERSONAL}},
    Role.PARTY_AFFAIRS: {
        "org": EDIT | {Action.PERSONAL},
        "party": EDIT | {Action.APPROVE},
        "targets": EDIT | {Action.APPROVE},
        "meetings": EDIT | {Action.APPROVE},
        "study": EDIT | {Action.APPROVE},
        "dues": EDIT | {Action.APPROVE},
        "points": EDIT | {Action.APPROVE},
        "publicity": EDIT | {Action.APPROVE},
        "disclosure": EDIT | {Action.APPROVE},
        "reception": EDIT | {Action.APPROVE},
        "campaigns": EDIT | {Action.APPROVE},
        "recruitment": EDIT | {Action.APPROVE},  # the 基层党委's 预审 and 审批 need APPROVE
        "veterans": EDIT | {Action.APPROVE},
        "appraisals": EDIT | {Action.APPROVE},
        "honors": EDIT,
        "documents": EDIT,  # the unit's Word templates of its narrative documents (issue 15)
        "accounts": READ,
        "*": READ,
    },
    Role.BRANCH_SECRETARY: {
        "org": READ,
        "party": EDIT | {Action.APPROVE},
        "meetings": EDIT | {Action.APPROVE},
        "study": EDIT | {Action.APPROVE},
        "dues": EDIT | {Action.APPROVE},
        "points": EDIT | {Action.APPROVE},
        "reception": frozenset(),  # visits and letters are private: not a branch's business
        "recruitment": EDIT,
        "veterans": EDIT,  # the 退休老干部支部's secretary records forums and visits
        "appraisals": EDIT | {Action.APPROVE},
        "accounts": frozenset(),
        "*": READ,
    },
    Role.UNIT_HEAD: {
        "org": READ,
        "statistics": EDIT | {Action.APPROVE},
        "targets": EDIT | {Action.APPROVE},
        "study": EDIT | {Action.APPROVE},
        "reception": EDIT,  # a judicial office registers the visitors it receives (首问负责) and takes 转办
        "accounts": frozenset(),
        "*": READ | {Action.APPROVE},
    },
    # Everyone keeps their own study records, reflections and work logs ("study"); only their own
    # (study/services.py: acting for someone else needs APPROVE in "study").
    Role.STATISTICIAN: {
        "org": VIEW_ONLY,
        "statistics": EDIT,
        "study": EDIT,
        "accounts": frozenset(),
        "*": VIEW_ONLY,
    },
    # Whoever is first asked registers the visit (首问负责): staff register and handle their office's
    # cases; letters to the director are written on their own page, which needs no area.
    Role.STAFF: {
        "org": VIEW_ONLY,
        "study": EDIT,
        "reception": EDIT - {Action.IMPORT, Action.EXPORT, Action.DELETE},
        "accounts": frozenset(),
        "*": VIEW_ONLY,
    },
}


def allowed(role: str, action: str, area: str) -> bool:
    """Whether ``role`` may take ``action`` on records of app ``area``."""
    rows = PERMISSIONS.get(role, {})
    actions = rows.get(area, rows.get("*", frozenset()))
    return action in actions
