"""In-app notifications: the one way any app tells a user something (a reminder, a returned report)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from qizhi.core.models import Notification


def notify(recipients: Iterable, *, title: str, url: str = "", body: str = "", sender=None) -> list[Notification]:
    """One notification per distinct active recipient (one INSERT); returns what was created."""
    seen: dict[int, object] = {}
    for user in recipients:
        if user.is_active and user.pk not in seen:
            seen[user.pk] = user
    rows = [Notification(recipient=user, sender=sender, title=title, body=body, url=url) for user in seen.values()]
    return Notification.objects.bulk_create(rows)


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).filter(read_at__isnull=True).count()


def mark_read(notifications, *, by) -> int:
    """Mark ``by``'s own notifications among ``notifications`` as read; others' are untouched."""
    with transaction.atomic():
        return notifications.visible_to(by).filter(read_at__isnull=True).update(read_at=timezone.now())
