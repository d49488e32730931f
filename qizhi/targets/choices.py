from django.db import models
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    PARTY = "party", _("党建")
    BUSINESS = "business", _("业务")


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("数量指标")
    MILESTONE = "milestone", _("节点指标")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("不低于")
    AT_MOST = "at_most", _("不超过")


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class SupervisionStatus(models.TextChoices):
    OPEN = "open", _("督办中")
    RESPONDED = "responded", _("已反馈")
    RETURNED = "returned", _("已退回")
    CLOSED = "closed", _("已办结")


class PostKind(models.TextChoices):
    POST = "post", _("党员示范岗")
    WINDOW = "window", _("示范窗口")
