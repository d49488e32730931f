"""The monthly dues standard of the Central Organization Department's 2008 rule, as one pure function.

《关于中国共产党党费收缴、使用和管理的规定》(中组发〔2008〕3号): the rate applies to the *whole* base —
a flat rate chosen by the bracket the base falls in, not a marginal scale — so 3,000.00 pays 15.00
and 3,000.01 pays 30.00. Brackets include their upper bound ("3000元以下（含3000元）").

Rounding: the product is rounded to the fen (0.01 yuan) half up (四舍五入), on exact decimals;
no float is ever involved.

Kinds:
- serving (在职): monthly salary base ≤ 3,000 → 0.5%; ≤ 5,000 → 1%; ≤ 10,000 → 1.5%; above → 2%.
- retired (离退休): monthly pension ≤ 5,000 → 0.5%; above → 1%.
- fixed (农民党员 0.20–1.00 a month; 学生、下岗失业、依靠抚恤或救济、领取低保 0.20): the "base" is the
  monthly amount itself, between 0.20 and 1.00.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qizhi.dues.choices import DuesKind

FEN = Decimal("0.01")
MAX_BASE = Decimal("1000000.00")  # a month's base above this is a typing error, not a salary
FIXED_MIN, FIXED_MAX = Decimal("0.20"), Decimal("1.00")

# (upper bound inclusive, or None for "above every bound", rate)
BRACKETS: dict[str, tuple[tuple[Decimal | None, Decimal], ...]] = {
    DuesKind.SERVING: (
        (Decimal("3000"), Decimal("0.005")),
        (Decimal("5000"), Decimal("0.01")),
        (Decimal("10000"), Decimal("0.015")),
        (None, Decimal("0.02")),
    ),
    DuesKind.RETIRED: (
        (Decimal("5000"), Decimal("0.005")),
        (None, Decimal("0.01")),
    ),
}


def parse_base(value, *, field: str = "base") -> Decimal:
    """A base as typed (string, number) → an exact Decimal of at most two places, or a ValidationError
    naming ``field`` in Chinese."""
    try:
        base = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("党费计算基数应为金额（元），如 3000.00")}) from exc
    if not base.is_finite():
        raise ValidationError({field: _("党费计算基数应为金额（元），如 3000.00")})
    check_base(base, field=field)
    return base


def check_base(base: Decimal, *, field: str = "base") -> None:
    if base < 0:
        raise ValidationError({field: _("党费计算基数不能为负数")})
    if base > MAX_BASE:
        raise ValidationError({field: _("党费计算基数不能超过每月 1,000,000 元，请检查是否多输了位数")})
    if base != base.quantize(FEN):
        raise ValidationError({field: _("党费计算基数最多保留两位小数（到分）")})


def rate(base: Decimal, kind: str) -> Decimal:
    """The flat rate the whole ``base`` pays under ``kind`` (serving or retired)."""
    for upper, bracket_rate in BRACKETS[kind]:
        if upper is None or base <= upper:
            return bracket_rate
    raise AssertionError("the last bracket is open")  # pragma: no cover


def monthly_standard(base: Decimal, kind: str) -> Decimal:
    """The monthly dues of a member whose base is ``base`` (yuan, two places) under ``kind``."""
    check_base(base)
    if kind == DuesKind.FIXED:
        if not FIXED_MIN <= base <= FIXED_MAX:
            raise ValidationError({"base": _("定额党费应在每月 0.20 元至 1.00 元之间")})
        return base
    if kind not in BRACKETS:
        raise ValidationError({"kind": _("党员类别应为 serving（在职）、retired（离退休）或 fixed（定额）")})
    return (base * rate(base, kind)).quantize(FEN, rounding=ROUND_HALF_UP)
