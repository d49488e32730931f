"""Party dues: a member's base per period, approved reductions and exemptions, and payments."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.models import TrackedModel
from qizhi.dues.choices import DuesKind, ReliefKind
from qizhi.dues.standard import MAX_BASE, monthly_standard

MONEY = {"max_digits": 10, "decimal_places": 2}
MONEY_BOUNDS = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_BASE)]
FIRST_MONTH = datetime.date(2000, 1, 1)  # months before this are typing errors


def month_label(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"


def _first_of_month(field: str, label) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__day": 1}),
        name=f"%(app_label)s_%(class)s_{field}_first_day",
        violation_error_message=_("{label}应为某月的1日").format(label=label),
    )


class DuesBase(TrackedModel):
    """A member's 党费计算基数 from a month on (until a later one replaces it), from payroll or entered."""

    membership = models.ForeignKey(
        "party.Membership", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_bases"
    )
    kind = models.CharField(_("计算类别"), max_length=20, choices=DuesKind.choices, default=DuesKind.SERVING)
    start_month = models.DateField(_("起始月份"), help_text=_("自该月起按此基数计算，直至下一条基数"))
    base = models.DecimalField(
        _("计算基数（元/月）"), **MONEY, validators=MONEY_BOUNDS,
        help_text=_("在职：每月工资收入（税后）；离退休：每月离退休费；定额：每月应交金额"),
    )  # fmt: skip
    extra = models.DecimalField(_("自愿多交（元/月）"), **MONEY, default=Decimal("0"), validators=MONEY_BOUNDS)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_path: ClassVar[str] = "membership__branch__unit__path"

    class Meta:
        ordering = ["membership__branch__path", "membership__person__pinyin", "-start_month"]
        verbose_name = _("党费基数")
        verbose_name_plural = _("党费基数")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "start_month"],
                name="%(app_label)s_%(class)s_one_per_month",
                violation_error_message=_("该党员在此月份已有一条党费基数"),
            ),
            _first_of_month("start_month", _("起始月份")),
            models.CheckConstraint(
                condition=Q(base__gte=0) & Q(base__lte=MAX_BASE),
                name="%(app_label)s_%(class)s_base_in_range",
                violation_error_message=_("计算基数应在 0 至 1,000,000 元之间"),
            ),
            models.CheckConstraint(
                condition=Q(extra__gte=0) & Q(extra__lte=MAX_BASE),
                name="%(app_label)s_%(class)s_extra_in_range",
                violation_error_message=_("自愿多交金额应在 0 至 1,000,000 元之间"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person} {month}起 {base}元").format(
            person=self.membership.person, month=month_label(self.start_month), base=self.base
        )

    def get_absolute_url(self) -> str:
        return reverse("dues:duesbase_detail", args=[self.pk])

    @property
    def standard(self) -> Decimal:
        return monthly_standard(self.base, self.kind)

    def clean(self):
        super().clean()
        if self.start_month is not None:
            if self.start_month.day != 1:
                self.start_month = self.start_month.replace(day=1)
            if not FIRST_MONTH <= self.start_month <= datetime.date(2100, 12, 1):
                raise ValidationError({"start_month": _("起始月份应在2000年至2100年之间")})
        if self.base is not None and self.kind:
            try:
                monthly_standard(self.base, self.kind)
            except ValidationError as exc:
                raise ValidationError({"base": exc.messages}) from exc


class DuesRelief(TrackedModel):
    """An approved 减交 or 免交 of a member's dues for a period, with who approved it and when."""

    date_bounds: ClassVar[dict] = {"approved_on": bounds.DONE}

    membership = models.ForeignKey(
        "party.Membership", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_reliefs"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ReliefKind.choices)
    amount = models.DecimalField(
        _("减交后每月应交（元）"), **MONEY, null=True, blank=True, validators=MONEY_BOUNDS,
        help_text=_("减交时填写；免交不填"),
    )  # fmt: skip
    start_month = models.DateField(_("起始月份"))
    end_month = models.DateField(_("截止月份"))
    reason = models.CharField(_("原因"), max_length=200)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    approved_on = models.DateField(_("批准日期"), null=True, editable=False)

    scope_path: ClassVar[str] = "membership__branch__unit__path"

    class Meta:
        ordering = ["-start_month", "-pk"]
        verbose_name = _("党费减免")
        verbose_name_plural = _("党费减免")
        constraints = [
            _first_of_month("start_month", _("起始月份")),
            _first_of_month("end_month", _("截止月份")),
            models.CheckConstraint(
                condition=Q(end_month__gte=F("start_month")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("截止月份不能早于起始月份"),
            ),
            models.CheckConstraint(
                condition=(Q(kind=ReliefKind.EXEMPT) & Q(amount__isnull=True))
                | (Q(kind=ReliefKind.REDUCED) & Q(amount__isnull=False) & Q(amount__gte=0)),
                name="%(app_label)s_%(class)s_amount_by_kind",
                violation_error_message=_("减交须填写减交后金额，免交不填金额"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person} {kind} {start}—{end}").format(
            person=self.membership.person, kind=self.get_kind_display(),
            start=month_label(self.start_month), end=month_label(self.end_month),
        )  # fmt: skip

    def get_absolute_url(self) -> str:
        return reverse("dues:duesrelief_detail", args=[self.pk])


class DuesPayment(TrackedModel):
    """One month's 党费 paid by a member, by the member or by someone for them (代交)."""

    date_bounds: ClassVar[dict] = {"paid_on": bounds.DONE}

    membership = models.ForeignKey(
        "party.Membership", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="dues_payments"
    )
    month = models.DateField(_("所属月份"))
    due = models.DecimalField(_("应交（元）"), **MONEY, validators=MONEY_BOUNDS)
    extra = models.DecimalField(_("自愿多交（元）"), **MONEY, default=Decimal("0"), validators=MONEY_BOUNDS)
    paid_on = models.DateField(_("交纳日期"))
    proxy = models.ForeignKey(
        "org.Person", verbose_name=_("代交人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="dues_paid_for_others",
    )  # fmt: skip
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_path: ClassVar[str] = "membership__branch__unit__path"

    class Meta:
        ordering = ["-month", "membership__person__pinyin", "pk"]
        verbose_name = _("党费交纳")
        verbose_name_plural = _("党费交纳")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "month"],
                name="%(app_label)s_%(class)s_one_per_month",
                violation_error_message=_("该党员此月份的党费已交纳"),
            ),
            _first_of_month("month", _("所属月份")),
            models.CheckConstraint(
                condition=Q(due__gte=0) & Q(extra__gte=0),
                name="%(app_label)s_%(class)s_amounts_not_negative",
                violation_error_message=_("金额不能为负数"),
            ),
        ]
        indexes = [models.Index(fields=["month", "membership"], name="dues_payment_month_member")]

    def __str__(self) -> str:
        return _("{person} {month}党费").format(person=self.membership.person, month=month_label(self.month))

    def get_absolute_url(self) -> str:
        return reverse("dues:duespayment_detail", args=[self.pk])

    @property
    def amount(self) -> Decimal:
        return self.due + self.extra
