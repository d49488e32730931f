from django.db import models
from django.utils.translation import gettext_lazy as _


class PointSource(models.TextChoices):
    """Where a rule's points come from: a record that already exists, or an entry made for it."""

    BASE = "base", _("基础分（每年起始）")
    MEETING_ATTENDANCE = "meeting_attendance", _("参加组织生活（每次出席已召开的会议）")
    STUDY_HOURS = "study_hours", _("学习时长（每满1小时）")
    DUES_ON_TIME = "dues_on_time", _("按时交纳党费（每月，当月交纳）")
    PROGRESS_APPROVED = "progress_approved", _("目标任务进度报告通过审核（每份）")
    MANUAL = "manual", _("手工加减分（需佐证和审批）")


AUTOMATIC = (
    PointSource.MEETING_ATTENDANCE,
    PointSource.STUDY_HOURS,
    PointSource.DUES_ON_TIME,
    PointSource.PROGRESS_APPROVED,
)


class MemberCategory(models.TextChoices):
    ALL = "all", _("全体党员")
    SERVING = "serving", _("在职党员")
    RETIRED = "retired", _("离退休党员")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
