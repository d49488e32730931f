"""老干部工作: visits, 慰问 and activities for retired cadres, and help with their hardships.
(Their 座谈会 are meetings of kind ``veterans_forum`` held by the 退休老干部支部, in ``meetings``.)"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core.models import UnitScopedModel
from qizhi.veterans.choices import AidStatus, CareKind, Occasion

MONEY = {"max_digits": 10, "decimal_places": 2}
MAX_AMOUNT = Decimal("1000000")
AMOUNT_BOUNDS = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)]


class CareVisit(UnitScopedModel):
    """A 走访, 慰问 or activity for retired cadres: who, when, on what occasion, what was given."""

    kind = models.CharField(_("类型"), max_length=20, choices=CareKind.choices)
    date = models.DateField(_("日期"))
    occasion = models.CharField(_("时机"), max_length=20, choices=Occasion.choices, default=Occasion.OTHER)
    title = models.CharField(_("事项"), max_length=100, help_text=_("如：重阳节走访慰问退休老同志、参观神剑园"))
    veterans = models.ManyToManyField(
        "org.Person", verbose_name=_("走访、慰问或参加的老同志"), related_name="care_visits"
    )
    visitors = models.CharField(_("走访人（带队领导）"), max_length=100, blank=True)
    gifts = models.CharField(_("慰问品"), max_length=200, blank=True)
    amount = models.DecimalField(_("慰问金（元）"), **MONEY, default=Decimal("0"), validators=AMOUNT_BOUNDS)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("走访慰问")
        verbose_name_plural = _("走访慰问")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=MAX_AMOUNT),
                name="%(app_label)s_%(class)s_amount_in_range",
                violation_error_message=_("慰问金应在 0 至 1,000,000 元之间"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("veterans:carevisit_detail", args=[self.pk])


class HardshipAid(UnitScopedModel):
    """A retired cadre's hardship (困难帮扶): the need, the decision and the amount given."""

    person = models.ForeignKey(
        "org.Person", verbose_name=_("老同志"), on_delete=models.PROTECT, related_name="hardship_aids"
    )
    reported_on = models.DateField(_("反映日期"))
    need = models.CharField(_("困难情况"), max_length=300)
    requested = models.DecimalField(_("申请金额（元）"), **MONEY, null=True, blank=True, validators=AMOUNT_BOUNDS)
    status = models.CharField(
        _("状态"), max_length=20, choices=AidStatus.choices, default=AidStatus.PENDING, editable=False
    )
    decision = models.CharField(_("决定"), max_length=300, blank=True, editable=False)
    amount = models.DecimalField(
        _("帮扶金额（元）"), **MONEY, null=True, blank=True, editable=False, validators=AMOUNT_BOUNDS
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("困难帮扶")
        verbose_name_plural = _("困难帮扶")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | (Q(amount__gte=0) & Q(amount__lte=MAX_AMOUNT)),
                name="%(app_label)s_%(class)s_amount_in_range",
                violation_error_message=_("帮扶金额应在 0 至 1,000,000 元之间"),
            ),
            models.CheckConstraint(
                condition=~Q(status=AidStatus.GRANTED) | Q(amount__isnull=False, decided_on__isnull=False),
                name="%(app_label)s_%(class)s_granted_has_amount",
                violation_error_message=_("已帮扶的记录应有帮扶金额和决定日期"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person}：{need}").format(person=self.person, need=self.need[:30])

    def get_absolute_url(self) -> str:
        return reverse("veterans:hardshipaid_detail", args=[self.pk])
