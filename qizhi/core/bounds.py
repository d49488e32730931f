"""Plausible values, one rule whichever door a value comes through (issue 10 §8).

A date is bounded by its kind: a planned date (a deadline, a meeting, a month) lies in 2000–2100; a
record of something done (a study record, a payment, a progress report) lies between 2000 and today;
a date of a life (a birth, joining the Party) between 1900 and today. Years lie in 2000–2100. A text a
user types is at most ``TEXT_MAX`` characters unless its field says less.

Models declare their dates' kinds in ``TrackedModel.date_bounds`` (a date field not named there is
``PLANNED``) and ``TrackedModel.clean_fields`` checks them, so model forms, the API
(``TrackedSerializer`` runs ``clean_fields``) and imports refuse the same values; a form or serializer
field that is not a model field takes ``date_validators(kind)`` and a ``max_length``.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.core.params import YEARS

YEAR_VALIDATORS = [MinValueValidator(YEARS[0]), MaxValueValidator(YEARS[1])]
TEXT_MAX = 10_000  # a long text (minutes, a reflection): about five printed pages


class DateKind(NamedTuple):
    earliest: datetime.date
    latest: datetime.date | None  # None: today (Asia/Shanghai)
    label: str

    def last(self) -> datetime.date:
        return self.latest or timezone.localdate()


PLANNED = DateKind(datetime.date(YEARS[0], 1, 1), datetime.date(YEARS[1], 12, 31), "planned")
DONE = DateKind(datetime.date(YEARS[0], 1, 1), None, "done")
LIFE = DateKind(datetime.date(1900, 1, 1), None, "life")


def date_error(value: datetime.date, kind: DateKind) -> str | None:
    """The Chinese reason ``value`` is not a plausible date of ``kind``, or None."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    last = kind.last()
    if value < kind.earliest:
        return _("日期不能早于{date:%Y年%-m月%-d日}").format(date=kind.earliest)
    if value > last:
        if kind.latest is None:
            return _("日期不能晚于今天")
        return _("日期不能晚于{date:%Y年%-m月%-d日}").format(date=last)
    return None


def date_validators(kind: DateKind = PLANNED) -> list:
    """Validators for a form or serializer date field that is not a model field."""

    def bounded(value):
        message = date_error(value, kind) if value else None
        if message:
            raise ValidationError(message, code="date_bounds")

    return [bounded]


def model_errors(record, exclude) -> dict[str, list]:
    """``{field: [reason]}`` for the dates and texts of ``record`` outside their bounds."""
    from django.db import models

    errors: dict[str, list] = {}
    kinds = getattr(type(record), "date_bounds", {})
    for field in record._meta.concrete_fields:
        if field.name in (exclude or ()) or not field.editable:
            continue
        value = getattr(record, field.attname)
        if value in (None, ""):
            continue
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            message = date_error(value, kinds.get(field.name, PLANNED))
            if message:
                errors[field.name] = [ValidationError(message, code="date_bounds")]
        elif isinstance(field, models.TextField) and field.max_length is None and len(value) > TEXT_MAX:
            message = _("最多 {limit} 个字（现有 {count} 个字）").format(limit=TEXT_MAX, count=len(value))
            errors[field.name] = [ValidationError(message, code="max_length")]
    return errors
