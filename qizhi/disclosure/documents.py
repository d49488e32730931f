"""The disclosure's paper: the 公示栏 printout (official layout, converted to PDF by LibreOffice) and the
公开工作年度报告 (.docx), both through the ``qizhi.documents`` engine."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from django.utils import timezone

from qizhi.disclosure.models import Publication
from qizhi.documents import fonts
from qizhi.documents.official import OfficialDocument, chinese_date

CONVERT_SECONDS = 90


def board_docx(row: Publication) -> bytes:
    document = OfficialDocument()
    document.title(row.title)
    document.paragraph(f"索引号：{row.index_number}")
    for text in row.paragraphs:
        document.paragraph(text)
    document.signature(row.unit_name, timezone.localdate(row.published_at))
    return document.to_bytes()


def to_pdf(docx: bytes) -> bytes:
    """A .docx as PDF, by headless LibreOffice with the project's font aliases (raises on failure)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "board.docx").write_bytes(docx)
        env = {**fonts.fontconfig_env(work), "HOME": folder}
        subprocess.run(
            ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
             "--convert-to", "pdf", "--outdir", folder, str(work / "board.docx")],
            check=True, capture_output=True, timeout=CONVERT_SECONDS, env=env,
        )  # fmt: skip
        return (work / "board.pdf").read_bytes()


def annual_report_docx(report: dict) -> bytes:
    document = OfficialDocument()
    document.title(f"{report['unit_name']}{report['year']}年度信息公开工作报告")
    document.heading("总体情况", 1)
    document.paragraph(
        f"{report['year']}年，本单位主动公开信息{report['items']}条，在各渠道发布{report['publications']}次；"
        f"其中在信息形成之日起20个工作日内公开的{report['on_time']}条，超过期限公开的{report['late']}条。"
    )
    document.heading("主动公开情况", 1)
    document.table(["公开类别", "条数"], [[k["label"], k["items"]] for k in report["by_kind"]] or [["—", 0]])
    document.table(["发布渠道", "发布次数"], [[c["label"], c["publications"]] for c in report["by_channel"]])
    document.heading("撤回情况", 1)
    if report["withdrawals"]:
        rows = [[w["title"], w["channel"], w["at"], w["reason"]] for w in report["withdrawals"]]
        document.table(["标题", "渠道", "撤回日期", "理由"], rows, widths_mm=[60, 24, 28, 44])
    else:
        document.paragraph("本年度无撤回的公开信息。")
    document.signature(report["unit_name"], timezone.localdate())
    return document.to_bytes()


__all__ = ["annual_report_docx", "board_docx", "chinese_date", "to_pdf"]
