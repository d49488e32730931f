"""Member points (党员积分): the rule table, manual bonus and deduction entries, and yearly totals."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Role
from qizhi.core import bounds
from qizhi.core.models import CatalogModel, TrackedModel
from qizhi.points.choices import EntryStatus, MemberCategory, PointSource

POINTS = {"max_digits": 7, "decimal_places": 1}


class PointRule(CatalogModel):
    """One line of the 积分细则: an item, its points, its yearly cap and who it applies to."""

    name = models.CharField(_("积分项目"), max_length=100, unique=True)
    source = models.CharField(_("来源"), max_length=30, choices=PointSource.choices)
    points = models.DecimalField(_("分值"), **POINTS, help_text=_("每次（每项）得分；扣分项为负数"))
    yearly_cap = models.DecimalField(
        _("年度上限"),
        **POINTS,
        null=True,
        blank=True,
        help_text=_("本项全年累计得分（或扣分）的绝对值上限；不填为不限"),
    )
    evidence_required = models.BooleanField(_("须附佐证材料"), default=False)
    approver_role = models.CharField(_("审批角色"), max_length=30, choices=Role.choices, default=Role.BRANCH_SECRETARY)
    applies_to = models.CharField(_("适用党员"), max_length=20, choices=MemberCategory.choices,
                                  default=MemberCategory.ALL)  # fmt: skip
    veto = models.BooleanField(_("一票否决"), default=False, help_text=_("本项一经批准，该党员全年积分记为0"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["source", "name"]
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_cap__isnull=True) | Q(yearly_cap__gt=0),
                name="%(app_label)s_%(class)s_cap_positive",
                violation_error_message=_("年度上限应大于0"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("points:pointrule_list") + f"#rule-{self.pk}"

    def clean(self):
        super().clean()
        if self.veto and self.source != PointSource.MANUAL:
            raise ValidationError({"veto": _("一票否决只能用于手工登记的项目")})

    def applies(self, retired: bool) -> bool:
        return self.applies_to == MemberCategory.ALL or (self.applies_to == MemberCategory.RETIRED) == retired


class PointEntry(TrackedModel):
    """A manual bonus or deduction for a member under a rule, with evidence, waiting for or given approval."""

    date_bounds: ClassVar[dict] = {"date": bounds.DONE, "decided_on": bounds.DONE}

    membership = models.ForeignKey(
        "party.Membership", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="point_entries"
    )
    rule = models.ForeignKey(
        "points.PointRule", verbose_name=_("积分项目"), on_delete=models.PROTECT, related_name="entries",
        limit_choices_to={"source": PointSource.MANUAL, "active": True},
    )  # fmt: skip
    date = models.DateField(_("发生日期"))
    count = models.PositiveSmallIntegerField(_("次数"), default=1)
    description = models.CharField(_("事由"), max_length=200)
    status = models.CharField(_("状态"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PENDING,
                              editable=False)  # fmt: skip
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, editable=False,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    decided_on = models.DateField(_("审批日期"), null=True, editable=False)

    scope_path: ClassVar[str] = "membership__branch__unit__path"

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("积分登记")
        verbose_name_plural = _("积分登记")
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1) & Q(count__lte=100),
                name="%(app_label)s_%(class)s_count_in_range",
                violation_error_message=_("次数应在1至100之间"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person} {rule}（{date}）").format(person=self.membership.person, rule=self.rule, date=self.date)

    def get_absolute_url(self) -> str:
        return reverse("points:pointentry_detail", args=[self.pk])

    @property
    def points(self) -> Decimal:
        return self.rule.points * self.count


class PointTotal(TrackedModel):
    """A member's points for a year: a rebuildable summary of the rules over the records (``services.recount``)."""

    membership = models.ForeignKey(
        "party.Membership", verbose_name=_("党员"), on_delete=models.CASCADE, related_name="point_totals"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    total = models.DecimalField(_("积分"), **POINTS)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    detail = models.JSONField(_("分项"), default=dict, blank=True)

    scope_path: ClassVar[str] = "membership__branch__unit__path"

    class Meta:
        ordering = ["-year", "-total", "pk"]
        verbose_name = _("年度积分")
        verbose_name_plural = _("年度积分")
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="%(app_label)s_%(class)s_one_per_year"),
            models.CheckConstraint(
                condition=Q(total__gte=0),
                name="%(app_label)s_%(class)s_floor_zero",
                violation_error_message=_("积分不能低于0"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person} {year}年积分 {total}").format(
            person=self.membership.person, year=self.year, total=self.total
        )

    def get_absolute_url(self) -> str:
        return reverse("points:ranking") + f"?party_org={self.membership.branch_id}&year={self.year}"
