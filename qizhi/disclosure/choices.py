from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a published item appears (院务公开: the board, the website, the touch screen, the microblog)."""

    BOARD = "board", _("公示栏")
    WEBSITE = "website", _("门户网站")
    KIOSK = "kiosk", _("触摸屏")
    MICROBLOG = "microblog", _("官方微博")


class DisclosureStatus(models.TextChoices):
    """提出 → 审核（保密审查） → 审批 → 发布; returned at review or approval; withdrawn after publication."""

    PROPOSED = "proposed", _("已提出，待审核")
    REVIEWED = "reviewed", _("已审核，待审批")
    APPROVED = "approved", _("已审批，待发布")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")


IN_REVIEW = (DisclosureStatus.PROPOSED, DisclosureStatus.REVIEWED, DisclosureStatus.APPROVED)
