"""Statistical report forms (统计报表) as .xlsx: title, 表头 (unit, period, preparer, reviewer), bordered table.
The roll-up of a unit, and the raw monthly reports value by value."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from qizhi.statistics.models import Indicator, StatValue
from qizhi.statistics.services import Figure, plain

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER = ("序号", "指标", "计量单位", "本期", "去年同期", "增减", "增减幅度（%）")
WIDTHS = (6, 28, 10, 12, 12, 12, 14)


def _form(title: str, sheet_title: str, header, widths, *, unit: str, period: str, preparer: str):
    """A workbook whose sheet carries the form's title, 表头 and bordered column headings (row 5)."""
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
        cell = sheet.cell(row=5, column=column, value=label)
        cell.font, cell.border = Font(bold=True), BORDER
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "5:5"
    return workbook, sheet


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rollup_xlsx(unit, start, end, figures: list[Figure], *, preparer: str) -> bytes:
    workbook, sheet = _form(
        f"{unit.name}司法行政业务统计汇总表", "统计汇总", HEADER, WIDTHS, unit=unit.name,
        period=f"{start.year}年{start.month}月至{end.year}年{end.month}月", preparer=preparer,
    )  # fmt: skip
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
    return _save(workbook)


REPORT_HEADER = ("序号", "填报单位", "月份", "状态", "填表人", "审核人")
REPORT_WIDTHS = (6, 24, 10, 8, 10, 10)


def reports_xlsx(reports, *, unit_name: str, preparer: str) -> bytes:
    """Each report a row (unit, month, status, preparer, reviewer) and each indicator a column — the
    values as entered, whatever their status (the 状态 column says which are approved)."""
    reports = list(reports)
    values = StatValue.objects.filter(report__in=[r.pk for r in reports]).values_list(
        "report_id", "indicator_id", "value"
    )
    cells = {(report_id, indicator_id): value for report_id, indicator_id, value in values}
    used = {indicator_id for _report, indicator_id in cells}
    indicators = list(Indicator.objects.filter(pk__in=used).order_by("position"))
    header = REPORT_HEADER + tuple(f"{i.name}（{i.unit_of_measure}）" for i in indicators)
    months = sorted({r.month for r in reports})
    period = f"{months[0].year}年{months[0].month}月至{months[-1].year}年{months[-1].month}月" if months else "—"
    workbook, sheet = _form(
        "司法行政业务月度统计报表明细", "报表明细", header, REPORT_WIDTHS + (12,) * len(indicators),
        unit=unit_name, period=period, preparer=preparer,
    )  # fmt: skip
    for number, report in enumerate(reports, start=1):
        row = [
            number, report.unit.name, f"{report.month.year}年{report.month.month}月", report.get_status_display(),
            report.preparer, report.reviewer,
        ]  # fmt: skip
        row += [_number(cells[(report.pk, i.pk)]) if (report.pk, i.pk) in cells else "" for i in indicators]
        for column, value in enumerate(row, start=1):
            sheet.cell(row=5 + number, column=column, value=value).border = BORDER
    sheet.freeze_panes = "C6"
    return _save(workbook)


def _number(value):
    """Excel numbers where there is a figure (so sums work in Excel), the dash otherwise."""
    if value is None:
        return "—"
    text = plain(value)
    return int(text) if text.lstrip("-").isdigit() else float(text)
