"""The roll-up as a statistical report form (统计报表): title, 表头 (unit, period, preparer), bordered table."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from qizhi.statistics.services import Figure, plain

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER = ("序号", "指标", "计量单位", "本期", "去年同期", "增减", "增减幅度（%）")
WIDTHS = (6, 28, 10, 12, 12, 12, 14)


def rollup_xlsx(unit, start, end, figures: list[Figure], *, preparer: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "统计汇总"
    sheet.merge_cells("A1:G1")
    sheet["A1"] = f"{unit.name}司法行政业务统计汇总表"
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"] = f"填报单位：{unit.name}"
    sheet["D2"] = f"统计期间：{start.year}年{start.month}月至{end.year}年{end.month}月"
    sheet["A3"] = f"填表人：{preparer}"
    sheet["D3"] = f"制表日期：{timezone.localdate():%Y年%m月%d日}"
    for column, (label, width) in enumerate(zip(HEADER, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=5, column=column, value=label)
        cell.font, cell.border = Font(bold=True), BORDER
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    for number, figure in enumerate(figures, start=1):
        row = (
            number, figure.indicator.name, figure.indicator.unit_of_measure, _number(figure.value),
            _number(figure.last_year), _number(figure.change), _number(figure.change_percent),
        )  # fmt: skip
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=5 + number, column=column, value=value)
            cell.border = BORDER
    last = 5 + len(figures) + 2
    sheet.cell(row=last, column=1, value="审核人：")
    sheet.cell(row=last, column=4, value="单位负责人：")
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number(value):
    """Excel numbers where there is a figure (so sums work in Excel), the dash otherwise."""
    if value is None:
        return "—"
    text = plain(value)
    return int(text) if text.lstrip("-").isdigit() else float(text)
