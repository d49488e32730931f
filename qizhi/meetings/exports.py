"""Attendance sheets and the compliance table as .xlsx files in the layout of a paper form."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from qizhi.meetings.services import ComplianceReport

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _title(sheet, text: str, columns: str) -> None:
    sheet.merge_cells(f"A1:{columns}1")
    sheet["A1"] = text
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")


def _table(sheet, first_row: int, header: tuple, widths: tuple, rows: list[tuple]) -> int:
    for column, (label, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = sheet.cell(row=first_row, column=column, value=label)
        cell.font, cell.border, cell.alignment = Font(bold=True), BORDER, Alignment(horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=first_row + offset, column=column, value=value).border = BORDER
    return first_row + len(rows)


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attendance_xlsx(meeting, rows: list, summary: dict) -> bytes:
    """签到表: the meeting's particulars, one row per participant, and the totals."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "签到表"
    _title(sheet, f"{meeting.organizer}{meeting.get_kind_display()}签到表", "E")
    sheet["A2"] = f"会议主题：{meeting.topic}"
    when = meeting.date.strftime("%Y年%m月%d日") + (f" {meeting.start_time:%H:%M}" if meeting.start_time else "")
    sheet["A3"] = f"时间：{when}"
    sheet["D3"] = f"地点：{meeting.place}"
    sheet["A4"] = f"主持人：{meeting.host or ''}"
    sheet["D4"] = f"记录人：{meeting.recorder or ''}"
    body = [(n, row.person.name, row.person.unit.name, row.describe(), row.note) for n, row in enumerate(rows, start=1)]
    last = _table(sheet, 6, ("序号", "姓名", "单位", "出席情况", "备注"), (6, 12, 24, 16, 24), body)
    rate = "—" if summary["rate"] is None else f"{summary['rate']}%"
    sheet.cell(
        row=last + 2,
        column=1,
        value=(
            f"应到{summary['expected']}人，实到{summary['present'] + summary['late']}人"
            f"（迟到{summary['late']}人），缺席{summary['absent']}人（未请假{summary['unexcused']}人），出席率{rate}"
        ),
    )
    return _bytes(workbook)


def compliance_xlsx(unit, report: ComplianceReport) -> bytes:
    """组织生活落实情况表: one row per organization, with what it missed."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "落实情况"
    _title(sheet, f"{unit.name}“三会一课”等组织生活落实情况表", "H")
    sheet["A2"] = f"统计期间：{report.period.label}"
    sheet["E2"] = f"制表日期：{timezone.localdate():%Y年%m月%d日}"
    body = [
        (
            n, o.org.name, o.due, o.held, o.missing,
            _rate(o.compliance_rate), _rate(o.attendance_rate),
            "；".join(f"{i.period.label}{i.rule.label}" for i in o.missing_items),
        )
        for n, o in enumerate(report.orgs, start=1)
    ]  # fmt: skip
    body.append(
        ("", "合计", report.due, report.held, report.missing, _rate(report.compliance_rate),
         _rate(report.attendance_rate), "")
    )  # fmt: skip
    header = ("序号", "党组织", "应召开", "已召开", "未召开", "落实率（%）", "参会率（%）", "未召开的会议")
    last = _table(sheet, 4, header, (6, 26, 9, 9, 9, 12, 12, 60), body)
    if report.absentees:
        sheet.cell(row=last + 2, column=1, value="连续无故缺席的党员：")
        for n, a in enumerate(report.absentees, start=1):
            sheet.cell(
                row=last + 2 + n, column=2, value=f"{a.person.name}：连续{a.run}次，最近{a.last_date:%Y年%m月%d日}"
            )
    sheet.page_setup.orientation = "landscape"
    return _bytes(workbook)


def _rate(value):
    return "—" if value is None else value
