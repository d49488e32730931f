from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplateKind(models.TextChoices):
    """The narrative documents a unit may lay out with its own Word template (each has a built-in builder)."""

    YEAR_SUMMARY = "year_summary", _("年度工作总结")
    BRANCH_REPORT = "branch_report", _("党建工作报告")
