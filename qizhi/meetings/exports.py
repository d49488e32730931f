"""Attendance sheets and the compliance table as .xlsx files in the layout of a paper form."""

from __future__ import annotations

from qizhi.core.sheets import new_report
from qizhi.meetings.services.compliance import ComplianceReport

ATTENDANCE_HEADER = ("序号", "姓名", "单位", "出席情况", "签名", "备注")
ATTENDANCE_WIDTHS = (6, 12, 24, 14, 18, 20)


def attendance_xlsx(meeting, rows: list, summary: dict, *, preparer: str = "", mark: str = "") -> bytes:
    """签到表: the meeting's particulars, one row per participant with room to sign, and the totals."""
    when = meeting.date.strftime("%Y年%m月%d日") + (f" {meeting.start_time:%H:%M}" if meeting.start_time else "")
    form = new_report(
        f"{meeting.organizer}{meeting.get_kind_display()}签到表", "签到表", ATTENDANCE_HEADER, ATTENDANCE_WIDTHS,
        unit=str(meeting.organizer), period=when, period_label="时间", preparer=preparer, mark=mark,
        particulars=[
            (f"会议主题：{meeting.topic}", f"地点：{meeting.place}"),
            (f"主持人：{meeting.host or ''}", f"记录人：{meeting.recorder or ''}"),
        ],
    )  # fmt: skip
    first = form.next_row
    form.add_rows(
        (n, row.person.name, row.person.unit.name, row.describe(), "", row.note) for n, row in enumerate(rows, start=1)
    )
    for row in range(first, form.next_row):
        form.sheet.row_dimensions[row].height = 28  # room for a handwritten signature
    rate = "—" if summary["rate"] is None else f"{summary['rate']}%"
    form.note(
        f"应到{summary['expected']}人，实到{summary['present'] + summary['late']}人"
        f"（迟到{summary['late']}人），缺席{summary['absent']}人（未请假{summary['unexcused']}人），出席率{rate}"
    )
    return form.to_bytes()


COMPLIANCE_HEADER = ("序号", "党组织", "应召开", "已召开", "未召开", "落实率（%）", "参会率（%）", "未召开的会议")
COMPLIANCE_WIDTHS = (6, 26, 9, 9, 9, 12, 12, 60)


def compliance_xlsx(unit, report: ComplianceReport, *, preparer: str = "", mark: str = "") -> bytes:
    """组织生活落实情况表: one row per organization, with what it missed."""
    form = new_report(
        f"{unit.name}“三会一课”等组织生活落实情况表", "落实情况", COMPLIANCE_HEADER, COMPLIANCE_WIDTHS,
        unit=unit.name, period=report.period.label, preparer=preparer, mark=mark,
    )  # fmt: skip
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
    form.add_rows(body)
    if report.absentees:
        form.note("连续无故缺席的党员：")
        for a in report.absentees:
            form.note(f"{a.person.name}：连续{a.run}次，最近{a.last_date:%Y年%m月%d日}", column=2, gap=0)
    return form.to_bytes()


def _rate(value):
    return "—" if value is None else value
