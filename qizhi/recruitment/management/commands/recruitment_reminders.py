"""发展党员 reminders, for cron or a systemd timer: each step due within two weeks (or overdue) reaches
the branch secretaries' inbox once."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qizhi.recruitment import services
from qizhi.recruitment.models import Applicant


class Command(BaseCommand):
    help = "提醒支部书记：发展党员各环节在两周内到期或已逾期的（每个环节每个期限只通知一次）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="以此日期为今天（YYYY-MM-DD），用于补发或测试")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不发送通知")

    def handle(self, *args, date: str | None, dry_run: bool, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期“{date}”无效，应为 YYYY-MM-DD") from exc
        items = services.reminders(Applicant.objects.all(), today)
        sent = 0
        for item in items:
            names = "、".join(sorted(u.get_username() for u in item.recipients)) or "（无接收人）"
            self.stdout.write(f"【{names}】{item.title}")
            if not dry_run:
                sent += services.send_reminder(item)
        self.stdout.write(self.style.SUCCESS(f"到期环节 {len(items)} 个，已发送通知 {sent} 条"))
