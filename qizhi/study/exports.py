"""The completion table of a plan and a month of work logs as .xlsx files."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from qizhi.study.services import Completion

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _title(sheet, text: str, last_column: int) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(last_column, 2))
    sheet["A1"] = text
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")


def _row(sheet, number: int, values, *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=number, column=column, value=value)
        cell.border = BORDER
        if bold:
            cell.font = Font(bold=True)


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def completion_xlsx(table: Completion) -> bytes:
    """学习完成情况表: people as rows, materials as columns (minutes studied), finished and total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "完成情况"
    materials = table.materials
    _title(sheet, f"{table.plan.title}学习完成情况表", 3 + len(materials))
    sheet["A2"] = f"完成期限：{table.plan.end_date:%Y年%m月%d日}"
    sheet["D2"] = f"制表日期：{timezone.localdate():%Y年%m月%d日}"
    header = ["序号", "姓名"] + [f"{m.number}{'（必学）' if m.required else ''}" for m in materials] + ["完成必学"]
    _row(sheet, 4, header, bold=True)
    for n, row in enumerate(table.rows, start=1):
        cells = ["" if v is None else v for v in row.cells(materials)]
        _row(sheet, 4 + n, [n, row.person.name, *cells, f"{row.finished}/{len(table.required)}"])
    last = 4 + len(table.rows) + 2
    rate = "—" if table.rate is None else f"{table.rate}%"
    sheet.cell(row=last, column=1, value=f"应学{len(table.rows)}人，全部完成必学资料{table.complete}人，完成率{rate}")
    sheet.cell(row=last + 1, column=1, value="表中数字为学习时长（分钟）。资料目录：")
    for offset, m in enumerate(materials, start=2):
        sheet.cell(row=last + offset, column=2, value=f"{m.number}. {m.title}（{m.get_kind_display()}）")
    return _bytes(workbook)


def worklogs_xlsx(logs: list, month: datetime.date) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "工作日志"
    _title(sheet, f"{month.year}年{month.month}月工作日志", 5)
    _row(sheet, 3, ["序号", "单位", "姓名", "日期", "工作内容", "关联目标任务"], bold=True)
    for n, log in enumerate(logs, start=1):
        _row(sheet, 3 + n, [n, log.person.unit.name, log.person.name, log.date.strftime("%Y年%m月%d日"), log.content,
                            log.target])  # fmt: skip
    for letter, width in zip("ABCDEF", (6, 18, 10, 16, 60, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    return _bytes(workbook)
