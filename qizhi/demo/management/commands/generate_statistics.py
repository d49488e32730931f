"""Years of approved monthly statistics for the generated province: python manage.py generate_statistics."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from qizhi.demo import province, province_statistics


class Command(BaseCommand):
    help = "为 generate_province 生成的全省数据生成多年已审核的月度统计报表（基准测试用）；--reset 先删除上次生成的报表"

    def add_arguments(self, parser):
        default = province_statistics.StatisticsSize()
        parser.add_argument("--reset", action="store_true", help="先删除全省已有的统计报表和数值")
        parser.add_argument("--years", type=int, default=default.years, help="年数（截至上月）")
        parser.add_argument(
            "--extra-indicators", type=int, default=default.extra_indicators, help="司法所另报的合成普法指标数"
        )
        parser.add_argument("--seed", type=int, default=default.seed, help="随机种子（相同种子生成相同数据）")

    def handle(self, *args, **options):
        size = province_statistics.StatisticsSize(
            years=options["years"], extra_indicators=options["extra_indicators"], seed=options["seed"]
        )
        if size.years < 1 or size.extra_indicators < 0:
            raise CommandError("年数至少为1，合成指标数不能为负")
        root = province.generated_root()
        if root is None:
            raise CommandError("请先运行 generate_province 生成全省单位")
        if options["reset"]:
            deleted = province_statistics.delete(root)
            self.stdout.write(f"已删除上次生成的统计报表 {deleted} 份")
        elif province_statistics.exists(root):
            self.stdout.write(self.style.WARNING("全省统计报表已存在，未重复生成；如需重新生成，请加 --reset"))
            return
        started = time.monotonic()
        result = province_statistics.generate(root, size)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"已生成统计数据，用时 {elapsed:.1f} 秒"))
        self.stdout.write(
            f"  {result.first:%Y-%m} 至 {result.last:%Y-%m}：报表 {result.reports} 份，数值 {result.values} 条"
        )
        self.stdout.write(f"  下级汇总值 {result.totals} 行")
        self.stdout.write(
            f"STATS reports={result.reports} values={result.values} totals={result.totals} seconds={elapsed:.1f}"
        )
