"""Arguments the management commands share."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def date_or_today(text: str | None) -> datetime.date:
    """``--date YYYY-MM-DD`` of a daily command (a rerun for a past day), or today (Asia/Shanghai)."""
    if not text:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD") from exc
