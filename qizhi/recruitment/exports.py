"""The 发展党员档案 checklist of one person as a report-form workbook."""

from __future__ import annotations

from qizhi.core.sheets import report_form, to_bytes, write_rows
from qizhi.recruitment import services
from qizhi.recruitment.models import Applicant

HEADER = ["序号", "程序", "日期", "记载"]
WIDTHS = [6, 26, 30, 48]


def archive_xlsx(applicant: Applicant, *, preparer: str, mark: str = "") -> bytes:
    title = f"{applicant.person.name}发展党员档案材料目录"
    workbook, sheet = report_form(
        title, "发展党员档案", HEADER, WIDTHS, unit=applicant.branch.name, preparer=preparer, mark=mark
    )
    rows = [[number, step, day, what] for number, (step, day, what) in enumerate(services.checklist(applicant), 1)]
    write_rows(sheet, rows, text_columns=(2, 3, 4))
    return to_bytes(workbook)
