"""Word documents in the layout of GB/T 9704-2012 (党政机关公文格式), written with python-docx.

The page: A4, margins 37 mm (top) / 35 mm (bottom) / 28 mm (left) / 26 mm (right), so a text block of
156 × 225 mm that holds 22 lines of 28 characters of 三号 (16 pt) type: the lines are set exactly
225 mm / 22 apart and the document grid says the same to Word. The title is 二号 方正小标宋简体, the body
三号 仿宋_GB2312, headings 黑体 (一、), 楷体 (（一）), 仿宋 (1. and （1）). The 版头 carries the red
发文机关标志, the 发文字号 (normalised to 〔2026〕3号) and the red line; page numbers are 四号 “— 1 —”,
right on odd pages and left on even pages, one character from the edge; the 版记 closes the document
between black rules.

python-docx sets only the Latin font of a run (``w:ascii``/``w:hAnsi``); Chinese text is drawn with
``w:eastAsia``, so ``styled`` sets it on every run (and the Normal style), or Word would fall back to
its default East Asian font.
"""

from __future__ import annotations

import copy
import datetime
import io
import re

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from qizhi.documents import fonts

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES, CHARS = 22, 28
BODY = Pt(16)  # 三号
TITLE = Pt(22)  # 二号
SMALL = Pt(14)  # 四号: page numbers and the 版记
TABLE = Pt(12)  # 小四: tables
MARK = Pt(42)  # 发文机关标志 (the standard leaves its size to the issuer, at most 22 × 15 mm per character)
TEXT_HEIGHT_PT = (PAGE_HEIGHT - TOP - BOTTOM) / 12700  # EMU → pt: 637.8 pt
TEXT_WIDTH_PT = (PAGE_WIDTH - LEFT - RIGHT) / 12700  # 442.2 pt
LINE_PITCH = Pt(TEXT_HEIGHT_PT / LINES)  # 28.99 pt: 22 lines fill the text block
TEXT_WIDTH_MM = 210 - 28 - 26
CHAR_PITCH_PT = TEXT_WIDTH_PT / CHARS  # 15.79 pt: 28 characters fill a line
BODY_CONDENSE = -5  # twentieths of a point per character: 28 × (16 − 0.25) pt fits the 442 pt line
RED = RGBColor(0xFF, 0x00, 0x00)
CHINESE_NUMERALS = "一二三四五六七八九十"

NUMBER = re.compile(
    r"^\s*(?P<prefix>[^\[［〔(（【]*?)\s*[\[［〔(（【]\s*(?P<year>\d{4})\s*[\]］〕)）】]\s*第?\s*(?P<n>\d{1,6})\s*号\s*$"
)


def document_number(text: str) -> str:
    """A 发文字号 in the standard's form: ``云司发[2026]03号`` → ``云司发〔2026〕3号``."""
    match = NUMBER.match(text or "")
    if not match or int(match["n"]) == 0:
        raise ValueError("发文字号应写成“机关代字〔年份〕序号号”，如“云司发〔2026〕3号”")
    return f"{match['prefix'].strip()}〔{match['year']}〕{int(match['n'])}号"


def chinese_date(day: datetime.date) -> str:
    """成文日期 in Arabic numerals, as the 2012 standard writes it: 2026年12月3日."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def text_width(text: str) -> float:
    """Width in characters: a Chinese character is one, a digit or Latin letter half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def styled(run, family: str, size=BODY, *, bold: bool = False, color: RGBColor | None = None):
    """Font of a run, the East Asian font included; body-size text condensed to 28 characters a line."""
    run.font.name = family
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    if size == BODY:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(BODY_CONDENSE))
        properties = run._element.get_or_add_rPr()
        later = [properties.find(qn(f"w:{tag}")) for tag in ("w", "kern", "position", "sz", "szCs")]
        later = [element for element in later if element is not None]
        if later:  # the schema's order: spacing comes before the size
            later[0].addprevious(spacing)
        else:
            properties.append(spacing)
    fonts_element = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
        fonts_element.set(qn(attribute), family)
    return run


# The children of a paragraph's properties in the schema's order (Word refuses a file that breaks it).
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip


def _insert_ordered(properties, element):
    """Insert ``element`` into a ``w:pPr`` where the schema puts it."""
    tag = element.tag.split("}")[1]
    successors = [f"w:{t}" for t in PPR_ORDER[PPR_ORDER.index(tag) + 1 :]]
    return properties.insert_element_before(element, *successors)


def _off_the_grid(paragraph) -> None:
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    _insert_ordered(paragraph._p.get_or_add_pPr(), snap)


def _border(paragraph, edge: str, *, color: str = "000000", size: int = 8, space: int = 1) -> None:
    """A rule along one edge of a paragraph (``size`` in eighths of a point)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = _insert_ordered(properties, OxmlElement("w:pBdr"))
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    borders.append(line)


def _field(paragraph, instruction: str, family: str, size) -> None:
    """A Word field (PAGE) in a paragraph."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        run = styled(paragraph.add_run(), family, size)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run._element.append(element)
        elif kind == "text":
            run.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._element.append(element)


def _format_row(row, values: list, family: str, widths_mm: list[float]) -> None:
    """A table row's cells: one centred run each, single-spaced, in ``family`` 小四."""
    for cell, value, width in zip(row.cells, values, widths_mm, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _off_the_grid(paragraph)  # a cell's lines are set single, not on the body's 22-line grid
        styled(paragraph.add_run("" if value is None else str(value)), family, TABLE)
        cell.width = Mm(width)


def _copy_row(model, values: list):
    """A copy of the ``w:tr`` ``model`` (one run in each cell) with the runs' texts set to ``values``."""
    row = copy.deepcopy(model)
    for run, value in zip(list(row.iter(qn("w:r"))), values, strict=True):
        run.text = "" if value is None else str(value)  # python-docx's CT_R: tabs and breaks as Word writes them
    return row


IMPRINT_HEAVY, IMPRINT_LIGHT = 8, 4  # eighths of a point: the 版记's outer rules 1 pt, the inner ones 0.5 pt


def _bottom_box_xml(height) -> str:
    """A ``w:drawing``: a borderless text box as wide as the text block, its bottom on the bottom margin,
    text above it and none beside it (``wrapTopAndBottom``), its text set from its bottom edge."""
    width, height = int(PAGE_WIDTH - LEFT - RIGHT), int(height)
    return f"""<w:drawing {nsdecls("w", "wp", "a")}
      xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
      <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0"
        locked="1" layoutInCell="1" allowOverlap="0">
        <wp:simplePos x="0" y="0"/>
        <wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>
        <wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
        <wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
        <wp:wrapTopAndBottom/><wp:docPr id="9704" name="版记"/><wp:cNvGraphicFramePr/>
        <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
          <wps:wsp><wps:cNvSpPr txBox="1"/>
            <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>
              <a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
            <wps:txbx><w:txbxContent/></wps:txbx>
            <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b">
              <a:noAutofit/></wps:bodyPr>
          </wps:wsp>
        </a:graphicData></a:graphic>
      </wp:anchor></w:drawing>"""


class OfficialDocument:
    """One document being written, top to bottom: ``masthead``, ``title``, ``addressee``, ``heading`` /
    ``paragraph`` / ``table``, ``signature``, ``imprint``; then ``to_bytes``."""

    def __init__(self):
        self.document = Document()
        self._counters = [0, 0, 0, 0]
        self._page()
        self._normal_style()
        self._page_numbers()

    # --- page, style and page numbers ---

    def _page(self) -> None:
        section = self.document.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = TOP, BOTTOM
        section.left_margin, section.right_margin = LEFT, RIGHT
        section.header_distance = Mm(15)
        section.footer_distance = Mm(21)  # the number's baseline about 7 mm below the text block
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        # A line grid only: a character grid is laid out differently by Word and LibreOffice (LibreOffice
        # spreads the characters to twice the pitch); 28 characters come from the body's character spacing.
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))  # twentieths of a point
        for attribute in ("w:charSpace",):
            grid.attrib.pop(qn(attribute), None)

    def _normal_style(self) -> None:
        style = self.document.styles["Normal"]
        style.font.name, style.font.size = fonts.BODY, BODY
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts.BODY)
        form = style.paragraph_format
        form.line_spacing_rule, form.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
        form.space_before = form.space_after = Pt(0)
        form.widow_control = False

    def _page_numbers(self) -> None:
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
            indent = Pt(SMALL.pt)  # one character from the edge of the text block
            if odd:
                paragraph.paragraph_format.right_indent = indent
            else:
                paragraph.paragraph_format.left_indent = indent
            styled(paragraph.add_run("— "), fonts.SONG, SMALL)
            _field(paragraph, " PAGE ", fonts.SONG, SMALL)
            styled(paragraph.add_run(" —"), fonts.SONG, SMALL)

    # --- the parts of a document ---

    def _paragraph(
        self, text: str = "", *, family: str = fonts.BODY, size=BODY, align=None, indent_chars=0, bold=False
    ):
        paragraph = self.document.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent_chars:
            paragraph.paragraph_format.first_line_indent = Pt(indent_chars * size.pt)
        if text:
            styled(paragraph.add_run(text), family, size, bold=bold)
        return paragraph

    def masthead(self, issuer_mark: str, number: str | None = None) -> None:
        """版头: the red 发文机关标志 (e.g. ``云溪县司法局文件``), the 发文字号 and the red line."""
        mark = self._paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
        mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        mark.paragraph_format.line_spacing = Pt(MARK.pt * 1.2)
        styled(mark.add_run(issuer_mark), fonts.TITLE, MARK, color=RED)
        self._paragraph()
        self._paragraph()
        line = self._paragraph(document_number(number) if number else "", align=WD_ALIGN_PARAGRAPH.CENTER)
        _border(line, "bottom", color="FF0000", size=12, space=12)  # the red line, 4 mm under the number
        self._paragraph()

    def title(self, text: str) -> None:
        """The title, 二号 方正小标宋简体, centred, a blank line under it."""
        paragraph = self._paragraph(text, family=fonts.TITLE, size=TITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        paragraph.paragraph_format.line_spacing = LINE_PITCH
        self._paragraph()

    def addressee(self, text: str) -> None:
        """主送机关, flush left, ending with a full-width colon."""
        self._paragraph(text.rstrip("：:") + "：")

    def heading(self, text: str, level: int = 1) -> None:
        """A numbered heading: 一、(黑体), （一）(楷体), 1.(仿宋), （1）(仿宋)."""
        self._counters[level - 1] += 1
        self._counters[level:] = [0] * (4 - level)
        n = self._counters[level - 1]
        label, family = {
            1: (f"{chinese_numeral(n)}、", fonts.HEI),
            2: (f"（{chinese_numeral(n)}）", fonts.KAI),
            3: (f"{n}.", fonts.BODY),
            4: (f"（{n}）", fonts.BODY),
        }[level]
        self._paragraph(label + text, family=family, indent_chars=2, bold=level == 3)

    def paragraph(self, text: str) -> None:
        """Body text, 三号 仿宋, indented two characters, justified."""
        self._paragraph(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2)

    def table(self, header: list[str], rows: list[list], *, widths_mm: list[float] | None = None) -> None:
        """A bordered table in 小四 仿宋 (headings 黑体), centred on the text block, headings repeated.

        python-docx takes about 2 ms a row through its cell objects (a county's 目标责任书 of 2,430 rows: 4.6 s,
        50 s on a loaded machine), so only the heading row and one body row are formatted through its API;
        every data row is a copy of that row's XML with its runs' texts set."""
        widths_mm = widths_mm or [TEXT_WIDTH_MM / len(header)] * len(header)
        table = self.document.add_table(rows=2 if rows else 1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        repeat = OxmlElement("w:tblHeader")  # the headings repeat on every page the table runs onto
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        _format_row(table.rows[0], header, fonts.HEI, widths_mm)
        if rows:
            model = table.rows[1]
            _format_row(model, [""] * len(header), fonts.BODY, widths_mm)
            model._tr.getparent().remove(model._tr)
            for values in rows:
                table._tbl.append(_copy_row(model._tr, values))
        self._paragraph()

    def picture(self, image: bytes, width_mm: float) -> None:
        """An image centred on its own line, a blank line under it. Its paragraph is single-spaced and off the
        22-line grid: the body's exact line height would crop a picture to one line."""
        paragraph = self._paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _off_the_grid(paragraph)
        paragraph.add_run().add_picture(io.BytesIO(image), width=Mm(width_mm))
        self._paragraph()

    def signature(self, organ: str, day: datetime.date) -> None:
        """发文机关署名 and 成文日期: the date four characters from the right, the organ centred above it."""
        self._paragraph()
        self._paragraph()
        date_text = chinese_date(day)
        offset = 4 + (text_width(date_text) - text_width(organ)) / 2
        organ_paragraph = self._paragraph(organ, align=WD_ALIGN_PARAGRAPH.RIGHT)
        organ_paragraph.paragraph_format.right_indent = Pt(max(0, offset) * CHAR_PITCH_PT)
        date_paragraph = self._paragraph(date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        date_paragraph.paragraph_format.right_indent = Pt(4 * CHAR_PITCH_PT)

    def imprint(self, *, copies_to: list[str], printer: str, printed_on: datetime.date) -> None:
        """版记: 抄送 and 印发机关和印发日期, in 四号 仿宋, between rules — the first and last heavier — pinned to the
        bottom of the last page's text block, as the standard places it: the lines sit in a text box anchored
        to the bottom margin, and the page's text flows above it (paragraph frames and floating tables are
        laid out inline by LibreOffice; an anchored text box is placed by Word and LibreOffice alike)."""
        lines = [f"抄送：{'，'.join(copies_to)}。"] if copies_to else []
        count = len(lines) + 1
        paragraphs = []
        for index, text in enumerate([*lines, None]):
            paragraph = self._paragraph(size=SMALL)
            form = paragraph.paragraph_format
            form.left_indent = form.right_indent = Pt(SMALL.pt)
            if text is None:  # the 印发 line: the organ on the left, the date on the right
                form.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_PT - 2 * SMALL.pt), WD_TAB_ALIGNMENT.RIGHT)
                text = f"{printer}\t{chinese_date(printed_on)}印发"
            styled(paragraph.add_run(text), fonts.BODY, SMALL)
            if index == 0:
                _border(paragraph, "top", size=IMPRINT_HEAVY, space=0)
            _border(paragraph, "bottom", size=IMPRINT_HEAVY if index == count - 1 else IMPRINT_LIGHT, space=0)
            paragraphs.append(paragraph)
        self._at_the_bottom(paragraphs)

    def _at_the_bottom(self, paragraphs: list) -> None:
        """``paragraphs`` moved into a text box pinned to the bottom of the last page's text block."""
        anchor = self.document.add_paragraph()
        anchor.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        anchor.paragraph_format.line_spacing = Pt(1)  # a hairline: it never starts a page of its own
        box = parse_xml(_bottom_box_xml(Pt(len(paragraphs) * LINE_PITCH.pt + 2)))
        content = box.find(".//" + qn("w:txbxContent"))
        for paragraph in paragraphs:
            content.append(paragraph._p)  # moved out of the body into the box
        styled(anchor.add_run(), fonts.BODY, SMALL)._r.append(box)

    def briefing_head(self, name: str, label: str, issuer: str, day: datetime.date) -> None:
        """The head of a 简报: its name in red, the issue's number under it, the issuer on the left and the date
        on the right above a red line."""
        mark = self._paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
        mark.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        mark.paragraph_format.line_spacing = Pt(MARK.pt * 1.2)
        styled(mark.add_run(name), fonts.TITLE, MARK, color=RED)
        self._paragraph(label, align=WD_ALIGN_PARAGRAPH.CENTER)
        line = self._paragraph()
        line.paragraph_format.tab_stops.add_tab_stop(Pt(TEXT_WIDTH_PT), WD_TAB_ALIGNMENT.RIGHT)
        styled(line.add_run(f"{issuer}\t{chinese_date(day)}"), fonts.BODY)
        _border(line, "bottom", color="FF0000", size=12, space=4)
        self._paragraph()

    def distribution(self, lines: list[str]) -> None:
        """The 简报's foot: its 报、送、发 lines in 四号 仿宋 between rules, on the bottom of the last page."""
        paragraphs = []
        for index, text in enumerate(lines):
            paragraph = self._paragraph(text, size=SMALL)
            paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Pt(SMALL.pt)
            if index == 0:
                _border(paragraph, "top", size=IMPRINT_HEAVY, space=0)
            _border(paragraph, "bottom", size=IMPRINT_HEAVY if index == len(lines) - 1 else IMPRINT_LIGHT, space=0)
            paragraphs.append(paragraph)
        self._at_the_bottom(paragraphs)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
