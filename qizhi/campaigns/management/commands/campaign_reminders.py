"""The campaigns' daily run, for cron or a systemd timer: each campaign whose phase changed tells its leading group."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qizhi.campaigns import services


class Command(BaseCommand):
    help = "推进专项活动的阶段：进入新阶段时通知领导小组及其办公室成员（每个阶段只通知一次）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="以此日期为今天（YYYY-MM-DD），用于补发或测试")

    def handle(self, *args, date: str | None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期“{date}”无效，应为 YYYY-MM-DD") from exc
        moved = services.advance_phases(day)
        for campaign, phase in moved:
            self.stdout.write(f"{campaign}：{phase}")
        self.stdout.write(self.style.SUCCESS(f"进入新阶段的活动 {len(moved)} 个"))
