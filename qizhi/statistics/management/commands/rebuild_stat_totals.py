"""Recount the statistics summary from the approved values: python manage.py rebuild_stat_totals."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from qizhi.statistics import services


class Command(BaseCommand):
    help = "按已审核的统计数值重新计算下级汇总表（StatTotal）；数据批量导入或怀疑汇总有误时运行"

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = services.rebuild_totals()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"已重新计算下级汇总值 {rows} 行，用时 {elapsed:.1f} 秒"))
