"""Publicity: 信息简报 series and their numbered issues, and 宣传稿件 placed in outlets by level."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core.models import TrackedModel, UnitScopedModel
from qizhi.publicity.choices import ArticleKind, OutletLevel

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]
DATES = [MinValueValidator(datetime.date(2000, 1, 1)), MaxValueValidator(datetime.date(2100, 12, 31))]


def issue_label(year: int, number: int) -> str:
    """The 期号 as a bulletin prints it: 〔2026〕第12期."""
    return f"〔{year}〕第{number}期"


class Bulletin(UnitScopedModel):
    """A 信息简报 series of a unit (e.g. “三项重点工作”信息简报), numbered afresh each year."""

    name = models.CharField(_("简报名称"), max_length=100)
    issuer = models.CharField(_("编印单位"), max_length=100, blank=True, help_text=_("不填则为所属单位名称"))
    active = models.BooleanField(_("在编"), default=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("信息简报")
        verbose_name_plural = _("信息简报")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="%(app_label)s_%(class)s_one_name_per_unit",
                violation_error_message=_("本单位已有同名简报"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("publicity:bulletin_detail", args=[self.pk])

    @property
    def issuer_name(self) -> str:
        return self.issuer or self.unit.name


class BulletinIssue(TrackedModel):
    """One numbered issue of a bulletin: 〔2026〕第N期, its title and text; numbers have no gaps within a year."""

    bulletin = models.ForeignKey(
        "publicity.Bulletin", verbose_name=_("简报"), on_delete=models.PROTECT, related_name="issues"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEARS, editable=False)
    number = models.PositiveIntegerField(_("期号"), editable=False)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"), help_text=_("每段一行"))
    issued_on = models.DateField(_("编发日期"), validators=DATES)
    editor = models.CharField(_("编辑"), max_length=50, blank=True)

    scope_path: ClassVar[str] = "bulletin__unit__path"

    class Meta:
        ordering = ["-year", "bulletin__name", "-number"]
        verbose_name = _("简报期次")
        verbose_name_plural = _("简报期次")
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "year", "number"],
                name="%(app_label)s_%(class)s_one_number_per_year",
                violation_error_message=_("该简报本年度已有此期号"),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="%(app_label)s_%(class)s_number_positive",
                violation_error_message=_("期号应从1开始"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin.name}{self.label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("publicity:bulletinissue_detail", args=[self.pk])

    @property
    def label(self) -> str:
        return issue_label(self.year, self.number)

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class Article(UnitScopedModel):
    """A 宣传稿件 (research article, experience material or news item) carried by an outlet of some level."""

    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("稿件类型"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    outlet = models.CharField(_("采用媒体"), max_length=100, help_text=_("报刊、网站或电台名称"))
    outlet_level = models.CharField(_("媒体级别"), max_length=20, choices=OutletLevel.choices)
    published_on = models.DateField(_("刊发日期"), validators=DATES)
    link = models.URLField(_("网址"), blank=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("宣传稿件")
        verbose_name_plural = _("宣传稿件")
        indexes = [models.Index(fields=["unit", "published_on"], name="publicity_article_unit_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:article_detail", args=[self.pk])
