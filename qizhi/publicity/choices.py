from django.db import models
from django.utils.translation import gettext_lazy as _


class OutletLevel(models.TextChoices):
    """The level of the paper, website or broadcaster that carried an article (seed 000 counts by it)."""

    CENTRAL = "central", _("中央")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


class ArticleKind(models.TextChoices):
    RESEARCH = "research", _("调研文章")
    EXPERIENCE = "experience", _("经验材料")
    NEWS = "news", _("信息")
