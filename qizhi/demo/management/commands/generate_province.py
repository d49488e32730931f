"""Build province-scale data for benchmarks: python manage.py generate_province [--reset] [sizes]."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from qizhi.demo import province


class Command(BaseCommand):
    help = "生成全省规模的基准测试数据（约3000个单位、3万名人员），用于性能测试；--reset 先删除上次生成的数据"

    def add_arguments(self, parser):
        default = province.ProvinceSize()
        parser.add_argument("--reset", action="store_true", help="先删除上次生成的数据（单位代码 PROV-…）")
        parser.add_argument("--cities", type=int, default=default.cities, help="市司法局数")
        parser.add_argument("--counties", type=int, default=default.counties_per_city, help="每市县司法局数")
        parser.add_argument("--departments", type=int, default=default.departments_per_county, help="每县内设科室数")
        parser.add_argument(
            "--notary-offices", type=int, default=default.notary_offices_per_county, help="每县公证处数"
        )
        parser.add_argument(
            "--judicial-offices", type=int, default=default.judicial_offices_per_county, help="每县司法所数"
        )
        parser.add_argument("--people", type=int, default=default.people, help="人员总数")
        parser.add_argument("--retired-share", type=float, default=default.retired_share, help="退休人员比例")
        parser.add_argument("--member-share", type=float, default=default.member_share, help="党员比例")
        parser.add_argument("--seed", type=int, default=default.seed, help="随机种子（相同种子生成相同数据）")

    def handle(self, *args, **options):
        size = province.ProvinceSize(
            cities=options["cities"],
            counties_per_city=options["counties"],
            departments_per_county=options["departments"],
            notary_offices_per_county=options["notary_offices"],
            judicial_offices_per_county=options["judicial_offices"],
            people=options["people"],
            retired_share=options["retired_share"],
            member_share=options["member_share"],
            seed=options["seed"],
        )
        if size.cities < 1 or size.counties_per_city < 1 or size.people < 0:
            raise CommandError("至少需要1个市、每市1个县，人员数不能为负")
        if not (0 <= size.retired_share <= 1 and 0 <= size.member_share <= 1):
            raise CommandError("比例应在0到1之间")

        if options["reset"]:
            try:
                deleted = province.delete_generated()
            except ProtectedError as exc:
                n = len(exc.protected_objects)
                raise CommandError(f"生成的数据已被其他 {n} 条记录引用，无法删除；请先删除这些记录") from exc
            self.stdout.write(f"已删除上次生成的数据：{deleted} 个单位及其人员、基准测试账号")
        elif (root := province.generated_root()) is not None:
            exists = f"全省数据已存在（{root.name}，单位代码 {province.ROOT_CODE}），未重复生成；"
            exists += "如需重新生成，请加 --reset"
            self.stdout.write(self.style.WARNING(exists))
            self.report(province.describe_existing(root))
            return

        started = time.monotonic()
        result = province.generate(size)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"已生成全省数据，用时 {elapsed:.1f} 秒（批量写入，不生成变更历史）"))
        self.report(result)

    def report(self, result: province.Generated) -> None:
        out = self.stdout.write
        out(f"  单位 {result.units} 个（根单位 {result.root.name}，id={result.root.pk}）")
        out(f"  人员 {result.people} 人，其中退休 {result.retired} 人，党员 {result.members} 人")
        if result.party_orgs:
            out(f"  党组织 {result.party_orgs} 个，组织关系 {result.memberships} 条")
        if result.published:
            out(f"  县司法局公开事项 {result.published} 项（门户网站、触摸屏、公示栏、官方微博）")
        out(f"  基准测试县：{result.county.name} id={result.county.pk}，所属 {result.city.name} id={result.city.pk}")
        users = "、".join(f"{username}（{role.label}）" for username, _, role, _ in province.BENCH_USERS)
        out(f"  基准测试账号：{users}，密码 {province.PASSWORD}")
        # One machine-readable line for bench/run.py.
        out(f"BENCH root_id={result.root.pk} city_id={result.city.pk} county_id={result.county.pk}")
