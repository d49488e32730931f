"""The organ and its people: the unit tree and every staff member."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.models import TreeModel, UnitScopedModel
from qizhi.org.choices import ETHNICITY_CHOICES, Education, Gender, PoliticalStatus, UnitKind
from qizhi.org.pinyin import search_keys
from qizhi.org.validators import (
    birth_date_of,
    is_valid_id_number,
    mask_id_number,
    normalize_id_number,
    validate_id_number,
)


class Unit(TreeModel):
    """A 司法局, 法院, 科室, 司法所 or other unit of the organ, in one tree."""

    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("单位类型"), max_length=30, choices=UnitKind.choices)
    code = models.CharField(_("单位代码"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:unit_detail", args=[self.pk])


# The fields of a 花名册 row, in its column order: shared by the form, the import/export and the API.
ROSTER_FIELDS = (
    "name", "gender", "birth_date", "ethnicity", "education", "id_number", "phone", "unit", "position",
    "political_status", "retired",
)  # fmt: skip


class Person(UnitScopedModel):
    """A 干警 or 职工 of a unit, serving or retired."""

    date_bounds: ClassVar[dict] = {"birth_date": bounds.LIFE}

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    name = models.CharField(_("姓名"), max_length=50, error_messages={"blank": _("姓名不能为空")})
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, choices=ETHNICITY_CHOICES, default="汉族")
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True, validators=[validate_id_number])
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    retired = models.BooleanField(_("已退休"), default=False)
    political_status = models.CharField(
        _("政治面貌"), max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    pinyin = models.CharField(_("拼音检索"), max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["unit__path", "retired", "pinyin", "pk"]  # names in pinyin order, as a roster lists them
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~models.Q(id_number=""),
                name="%(app_label)s_%(class)s_unique_id_number",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "retired", "pinyin"], name="org_person_unit_retired_pinyin"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:person_detail", args=[self.pk])

    def clean(self):
        """The birth date agrees with the ID number (``derive_fields`` takes it from there when none is
        given): one rule for the form, the API and the import, all of which run the model's checks."""
        super().clean()
        number = normalize_id_number(self.id_number or "")
        derived = birth_date_of(number) if number and is_valid_id_number(number) else None
        if derived is not None and self.birth_date is not None and self.birth_date != derived:
            raise ValidationError({"birth_date": _("出生日期与身份证号码中的出生日期不一致")})

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)

    def derive_fields(self) -> None:
        """The values computed from others, before every write (the roster import's bulk writes too)."""
        self.id_number = normalize_id_number(self.id_number)
        self.pinyin = search_keys(self.name)
        if self.birth_date is None and is_valid_id_number(self.id_number):
            self.birth_date = birth_date_of(self.id_number)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def is_party_member(self) -> bool:
        return self.political_status in (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY)

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date is None:
            return None
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))
