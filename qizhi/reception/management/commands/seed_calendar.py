from django.core.management.base import BaseCommand

from qizhi.reception import services


class Command(BaseCommand):
    help = "载入法定节假日与调休上班日（来自 chinese-calendar 包）及办理时限规则"

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="年度，默认 2024–2026")

    def handle(self, *args, years, **options):
        services.ensure_rules()
        added = services.seed_calendar(years or [2024, 2025, 2026])
        self.stdout.write(f"added {added} days")
