"""Reminders of organizational life, for cron or a systemd timer: what falls due, what is overdue."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from qizhi.core.management.arguments import date_or_today
from qizhi.meetings import reminders
from qizhi.org.models import Unit


class Command(BaseCommand):
    help = "按负责的支部书记列出未来几天到期和已逾期的组织生活会议，并发送站内通知"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="提前提醒的天数（默认7）")
        parser.add_argument("--unit", type=int, help="只提醒此单位（编号）及其下级；默认全部")
        parser.add_argument("--date", help="以此日期为今天（YYYY-MM-DD），用于补发或测试")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不发送通知")

    def handle(self, *args, days: int, unit: int | None, date: str | None, dry_run: bool, **options):
        today = date_or_today(date)
        if unit is not None:
            units = list(Unit.objects.filter(pk=unit))
            if not units:
                raise CommandError(f"单位编号{unit}不存在")
        else:
            units = list(Unit.objects.filter(depth=1))
        total = 0
        for root in units:
            for letter in reminders.letters(unit=root, today=today, days=days):
                self.stdout.write(f"【{letter.recipient.get_username()}】{letter.title}")
                for line in letter.lines:
                    self.stdout.write(f"  {line}")
                total += 1
                if not dry_run:
                    reminders.send(letter)
        verb = "将发送" if dry_run else "已发送"
        self.stdout.write(self.style.SUCCESS(f"{verb}提醒 {total} 条"))
