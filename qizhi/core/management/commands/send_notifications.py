"""Daily: the digests of e-mail and SMS that users asked for, and another try of what failed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from qizhi.core import channels


class Command(BaseCommand):
    help = "发送每日消息汇总（邮件、短信），并重试发送失败的消息"

    def handle(self, *args, **options):
        digests = channels.send_digests()
        retried = channels.retry_failed()
        self.stdout.write(f"digests sent: {digests}; failed deliveries sent on retry: {retried}")
