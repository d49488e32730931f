"""Rebuild the stored yearly points from the records (daily from cron, or after the rule table changed)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qizhi.party.models import Membership
from qizhi.points import services


class Command(BaseCommand):
    help = "按积分规则从已有记录重新计算党员年度积分（默认本年度）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="年度（默认本年）")

    def handle(self, *args, year: int | None, **options):
        year = year or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度{year}无效")
        members = Membership.objects.filter(joined_on__year__lte=year).exclude(ended_on__year__lt=year)
        count = services.refresh(members, year)
        self.stdout.write(self.style.SUCCESS(f"已重新计算{year}年度积分 {count} 人"))
