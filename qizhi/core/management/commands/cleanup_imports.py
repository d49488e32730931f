from django.core.management.base import BaseCommand

from qizhi.core.imports import cleanup_stale_uploads


class Command(BaseCommand):
    help = "删除超时未确认的导入文件和无人引用的上传文件（每天运行，见 manage.py daily）"

    def handle(self, *args, **options):
        expired, deleted = cleanup_stale_uploads()
        self.stdout.write(f"超时未确认的导入：{expired} 个；删除文件：{deleted} 个")
