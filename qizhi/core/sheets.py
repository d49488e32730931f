"""Workbooks in the layout of a statistical report form (统计报表): a title, the 表头 (unit, period,
preparer, date), bordered column headings and a print setup. Every app's .xlsx documents use it."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADING_ROW = 5


def report_form(title: str, sheet_title: str, header, widths, *, unit: str, period: str, preparer: str):
    """A workbook and its sheet, headings on row 5; rows go from row 6 (see ``write_rows``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"] = title
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"] = f"填报单位：{unit}"
    sheet["D2"] = f"统计期间：{period}"
    sheet["A3"] = f"填表人：{preparer}"
    sheet["D3"] = f"制表日期：{timezone.localdate():%Y年%m月%d日}"
    for column, (label, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = sheet.cell(row=HEADING_ROW, column=column, value=label)
        cell.font, cell.border = Font(bold=True), BORDER
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = f"{HEADING_ROW}:{HEADING_ROW}"
    return workbook, sheet


def write_rows(sheet, rows) -> int:
    """Bordered rows under the headings; returns the last row written."""
    row_number = HEADING_ROW
    for row_number, row in enumerate(rows, start=HEADING_ROW + 1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=row_number, column=column, value=value).border = BORDER
    return row_number


def to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
