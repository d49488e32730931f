"""In-app notifications: the one way any app tells a user something (a reminder, a returned report)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from qizhi.core.models import Notification


def notify(
    recipients: Iterable, *, title: str, url: str = "", body: str = "", sender=None, kind: str = ""
) -> list[Notification]:
    """One notification per distinct active recipient (one INSERT); returns what was created. Its kind
    (the app its link leads into, unless named) decides which channels beyond the inbox each recipient
    chose (``core.channels``): those are recorded now and sent by a background task after the commit."""
    from qizhi.core import channels

    seen: dict[int, object] = {}
    for user in recipients:
        if user.is_active and user.pk not in seen:
            seen[user.pk] = user
    kind = kind or channels.kind_of(url)
    rows = [
        Notification(recipient=user, sender=sender, title=title, body=body, url=url, kind=kind)
        for user in seen.values()
    ]
    created = Notification.objects.bulk_create(rows)
    channels.queue(created)
    return created


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).filter(read_at__isnull=True).count()


def mark_read(notifications, *, by) -> int:
    """Mark ``by``'s own notifications among ``notifications`` as read; others' are untouched."""
    with transaction.atomic():
        return notifications.visible_to(by).filter(read_at__isnull=True).update(read_at=timezone.now())
