"""Starter templates: the built-in layout of a narrative document (the official writer) with the kind's
variables in place of its words, to download, edit in Word and upload (``user_templates``)."""

from __future__ import annotations

import datetime

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from qizhi.documents import fonts
from qizhi.documents.choices import TemplateKind
from qizhi.documents.official import OfficialDocument, _off_the_grid, chinese_date, styled
from qizhi.documents.template_variables import TABLES

PLACEHOLDER_DAY = datetime.date(2099, 1, 1)  # written by the writer, then replaced by the date variable
DATE = "{{ 成文日期|中文日期 }}"

YEAR_SUMMARY_WIDTHS = [24, 12, 40, 16, 14, 16, 11, 11, 11]
# The headings the built-in branch report prints over its tables (their variables' columns: template_variables.TABLES).
BRANCH_HEADERS = {
    "组织生活": ["党组织", "会议", "应开（次）", "已开（次）", "未开（次）"],
    "学习教育": ["学习计划", "必学资料（项）", "参学人数", "已完成人数", "完成率（%）"],
    "党费收缴": ["月份", "党员人数", "已交人数", "应交（元）", "实交（元）"],
}


def _loop_table(document: OfficialDocument, variable: str, columns: list[str], header: list[str], widths=None):
    """A table whose body row repeats for each row of ``variable`` (docxtpl's ``{%tr %}`` rows vanish)."""
    blank = [""] * (len(columns) - 1)
    rows = [
        [f"{{%tr for 行 in {variable} %}}", *blank],
        [f"{{{{ 行.{column} }}}}" for column in columns],
        ["{%tr endfor %}", *blank],
    ]
    document.table(header, rows, widths_mm=widths)


def _picture_line(document: OfficialDocument, variable: str) -> None:
    """A paragraph for a chart, single-spaced and off the line grid as the writer's pictures are (the body's
    exact line height would crop a picture to one line)."""
    paragraph = document._paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _off_the_grid(paragraph)
    styled(paragraph.add_run(f"{{{{ {variable} }}}}"), fonts.BODY)


def _dates_to_variable(document: OfficialDocument) -> None:
    placeholder = chinese_date(PLACEHOLDER_DAY)
    for text in document.document.element.body.iter(qn("w:t")):
        if text.text and placeholder in text.text:
            text.text = text.text.replace(placeholder, DATE)


def year_summary_starter() -> OfficialDocument:
    document = OfficialDocument()
    document.masthead("{{ 单位 }}文件")
    number_line = document.document.paragraphs[3]  # the writer's 发文字号 line, above the red rule
    styled(number_line.add_run("{{ 发文字号 }}"), fonts.BODY)
    document.title("{{ 标题 }}")
    for heading in ("队伍基本情况", "目标管理工作", "组织生活", "业务工作"):
        document.heading(heading, 1)
        document.paragraph(f"{{{{ {heading} }}}}")
        if heading == "目标管理工作":
            _picture_line(document, "目标灯图")
            document.paragraph("{%p if 考核表 %}")
            document.paragraph("所属单位目标考核情况见下表。")
            columns = TABLES["目标管理工作"][1]
            _loop_table(document, "考核表", columns, columns, YEAR_SUMMARY_WIDTHS)
            document.paragraph("{%p endif %}")
        if heading == "业务工作":
            _picture_line(document, "业务图")
    document.signature("{{ 单位 }}", PLACEHOLDER_DAY)
    document.imprint(copies_to=["{{ 上级单位 }}"], printer="{{ 单位 }}办公室", printed_on=PLACEHOLDER_DAY)
    return document


def branch_report_starter() -> OfficialDocument:
    document = OfficialDocument()
    document.title("{{ 标题 }}")
    document.addressee("{{ 上级党组织 }}")
    for heading in ("支部基本情况", "组织生活", "学习教育", "党费收缴"):
        document.heading(heading, 1)
        document.paragraph(f"{{{{ {heading} }}}}")
        if heading in BRANCH_HEADERS:
            variable, columns = TABLES[heading]
            document.paragraph(f"{{%p if {variable} %}}")
            _loop_table(document, variable, columns, BRANCH_HEADERS[heading])
            document.paragraph("{%p endif %}")
    document.signature("{{ 党组织 }}", PLACEHOLDER_DAY)
    document.imprint(copies_to=["{{ 上级党组织 }}"], printer="{{ 党组织 }}", printed_on=PLACEHOLDER_DAY)
    return document


def _copies_only_if_any(document: OfficialDocument) -> None:
    """The 抄送 line only when there is someone to copy to: a root unit has no parent (it printed "抄送：。")."""
    for text in document.document.element.body.iter(qn("w:t")):
        line = text.text or ""
        if line.startswith("抄送：{{ ") and line.endswith(" }}。"):
            variable = line[len("抄送：{{ ") : -len(" }}。")]
            text.text = f"{{% if {variable} %}}{line}{{% endif %}}"


def starter_docx(kind: str) -> bytes:
    document = year_summary_starter() if kind == TemplateKind.YEAR_SUMMARY else branch_report_starter()
    _dates_to_variable(document)
    _copies_only_if_any(document)
    return document.to_bytes()
