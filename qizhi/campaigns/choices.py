from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    """The bodies a campaign sets up (seed 004: 领导小组, its 办公室, 调研工作组, 宣传报道组)."""

    LEADING = "leading", _("领导小组")
    OFFICE = "office", _("领导小组办公室")
    WORKING = "working", _("调研工作组")
    PUBLICITY = "publicity", _("宣传报道组")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    DIRECTOR = "director", _("主任")
    MEMBER = "member", _("成员")


class ReportKind(models.TextChoices):
    RESEARCH = "research", _("调研报告")
    PROPOSAL = "proposal", _("建议书")
    ANALYSIS = "analysis", _("分析检查报告")


class OpinionChannel(models.TextChoices):
    STAFF = "staff", _("干部职工")
    PUBLIC = "public", _("社会公众")


class ProblemCategory(models.TextChoices):
    """The eight areas seed 004 seeks problems in."""

    THEORY = "theory", _("理论学习")
    THINKING = "thinking", _("思想解放")
    OVERALL = "overall", _("服务大局")
    DECISION = "decision", _("科学决策")
    REFORM = "reform", _("改革创新")
    GRASSROOTS = "grassroots", _("服务基层")
    EFFICIENCY = "efficiency", _("工作效能")
    DISCIPLINE = "discipline", _("党性党风党纪")


class ProblemSource(models.TextChoices):
    OPINION = "opinion", _("征求意见")
    LIFE_MEETING = "life_meeting", _("民主生活会")
    INSPECTION = "inspection", _("督促检查")
    RESEARCH = "research", _("调研课题")
    TALK = "talk", _("谈心谈话")


class RectificationStatus(models.TextChoices):
    PENDING = "pending", _("待整改")
    IN_PROGRESS = "in_progress", _("整改中")
    DONE = "done", _("已整改（待验收）")
    ONGOING = "ongoing", _("阶段性完成·持续整改")
    CLOSED = "closed", _("已销号")


# The progress a status gives unless someone sets another with a reason (DOMAIN §9).
DEFAULT_PROGRESS = {
    RectificationStatus.PENDING: 0,
    RectificationStatus.IN_PROGRESS: 30,
    RectificationStatus.DONE: 90,
    RectificationStatus.ONGOING: 80,
    RectificationStatus.CLOSED: 100,
}
FINISHED = (RectificationStatus.CLOSED, RectificationStatus.ONGOING)  # no longer overdue


class Verdict(models.TextChoices):
    PASSED = "passed", _("通过")
    PARTIAL = "partial", _("部分通过")
    FAILED = "failed", _("不通过")


class EntryKind(models.TextChoices):
    """What a dated entry on a rectification item's timeline records."""

    PROGRESS = "progress", _("进展")
    PUBLISH = "publish", _("公开")
    VERIFY = "verify", _("验收")
    RETURN = "return", _("退回")
    TRANSFER = "transfer", _("转办")
    BULK = "bulk", _("批量调整")
