from django.db import models
from django.utils.translation import gettext_lazy as _


class DuesKind(models.TextChoices):
    """Which scale of the 2008 rule applies to a member's base."""

    SERVING = "serving", _("在职（工资收入）")
    RETIRED = "retired", _("离退休（离退休费）")
    FIXED = "fixed", _("定额（农民、学生、下岗失业、领取低保等）")


class ReliefKind(models.TextChoices):
    REDUCED = "reduced", _("减交")
    EXEMPT = "exempt", _("免交")


class DuesStatus(models.TextChoices):
    """A member's standing for one month in the ledger."""

    PAID = "paid", _("已交")
    UNPAID = "unpaid", _("未交")
    EXEMPT = "exempt", _("免交")
    NO_BASE = "no_base", _("未核定基数")
