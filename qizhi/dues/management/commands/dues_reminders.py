"""Unpaid dues reminders, for cron or a systemd timer: a warning at 3 consecutive months, an alert at 6."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from qizhi.core.management.arguments import date_or_today
from qizhi.core.scoping import subtree_q
from qizhi.dues import services
from qizhi.org.models import Unit
from qizhi.party.models import Membership


class Command(BaseCommand):
    help = "找出连续3个月（提醒）和6个月（预警）未交纳党费的党员，通知本人和支部书记（每段欠交每级只通知一次）"

    def add_arguments(self, parser):
        parser.add_argument("--unit", type=int, help="只检查此单位（编号）及其下级的党组织；默认全部")
        parser.add_argument("--date", help="以此日期为今天（YYYY-MM-DD），用于补发或测试")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不发送通知")

    def handle(self, *args, unit: int | None, date: str | None, dry_run: bool, **options):
        today = date_or_today(date)
        memberships = Membership.objects.all()
        if unit is not None:
            root = Unit.objects.filter(pk=unit).first()
            if root is None:
                raise CommandError(f"单位编号{unit}不存在")
            memberships = memberships.filter(subtree_q("branch__unit__path", root.path))
        sent = 0
        items = services.reminders(memberships, today)
        for item in items:
            names = "、".join(sorted({u.get_username() for u in item.recipients})) or "（无接收人）"
            self.stdout.write(f"【{names}】{item.title}")
            if not dry_run:
                url = reverse("dues:unpaid") + f"?party_org={item.arrears.membership.branch_id}"
                sent += services.send_reminder(item, url)
        verb = "将提醒" if dry_run else f"已发送通知 {sent} 条，涉及"
        self.stdout.write(self.style.SUCCESS(f"{verb}党员 {len(items)} 名"))
