"""The honors register (表彰): honors of units and of persons, by level and granting body."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.core.models import UnitScopedModel
from qizhi.honors.choices import HonorKind, HonorLevel


def not_in_future(value) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(_("表彰日期不能晚于今天"))


class Honor(UnitScopedModel):
    """One 表彰: a title granted to a unit (集体) or to a person of the unit (个人) by a body, on a date."""

    kind = models.CharField(_("类别"), max_length=20, choices=HonorKind.choices)
    person = models.ForeignKey(
        "org.Person", verbose_name=_("受表彰人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="honors", help_text=_("个人荣誉填写；集体荣誉不填"),
    )  # fmt: skip
    title = models.CharField(_("荣誉称号"), max_length=200)
    level = models.CharField(_("级别"), max_length=20, choices=HonorLevel.choices)
    issuer = models.CharField(_("授予机关"), max_length=100)
    granted_on = models.DateField(_("表彰日期"), validators=[not_in_future])
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["-granted_on", "pk"]
        verbose_name = _("表彰荣誉")
        verbose_name_plural = _("表彰荣誉")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=HonorKind.COLLECTIVE) & Q(person__isnull=True))
                | (Q(kind=HonorKind.INDIVIDUAL) & Q(person__isnull=False)),
                name="%(app_label)s_%(class)s_person_by_kind",
                violation_error_message=_("个人荣誉须填写受表彰人，集体荣誉不填"),
            ),
        ]
        indexes = [models.Index(fields=["unit", "granted_on"], name="honors_honor_unit_date")]

    def __str__(self) -> str:
        holder = self.person.name if self.person_id else self.unit.name
        return f"{holder}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("honors:honor_detail", args=[self.pk])

    def clean(self):
        """The page's form, the API and the import all run this: one rule for whom an honor may name."""
        super().clean()
        if self.kind == HonorKind.INDIVIDUAL and self.person_id and self.unit_id is None:
            self.unit = self.person.unit
        if self.kind == HonorKind.COLLECTIVE:
            self.person = None
        elif self.person_id and self.unit_id and not self.person.unit.path.startswith(self.unit.path):
            raise ValidationError({"person": _("受表彰人不属于所选单位")})
