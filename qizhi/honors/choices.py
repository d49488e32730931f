from django.db import models
from django.utils.translation import gettext_lazy as _


class HonorKind(models.TextChoices):
    COLLECTIVE = "collective", _("集体荣誉")
    INDIVIDUAL = "individual", _("个人荣誉")


class HonorLevel(models.TextChoices):
    """The level of the granting body (seed 000: 县、市、省委、省政府……司法部)."""

    NATIONAL = "national", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
