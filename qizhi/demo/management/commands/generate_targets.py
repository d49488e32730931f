"""One year's target plans for the generated province: python manage.py generate_targets [--reset] [sizes]."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qizhi.demo import province_targets as targets


class Command(BaseCommand):
    help = (
        "为已生成的全省数据（generate_province）生成一个年度的目标责任书：每个司法局约30项中心工作，"
        "四级分解到科室、司法所和个人，约30万项目标、约100万份进度报告；--reset 先删除上次生成的目标数据"
    )

    def add_arguments(self, parser):
        default = targets.TargetsSize()
        parser.add_argument("--reset", action="store_true", help="先删除上次生成的目标责任书（全省生成单位的）")
        parser.add_argument("--year", type=int, default=timezone.localdate().year, help="年度（默认今年）")
        parser.add_argument("--tasks", type=int, default=default.tasks, help="每份责任书中心工作数")
        parser.add_argument("--pieces", type=int, default=default.pieces, help="每项中心工作分解到的下级单位数")
        parser.add_argument("--subpieces", type=int, default=default.subpieces, help="第三级每项分解数")
        parser.add_argument("--people", type=int, default=default.people, help="第四级（到个人）每项分解数")
        parser.add_argument("--reports", type=int, default=default.reports, help="每项末级任务平均进度报告数")
        parser.add_argument("--seed", type=int, default=default.seed, help="随机种子（相同种子生成相同数据）")

    def handle(self, *args, **options):
        size = targets.TargetsSize(
            tasks=options["tasks"], pieces=options["pieces"], subpieces=options["subpieces"],
            people=options["people"], reports=options["reports"], seed=options["seed"],
        )  # fmt: skip
        if min(size.tasks, size.pieces, size.subpieces, size.people) < 1 or size.reports < 0:
            raise CommandError("各级分解数至少为1，报告数不能为负")
        if not 2000 <= options["year"] <= 2100:
            raise CommandError("年度应在2000至2100之间")
        if targets.generated_root() is None:
            raise CommandError("尚未生成全省数据，请先运行 generate_province")
        if options["reset"]:
            self.stdout.write(f"已删除上次生成的目标责任书 {targets.delete_generated()} 份及其任务、进度报告")
        elif (existing := targets.generated_plans(options["year"])).exists():
            self.stdout.write(self.style.WARNING("该年度的目标责任书已存在，未重复生成；如需重新生成，请加 --reset"))
            county_plan = existing.filter(unit__depth=targets.generated_root().depth + 2).order_by("unit__path")
            city = existing.filter(unit__depth=targets.generated_root().depth + 1).order_by("unit__path")
            self.machine_line(county_plan.first().pk, city.first().unit_id)
            return

        started = time.monotonic()
        outcome = targets.generate(size, options["year"], progress=self.tick)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"已生成目标责任书，用时 {elapsed:.1f} 秒（批量写入，集合式汇总完成度）"))
        self.stdout.write(
            f"  责任书 {outcome.plans} 份，目标任务 {outcome.targets} 项，节点 {outcome.milestones} 个，"
            f"进度报告 {outcome.reports} 份"
        )
        plan = outcome.county_plan
        self.stdout.write(f"  基准测试县责任书：{plan} id={plan.pk}；排名：{outcome.city.name} id={outcome.city.pk}")
        self.machine_line(plan.pk, outcome.city.pk)

    def tick(self, done: int, total: int) -> None:
        if done % 20 == 0 or done == total:
            self.stdout.write(f"  {done}/{total} 份责任书", ending="\r" if done < total else "\n")

    def machine_line(self, plan_id: int, city_id: int) -> None:
        # One machine-readable line for bench/run.py.
        self.stdout.write(f"BENCH plan_id={plan_id} city_id={city_id}")
