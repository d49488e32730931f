"""Which official document fonts are missing on this machine, and what renders in their place."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from qizhi.documents.fonts import ALIAS_FILE, OFFICIAL_FONTS, font_report


class Command(BaseCommand):
    help = "报告本机缺少哪些公文字体（GB/T 9704-2012），以及用哪种免费字体代替显示。"

    def handle(self, *args, **options):
        report = font_report()
        if report is None:
            raise CommandError("未找到 fontconfig（fc-list），无法检查字体。请安装 fontconfig。")
        missing = [s for s in report if not s.installed]
        for status in report:
            font = status.font
            if status.installed:
                self.stdout.write(f"已安装  {font.name}（{font.use}）")
            else:
                self.stdout.write(
                    f"缺少    {font.name}（{font.use}）："
                    f"按项目的替代字体配置以 {status.rendered_with or '系统默认字体'} 显示；"
                    f"免费替代字体 {font.look_alike}（Debian 软件包 {font.package}）"
                )
        if missing:
            self.stdout.write(
                f"\n{len(missing)}/{len(OFFICIAL_FONTS)} 种公文字体缺失。"
                "Word 文档仍写明正式字体，在装有这些字体的电脑上按原样打印；"
                f"服务器上显示或转 PDF 时，把 {ALIAS_FILE} 复制到 /etc/fonts/conf.d/ 后以替代字体显示。"
            )
        else:
            self.stdout.write("\n公文字体齐全。")
