"""The 党员花名册 as an .xlsx in the layout a branch keeps on paper: title, unit and date, bordered table."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qizhi.org.validators import mask_id_number, mask_phone

COLUMNS = (
    ("序号", 6), ("姓名", 10), ("性别", 6), ("民族", 8), ("出生日期", 14), ("年龄", 6), ("学历", 10),
    ("身份证号码", 21), ("入党日期", 14), ("转正日期", 14), ("党员类别", 10), ("所在支部", 22), ("党小组", 16),
    ("在职/退休", 9), ("联系电话", 14),
)  # fmt: skip
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _date(value) -> str:
    return date_format(value, "Y年n月j日") if value else ""


def roster_xlsx(memberships, *, title: str, show_personal: bool) -> bytes:
    """One row per current member, in the order given; personal data masked unless ``show_personal``."""
    today = timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "党员花名册"
    width = len(COLUMNS)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"] = f"{title}党员花名册"
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A2"] = f"填报日期：{_date(today)}"
    sheet["A2"].alignment = Alignment(horizontal="right")
    for column, (label, column_width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=3, column=column, value=label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(column)].width = column_width
    for number, membership in enumerate(memberships, start=1):
        person = membership.person
        values = (
            number, person.name, person.get_gender_display(), person.ethnicity, _date(person.birth_date),
            person.age_on(today) or "", person.get_education_display(),
            person.id_number if show_personal else mask_id_number(person.id_number),
            _date(membership.joined_on), _date(membership.full_on), membership.get_status_display(),
            membership.branch.name, membership.group.name if membership.group else "",
            "退休" if person.retired else "在职", person.phone if show_personal else mask_phone(person.phone),
        )  # fmt: skip
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=3 + number, column=column, value=value)
            cell.border = BORDER
            cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "C4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
