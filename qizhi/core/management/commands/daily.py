import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "每天运行一次的全部任务（settings.QIZHI_DAILY_COMMANDS）：一项失败不影响其余各项"

    def handle(self, *args, **options):
        failed = []
        for name in settings.QIZHI_DAILY_COMMANDS:
            self.stdout.write(f"== {name}")
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception:  # the others still run; the log and the exit status say which failed
                logger.exception("daily command %s failed", name)
                failed.append(name)
        if failed:
            raise CommandError(f"失败：{', '.join(failed)}")
