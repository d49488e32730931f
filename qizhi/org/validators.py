"""Validation of the 18-digit resident identity number (GB 11643-1999)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


def check_digit(first17: str) -> str:
    """The check character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def birth_date_of(id_number: str) -> datetime.date | None:
    try:
        return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    number = normalize_id_number(value)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号码应为18位（前17位为数字，末位为数字或X）"), code="format")
    if birth_date_of(number) is None:
        raise ValidationError(_("身份证号码中的出生日期无效"), code="birth_date")
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位错误"), code="check_digit")


def is_valid_id_number(value: str) -> bool:
    try:
        validate_id_number(value)
    except ValidationError:
        return False
    return True


def mask_id_number(value: str) -> str:
    """Show the region code and the last four characters only: 511302********123X."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_birth_date(value: datetime.date | None) -> str:
    """The year only (1985年): where an ID number is masked, its hidden digits are the birth date."""
    return _("{year}年").format(year=value.year) if value else ""


def mask_phone(value: str) -> str:
    if not value or len(value) < 7:
        return value
    return value[:3] + "****" + value[-4:]
