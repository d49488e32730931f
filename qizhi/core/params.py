"""Typed query parameters: the one way a view reads ``?unit=``, ``?year=``, ``?month=``.

A parameter a page only uses to preselect or narrow something (``?parent=`` on an add form,
``?unit=`` on a board) is *optional*: junk is ignored, as if the parameter were absent. A parameter
the answer depends on (``?year=`` of a ranking, ``?start=`` of a roll-up) is *checked*: junk raises
``BadParameter``, which the API answers with 400 and the field's Chinese message, and a page with a
400 page carrying that message.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1  # the largest value of a BIGINT/INTEGER primary key on every engine
YEARS = (2000, 2100)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class BadParameter(SuspiciousOperation):
    """A query parameter that cannot mean anything; Django answers a page with 400."""

    def __init__(self, name: str, message):
        super().__init__(str(message))
        self.name = name
        self.message = message

    @property
    def message_dict(self) -> dict[str, list[str]]:
        return {self.name: [str(self.message)]}


def to_id(raw) -> int | None:
    """A primary key written in ``raw``, or None when it cannot be one (text, NUL, 0, 30 digits)."""
    text = str(raw).strip() if raw is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):  # int() refuses 4,300 digits
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def optional_id(query, name: str) -> int | None:
    """``?name=<id>`` when it is one; junk is ignored (None)."""
    return to_id(query.get(name))


def required_id(query, name: str) -> int:
    value = optional_id(query, name)
    if value is None:
        raise BadParameter(name, _("{name} 参数应为记录编号（正整数）").format(name=name))
    return value


def year(query, name: str = "year", *, default: int | None = None) -> int | None:
    """``?year=YYYY`` within 2000–2100; absent → ``default``; anything else → ``BadParameter``."""
    raw = query.get(name)
    if raw in (None, ""):
        return default
    text = str(raw).strip()
    if text.isascii() and text.isdigit() and len(text) == 4 and YEARS[0] <= int(text) <= YEARS[1]:
        return int(text)
    raise BadParameter(
        name, _("{name} 参数应为 {low}–{high} 之间的四位年份").format(name=name, low=YEARS[0], high=YEARS[1])
    )


def optional_year(query, name: str = "year") -> int | None:
    """``?year=YYYY`` within 2000–2100, or None for anything else (a page falls back to this year)."""
    text = str(query.get(name) or "").strip()
    if text.isascii() and text.isdigit() and len(text) == 4 and YEARS[0] <= int(text) <= YEARS[1]:
        return int(text)
    return None


def parse_month(text: str, name: str = "month") -> datetime.date:
    """``YYYY-MM`` (years 2000–2100) as the month's first day, or ``BadParameter``."""
    match = _MONTH.match(str(text or "").strip())
    if match:
        y, m = int(match[1]), int(match[2])
        if YEARS[0] <= y <= YEARS[1] and 1 <= m <= 12:
            return datetime.date(y, m, 1)
    raise BadParameter(name, _("{name} 参数应为 YYYY-MM 格式的月份（2000–2100 年）").format(name=name))


def month(query, name: str = "month", *, default: datetime.date | None = None) -> datetime.date | None:
    raw = query.get(name)
    if raw in (None, ""):
        return default
    return parse_month(raw, name)
