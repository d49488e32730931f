"""The one .xlsx writer every export uses: workbooks in the layout of a statistical report form (统计报表)
and import templates.

A report form has a title, the 表头 (填报单位, 期间, 填表人, 审核人, 制表日期), a line naming who exported
it and when (the 水印 of a personal-data export), bordered column headings repeated on every printed page,
and a print setup: A4, landscape when the columns are wider than a portrait page, fitted to the page width,
page numbers in the footer.

Every value goes through ``put``: numbers stay numbers, dates become date cells shown as 2026年12月3日,
columns marked as text (ID numbers, phone numbers) are text cells formatted as text, and text that a
spreadsheet would run as a formula (beginning with = + - @, a tab or a carriage return) is stored as a text
cell with Excel's quote prefix — never as a formula (issue 10 §3). ``to_bytes`` checks every cell once more,
so a caller that wrote a cell directly cannot smuggle a formula out. This writer writes no formulas at all.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADING_ROW = 5
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
TEXT_FORMAT = "@"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PORTRAIT_WIDTH = 95  # column-width units that fit across a portrait A4 page at 100%
PAGE_FOOTER = "第 &P 页，共 &N 页"


MISSING = "—"  # a figure a report form has no value for


def number_or_dash(value):
    """A figure for a report-form cell: the number itself (``put`` writes a Decimal as an Excel number,
    so sums work in Excel), or the dash where there is none."""
    return MISSING if value is None else value


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula (or a DDE command)."""
    return text.startswith(FORMULA_PREFIXES)


def put(sheet: Worksheet, row: int, column: int, value, *, text: bool = False):
    """Write one value safely (see the module docstring); returns the cell."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        cell.value = None
    elif text:
        _set_text(cell, _plain_text(value))
        cell.number_format = TEXT_FORMAT
    elif isinstance(value, bool):
        cell.value = "是" if value else "否"
    elif isinstance(value, Decimal):
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell.value = local.replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        _set_text(cell, str(value))
    return cell


def _plain_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _set_text(cell, text: str) -> None:
    cell.value = text
    if cell.data_type != "s" or is_formula_like(text):
        cell.data_type = "s"  # openpyxl would otherwise store text beginning with "=" as a formula
        cell.quotePrefix = True  # and Excel shows it as typed, never evaluating it


def watermark(user, at: datetime.datetime | None = None) -> str:
    """The 水印 line of an export: who took it and when."""
    at = timezone.localtime(at or timezone.now())
    name = (getattr(user, "first_name", "") or getattr(user, "username", "")) if user else ""
    return f"导出人：{name}　导出时间：{at:%Y年%m月%d日 %H:%M}"


@dataclass
class ReportForm:
    """A report-form sheet being written: rows go under the headings with ``add_rows``."""

    workbook: Workbook
    sheet: Worksheet
    text_columns: frozenset[int] = field(default_factory=frozenset)
    next_row: int = HEADING_ROW + 1

    def add_rows(self, rows: Iterable[Sequence]) -> int:
        """Bordered rows under the headings; returns the last row written."""
        last = self.next_row - 1
        for values in rows:
            last = self.next_row
            for column, value in enumerate(values, start=1):
                put(self.sheet, last, column, value, text=column in self.text_columns).border = BORDER
            self.next_row += 1
        return last

    def note(self, text: str, *, column: int = 1, gap: int = 1) -> int:
        """A line of text below the table (a total, 审核人：…); returns its row."""
        self.next_row += gap
        row = self.next_row
        put(self.sheet, row, column, text)
        self.next_row += 1
        return row

    def to_bytes(self) -> bytes:
        return to_bytes(self.workbook)


def new_report(
    title: str,
    sheet_title: str,
    header: Sequence[str],
    widths: Sequence[float],
    *,
    unit: str = "",
    period: str = "",
    preparer: str = "",
    reviewer: str | None = None,
    mark: str = "",
    text_columns: Iterable[int] = (),
    freeze: str | None = None,
    particulars: Sequence[Sequence[str]] = (),
    period_label: str = "统计期间",
) -> ReportForm:
    """A report-form sheet, headings on row 5; rows go from row 6 (``ReportForm.add_rows``).
    ``text_columns`` are 1-based columns written as text (ID and phone numbers); ``mark`` is the 水印 line;
    ``particulars`` are rows of further 表头 lines (a meeting's topic, place…) that push the headings down."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    count = len(header)
    middle = min(4, max(2, count // 2 + 1))  # the 表头's second column (D on a wide form)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
    put(sheet, 1, 1, title).font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    put(sheet, 2, 1, f"填报单位：{unit}")
    put(sheet, 2, middle, f"{period_label}：{period}" if period else "")
    put(sheet, 3, 1, f"填表人：{preparer}")
    if reviewer is not None:
        put(sheet, 3, middle, f"审核人：{reviewer}")
    put(sheet, 3, count if count > middle else middle + 1, f"制表日期：{timezone.localdate():%Y年%m月%d日}")
    if mark:
        put(sheet, 4, 1, mark).font = Font(color="808080", size=9)
        sheet.oddHeader.right.text = mark.replace("&", "&&")
    for offset, line in enumerate(particulars):
        for part, text in enumerate(line):
            put(sheet, HEADING_ROW + offset, 1 if part == 0 else middle, text)
    heading = HEADING_ROW + len(particulars)
    for column, (label, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = put(sheet, heading, column, label)
        cell.font, cell.border = Font(bold=True), BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    text = frozenset(text_columns)
    for column in text:  # cells typed in later stay text too (an ID number never turns into 1.2E+17)
        sheet.column_dimensions[get_column_letter(column)].number_format = TEXT_FORMAT
    print_setup(sheet, landscape=sum(widths) > PORTRAIT_WIDTH, title_rows=f"{heading}:{heading}")
    sheet.freeze_panes = freeze or f"A{heading + 1}"
    return ReportForm(workbook, sheet, text, heading + 1)


def report_form(title: str, sheet_title: str, header: Sequence[str], widths: Sequence[float], **options):
    """``new_report`` as a workbook and its sheet (write rows with ``write_rows``)."""
    form = new_report(title, sheet_title, header, widths, **options)
    return form.workbook, form.sheet


def print_setup(sheet: Worksheet, *, landscape: bool, title_rows: str | None = None) -> None:
    """A4, orientation, fitted to the page width (as many pages down as needed), page numbers."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.oddFooter.center.text = PAGE_FOOTER
    if title_rows:
        sheet.print_title_rows = title_rows


def write_rows(sheet: Worksheet, rows, *, text_columns: Iterable[int] = ()) -> int:
    """Bordered rows under the headings of a ``report_form`` sheet; returns the last row written."""
    return ReportForm(sheet.parent, sheet, frozenset(text_columns)).add_rows(rows)


def dataset_xlsx(dataset, *, title: str, unit: str, preparer: str, mark: str = "", text_headers=()) -> bytes:
    """A django-import-export dataset (a roster) as a report form, with a 序号 column."""
    headers = list(dataset.headers or [])
    widths = [6] + [max(8, min(30, 2 * len(str(h)) + 4)) for h in headers]
    text = [number for number, h in enumerate(headers, start=2) if h in set(text_headers)]
    form = new_report(
        title, str(title)[:31], ["序号", *headers], widths, unit=unit, preparer=preparer, mark=mark,
        text_columns=text, freeze="C6",
    )  # fmt: skip
    form.add_rows((number, *row) for number, row in enumerate(dataset, start=1))
    return form.to_bytes()


def to_bytes(workbook: Workbook) -> bytes:
    """The file, after a last pass that turns any formula-looking cell into text and sets A4 everywhere."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (cell.data_type == "f" or is_formula_like(cell.value)):
                    _set_text(cell, cell.value)
        if sheet.page_setup.paperSize is None:
            sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- import templates ---


@dataclass(frozen=True)
class TemplateColumn:
    """A column of an import template: its Chinese header, the choices offered in a drop-down, whether
    it is text (ID numbers), whether the import requires it, and what the sample row shows."""

    label: str
    sample: object = ""
    choices: Sequence[str] = ()
    text: bool = False
    required: bool = False
    width: float = 14
    hint: str = ""


def import_template(columns: Sequence[TemplateColumn], *, one_row: str, notes: Sequence[str] = ()) -> bytes:
    """An import template: headers on row 1 of the first sheet (where the import reads them), one sample
    row, drop-downs for choice columns, text columns formatted as text, and a second sheet 填写说明."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "导入数据"
    options = workbook.create_sheet("选项")
    guide = workbook.create_sheet("填写说明")
    sample_font = Font(color="808080", italic=True)
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        heading = put(sheet, 1, number, column.label)
        heading.font = Font(bold=True, color="C00000" if column.required else "000000")
        heading.fill = PatternFill("solid", fgColor="F2F2F2")
        heading.border = BORDER
        put(sheet, 2, number, column.sample, text=column.text).font = sample_font
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
            for row in range(3, 1002):  # formatted ahead, so that typed digits stay text
                sheet.cell(row=row, column=number).number_format = TEXT_FORMAT
        if column.choices:
            for offset, choice in enumerate(column.choices, start=1):
                put(options, offset, number, str(choice))
            source = f"{quote_sheetname(options.title)}!${letter}$1:${letter}${len(column.choices)}"
            validation = DataValidation(type="list", formula1=source, allow_blank=not column.required)
            validation.error = f"请从下拉列表中选择{column.label}"
            validation.errorTitle = column.label
            validation.showErrorMessage = True
            validation.add(f"{letter}2:{letter}1001")
            sheet.add_data_validation(validation)
    options.sheet_state = "hidden"
    sheet.freeze_panes = "A2"
    print_setup(sheet, landscape=sum(c.width for c in columns) > PORTRAIT_WIDTH, title_rows="1:1")
    _write_guide(guide, columns, one_row=one_row, notes=notes)
    return to_bytes(workbook)


def _write_guide(sheet: Worksheet, columns: Sequence[TemplateColumn], *, one_row: str, notes: Sequence[str]) -> None:
    lines = [
        "填写说明",
        f"每一行是{one_row}。",
        "第1行是列名，请勿修改；第2行是示例（灰色斜体），导入前请改写或删除。",
        "红色列名为必填列；有下拉箭头的列请从下拉列表中选择。",
        *notes,
        "",
        "各列说明：",
    ]
    for column in columns:
        parts = [column.label, "（必填）" if column.required else "（选填）"]
        if column.choices and len(column.choices) <= 12:
            parts.append("可选：" + "、".join(str(c) for c in column.choices))
        if column.hint:
            parts.append(column.hint)
        lines.append(" ".join(parts))
    for row, line in enumerate(lines, start=1):
        put(sheet, row, 1, line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 100
    print_setup(sheet, landscape=False)
