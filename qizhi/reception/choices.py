from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    """What a case is, which decides its clock rules and its reference prefix."""

    VISIT = "visit", _("来访（接访）")
    LETTER = "letter", _("来信（局长信箱）")
    REVIEW = "review", _("复查")
    RE_REVIEW = "re_review", _("复核")
    DISCLOSURE = "disclosure", _("依申请公开")


class Channel(models.TextChoices):
    VISIT = "visit", _("当面来访")
    PHONE = "phone", _("电话")
    INTRANET = "intranet", _("内网信箱（干警职工）")
    PUBLIC = "public", _("门户网站（群众）")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("已登记")
    ACCEPTED = "accepted", _("已受理")
    CLOSED = "closed", _("已办结")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class HandoverState(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    DECLINED = "declined", _("已拒收")
    WITHDRAWN = "withdrawn", _("已撤回")


class QAState(models.TextChoices):
    NONE = "none", _("不公开")
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已公开")
    REFUSED = "refused", _("审核未通过")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（休息）")
    WORKDAY = "workday", _("调休上班日")


class Stage(models.TextChoices):
    ACCEPT = "accept", _("受理")
    CLOSE = "close", _("办结")


class Counting(models.TextChoices):
    CALENDAR = "calendar", _("自然日")
    WORKING = "working", _("工作日")


class Start(models.TextChoices):
    RECEIVED = "received", _("自收到之日")
    ACCEPTED = "accepted", _("自受理之日")
