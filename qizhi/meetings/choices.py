from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    BRANCH_ASSEMBLY = "branch_assembly", _("支部党员大会")
    BRANCH_COMMITTEE = "branch_committee", _("支部委员会")
    GROUP_MEETING = "group_meeting", _("党小组会")
    PARTY_LECTURE = "party_lecture", _("党课")
    DEMOCRATIC_LIFE = "democratic_life", _("民主生活会")
    ORGANIZATIONAL_LIFE = "organizational_life", _("组织生活会")
    THEME_DAY = "theme_day", _("主题党日")
    STUDY_GROUP = "study_group", _("党组理论学习中心组")
    TRAINING = "training", _("业务培训")
    LECTURE = "lecture", _("专题讲座")
    VETERANS_FORUM = "veterans_forum", _("老干部座谈会")  # held by the 退休老干部支部 on festivals


LIFE_MEETINGS = (MeetingKind.DEMOCRATIC_LIFE, MeetingKind.ORGANIZATIONAL_LIFE)
UNIT_MEETINGS = (MeetingKind.TRAINING, MeetingKind.LECTURE)  # may be organized by a unit instead of a party org


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("计划召开")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    LATE = "late", _("迟到")
    ABSENT = "absent", _("缺席")


ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class AbsenceReason(models.TextChoices):
    LEAVE = "leave", _("事假")
    SICK = "sick", _("病假")
    BUSINESS_TRIP = "business_trip", _("公差")
    OTHER = "other", _("其他")


class PointKind(models.TextChoices):
    SELF_CRITICISM = "self_criticism", _("自我批评")
    CRITICISM = "criticism", _("批评意见")
    PROBLEM = "problem", _("查摆问题")


class Frequency(models.TextChoices):
    MONTHLY = "month", _("每月")
    QUARTERLY = "quarter", _("每季度")
    HALF_YEARLY = "half", _("每半年")
    YEARLY = "year", _("每年")
