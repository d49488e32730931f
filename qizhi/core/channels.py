"""Channels beyond the inbox: e-mail and SMS, chosen by each user per kind of message, sent at once or
as a daily digest, every sending recorded (``Delivery``) and done by a background task.

- **E-mail** goes through Django's mail backend (``EMAIL_*`` settings); offered once ``QIZHI_EMAIL_ENABLED``.
- **SMS** goes through a gateway (``QIZHI_SMS_GATEWAY``, a dotted path): ``LoggingSmsGateway`` writes
  the message to the log (development), ``HttpSmsGateway`` posts JSON to ``QIZHI_SMS_URL`` with
  ``QIZHI_SMS_TOKEN`` — the shape most government SMS platforms accept; another platform is one class.
- Where a user's e-mail address and phone number come from is registered by the app that keeps them
  (``register_contact_source``), so the framework imports no domain app.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from qizhi.core.models import Channel, ChannelPreference, Delivery, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
SMS_LENGTH = 70  # one SMS segment of Chinese text

GENERAL = "general"


# --- Where messages come from and where they go -------------------------------------------------------


def kind_of(url: str) -> str:
    """A notification's kind: the app its link leads into (``meetings``, ``statistics``…), else general."""
    try:
        match = resolve((url or "").split("?")[0])
    except Resolver404:
        return GENERAL
    namespace = match.namespaces[0] if match.namespaces else ""
    return namespace if namespace in apps.app_configs else GENERAL


def kinds() -> list[tuple[str, str]]:
    """(kind, label) of every kind a user can set: each domain app, then everything else."""
    found = [
        (config.label, str(config.verbose_name))
        for config in apps.get_app_configs()
        if config.name.startswith("qizhi.") and getattr(config, "sends_notifications", False)
    ]
    return [*sorted(found, key=lambda pair: pair[0]), (GENERAL, _("其他消息"))]


_contact_source: Callable | None = None


def register_contact_source(source: Callable) -> None:
    """``source(user) -> (email, phone)``: the app that keeps people's contacts provides it."""
    global _contact_source
    _contact_source = source


def contacts(user) -> tuple[str, str]:
    email, phone = user.email or "", ""
    if _contact_source is not None:
        found_email, phone = _contact_source(user)
        email = email or found_email or ""
    return email, phone or ""


def available() -> set[str]:
    """The channels this deployment can send through."""
    found = set()
    if getattr(settings, "QIZHI_EMAIL_ENABLED", False):
        found.add(Channel.EMAIL)
    if getattr(settings, "QIZHI_SMS_GATEWAY", ""):
        found.add(Channel.SMS)
    return found


# --- Queueing (inside notify's transaction) -------------------------------------------------------------


def queue(notifications: Iterable[Notification]) -> list[Delivery]:
    """One ``Delivery`` per notification and channel its recipient chose for its kind; the immediate
    ones are handed to the background task once the transaction commits."""
    notifications = list(notifications)
    if not notifications:
        return []
    chosen = {
        (p.user_id, p.kind): p
        for p in ChannelPreference.objects.filter(
            user__in={n.recipient_id for n in notifications}, kind__in={n.kind for n in notifications}
        )
    }
    open_channels = available()
    rows = []
    known: dict[int, tuple[str, str]] = {}
    for notification in notifications:
        preference = chosen.get((notification.recipient_id, notification.kind))
        if preference is None:
            continue
        if notification.recipient_id not in known:
            known[notification.recipient_id] = contacts(notification.recipient)
        email, phone = known[notification.recipient_id]
        for channel, wanted, destination in (
            (Channel.EMAIL, preference.email, email),
            (Channel.SMS, preference.sms, phone),
        ):
            if wanted and destination and channel in open_channels:
                rows.append(
                    Delivery(
                        notification=notification, channel=channel, destination=destination, digest=preference.digest
                    )
                )
    rows = Delivery.objects.bulk_create(rows)
    immediate = [row.pk for row in rows if not row.digest]
    if immediate:
        from qizhi.core.tasks import deliver_notifications

        transaction.on_commit(lambda: deliver_notifications.enqueue(immediate))
    return rows


# --- Sending (in the background task) -------------------------------------------------------------------


class LoggingSmsGateway:
    """Development: the message goes to the log."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class HttpSmsGateway:
    """A platform that takes ``{"phone", "text"}`` as JSON with a bearer token and answers 2xx."""

    def send(self, phone: str, text: str) -> None:
        request = urllib.request.Request(
            settings.QIZHI_SMS_URL,
            data=json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.QIZHI_SMS_TOKEN}"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            if not 200 <= answer.status < 300:
                raise OSError(f"SMS gateway answered {answer.status}")


def gateway():
    return import_string(settings.QIZHI_SMS_GATEWAY)()


def _link(url: str) -> str:
    base = getattr(settings, "QIZHI_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if base and url else url


def _send(channel: str, destination: str, subject: str, text: str) -> None:
    if channel == Channel.EMAIL:
        send_mail(subject, text, None, [destination])
    else:
        gateway().send(destination, text[:SMS_LENGTH])


def _outcome(rows: list[Delivery], error: Exception | None) -> None:
    now = timezone.now()
    for row in rows:
        row.attempts += 1
        if error is None:
            row.status, row.sent_at, row.error = Delivery.Status.SENT, now, ""
        else:
            row.status, row.error = Delivery.Status.FAILED, str(error)[:500]
    Delivery.objects.bulk_update(rows, ["attempts", "status", "sent_at", "error"])


def deliver(ids: Iterable[int]) -> int:
    """Send these deliveries one by one; returns how many went out. A failure is recorded and retried
    by ``retry_failed`` up to ``MAX_ATTEMPTS``."""
    sent = 0
    rows = Delivery.objects.filter(pk__in=list(ids), status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED])
    for row in rows.select_related("notification"):
        notification = row.notification
        text = notification.title
        if notification.body:
            text += "\n" + notification.body
        if notification.url:
            text += "\n" + _link(notification.url)
        try:
            _send(row.channel, row.destination, notification.title, text)
        except Exception as error:  # any gateway or SMTP failure: record it, try again later
            logger.warning("delivery %s failed: %s", row.pk, error)
            _outcome([row], error)
        else:
            _outcome([row], None)
            sent += 1
    return sent


def retry_failed() -> int:
    """Try again what failed fewer than ``MAX_ATTEMPTS`` times (the daily job runs this)."""
    ids = Delivery.objects.filter(status=Delivery.Status.FAILED, attempts__lt=MAX_ATTEMPTS, digest=False)
    return deliver(ids.values_list("pk", flat=True))


def send_digests() -> int:
    """One message per user and channel gathering the day's waiting digest deliveries; returns how many
    digests went out."""
    waiting = (
        Delivery.objects.filter(digest=True, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED])
        .filter(attempts__lt=MAX_ATTEMPTS)
        .select_related("notification")
        .order_by("notification__created_at", "pk")
    )
    groups: dict[tuple[int, str, str], list[Delivery]] = defaultdict(list)
    for row in waiting:
        groups[(row.notification.recipient_id, row.channel, row.destination)].append(row)
    sent = 0
    for (_user, channel, destination), rows in groups.items():
        subject = _("旗帜每日消息汇总（{count}条）").format(count=len(rows))
        lines = [f"{n}. {row.notification.title}" for n, row in enumerate(rows, 1)]
        try:
            _send(channel, destination, subject, subject + "\n" + "\n".join(lines))
        except Exception as error:  # recorded on every row of the digest; tried again tomorrow
            _outcome(rows, error)
        else:
            _outcome(rows, None)
            sent += 1
    return sent


# --- A user's choices ---------------------------------------------------------------------------------


def preferences_of(user) -> dict[str, ChannelPreference]:
    return {p.kind: p for p in ChannelPreference.objects.visible_to(user)}


@transaction.atomic
def save_preferences(user, choices: dict[str, dict[str, bool]]) -> None:
    """``{kind: {"email": …, "sms": …, "digest": …}}`` for the kinds that exist; a kind with no channel
    keeps no row (the inbox only)."""
    valid = {kind for kind, _label in kinds()}
    for kind, chosen in choices.items():
        if kind not in valid:
            continue
        if chosen.get("email") or chosen.get("sms"):
            ChannelPreference.objects.update_or_create(
                user=user, kind=kind,
                defaults={"email": bool(chosen.get("email")), "sms": bool(chosen.get("sms")),
                          "digest": bool(chosen.get("digest"))},
            )  # fmt: skip
        else:
            ChannelPreference.objects.filter(user=user, kind=kind).delete()
