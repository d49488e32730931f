from django.core.management.base import BaseCommand

from qizhi.core.backups import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到 var/backups/<时间>/（可在服务运行时执行）"

    def add_arguments(self, parser):
        parser.add_argument("--to", help="备份根目录，默认 var/backups")

    def handle(self, *args, **options):
        folder = backup(options.get("to"))
        self.stdout.write(self.style.SUCCESS(f"备份完成：{folder}"))
