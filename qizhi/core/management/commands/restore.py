from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qizhi.core.backups import restore


class Command(BaseCommand):
    help = "从备份目录恢复数据库与上传文件（请先停止服务）"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="备份目录，如 var/backups/20261123-020000")
        parser.add_argument("--yes", action="store_true", help="不再确认，直接覆盖")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"备份目录不存在：{folder}")
        if not options["yes"] and input("将覆盖当前数据库与上传文件，确认请输入 yes:") != "yes":
            raise CommandError("已取消")
        restore(folder)
        self.stdout.write(self.style.SUCCESS(f"已从 {folder} 恢复"))
