"""The Word engine's layout (GB/T 9704-2012) and the year-summary download's doors."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from qizhi.documents import fonts
from qizhi.documents.official import OfficialDocument, chinese_numeral, document_number


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("云司发[2026]03号", "云司发〔2026〕3号"),
        ("云司发（2026）3号", "云司发〔2026〕3号"),
        ("云司发 〔2026〕 第12号", "云司发〔2026〕12号"),
        ("云司函【2025】7号", "云司函〔2025〕7号"),
    ],
)
def test_a_document_number_is_written_the_standard_way(typed, normalised):
    assert document_number(typed) == normalised


@pytest.mark.parametrize("typed", ["", "云司发2026年3号", "云司发〔26〕3号", "云司发〔2026〕0号", "〔2026〕号"])
def test_a_malformed_document_number_is_refused_in_chinese(typed):
    with pytest.raises(ValueError, match="发文字号"):
        document_number(typed)


def test_chinese_numerals_for_headings():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def sample_document() -> Document:
    document = OfficialDocument()
    document.masthead("云溪县司法局文件", "云司发[2026]3号")
    document.title("关于开展年度目标考核的通知")
    document.addressee("各股室、司法所")
    document.heading("总体要求", 1)
    document.heading("考核范围", 2)
    document.heading("时间安排", 3)
    document.paragraph("按照县委的统一部署，现就有关事项通知如下。")
    document.table(["单位", "得分"], [["东乡司法所", "97.3"]])
    document.signature("云溪县司法局", datetime.date(2026, 12, 3))
    document.imprint(copies_to=["江城市司法局"], printer="云溪县司法局办公室", printed_on=datetime.date(2026, 12, 3))
    return Document(io.BytesIO(document.to_bytes()))


def imprint_lines(document) -> list[str]:
    """The 版记's lines: the paragraphs of the text box anchored at the bottom margin."""
    box = document.element.body.find(".//" + qn("w:txbxContent"))
    return [Paragraph(p, None).text for p in box.iter(qn("w:p"))]


def test_the_imprint_is_a_text_box_on_the_bottom_margin_between_heavy_rules():
    document = sample_document()
    anchor = document.element.body.find(".//" + qn("wp:anchor"))
    vertical = anchor.find(qn("wp:positionV"))
    assert vertical.get("relativeFrom") == "margin" and vertical.find(qn("wp:align")).text == "bottom"
    assert anchor.find(qn("wp:wrapTopAndBottom")) is not None
    assert int(anchor.find(qn("wp:extent")).get("cx")) == int(Mm(156))  # the text block's width
    box = document.element.body.find(".//" + qn("w:txbxContent"))
    rules = [
        {b.tag.split("}")[1]: int(b.get(qn("w:sz"))) for b in p.find(f".//{qn('w:pBdr')}")} for p in box.iter(qn("w:p"))
    ]
    assert rules == [{"top": 8, "bottom": 4}, {"bottom": 8}]  # heavy outer rules, a light one between the lines


def test_the_page_is_a4_with_the_standard_margins_and_line_grid():
    document = sample_document()
    section = document.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]  # fmt: skip
    assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26]  # stored in twips
    grid = section._sectPr.find(qn("w:docGrid"))
    assert int(grid.get(qn("w:linePitch"))) == round((297 - 37 - 35) / 25.4 * 72 / 22 * 20)  # 22 lines: 580
    normal = document.styles["Normal"]
    assert abs(normal.paragraph_format.line_spacing.pt - (297 - 37 - 35) / 25.4 * 72 / 22) < 0.05  # 28.99 pt


def test_every_run_names_its_east_asian_font():
    document = sample_document()
    parts = [document.element.body] + [s.footer._element for s in document.sections]
    parts += [s.even_page_footer._element for s in document.sections]
    runs = [r for part in parts for r in part.iter(qn("w:r"))]
    assert len(runs) > 20
    for run in runs:
        fonts_element = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts_element.get(qn("w:eastAsia")) in {fonts.TITLE, fonts.BODY, fonts.HEI, fonts.KAI, fonts.SONG}


def test_the_parts_carry_the_standard_fonts_sizes_and_colours():
    document = sample_document()
    paragraphs = [p for p in document.paragraphs if p.text]
    by_text = {p.text: p for p in paragraphs}
    mark = by_text["云溪县司法局文件"].runs[0]
    assert mark.font.color.rgb == (0xFF, 0, 0) and mark.font.name == fonts.TITLE
    number = by_text["云司发〔2026〕3号"]
    red_line = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert red_line.get(qn("w:color")) == "FF0000"
    title = by_text["关于开展年度目标考核的通知"].runs[0]
    assert (title.font.name, title.font.size) == (fonts.TITLE, Pt(22))
    assert by_text["一、总体要求"].runs[0].font.name == fonts.HEI
    assert by_text["（一）考核范围"].runs[0].font.name == fonts.KAI
    assert by_text["1.时间安排"].runs[0].font.name == fonts.BODY
    body = by_text["按照县委的统一部署，现就有关事项通知如下。"]
    assert (body.runs[0].font.name, body.runs[0].font.size) == (fonts.BODY, Pt(16))
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert "2026年12月3日" in by_text
    imprint = imprint_lines(document)
    assert imprint == ["抄送：江城市司法局。", "云溪县司法局办公室\t2026年12月3日印发"]
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.alignment == 2 and "PAGE" in footer._p.xml  # odd pages: right
    assert document.sections[0].even_page_footer.paragraphs[0].alignment == 0  # even pages: left
    assert document.settings.odd_and_even_pages_header_footer


def test_the_fonts_check_names_every_official_font(capsys):
    from django.core.management import call_command

    call_command("check_fonts")
    output = capsys.readouterr().out
    for font in fonts.OFFICIAL_FONTS:
        assert font.name in output


@pytest.mark.django_db
def test_the_year_summary_refuses_bad_parameters_and_foreign_units(client, personas):
    url = reverse("documents:year_summary")
    client.force_login(personas.a.leader)
    own = personas.a.unit.pk
    bad = [
        ({"unit": "abc"}, "单位"), ({"unit": own, "year": "0"}, "年份"), ({"unit": own, "year": "99999"}, "年份"),
        ({"unit": "\x00"}, "空字符"), ({"unit": "9" * 30}, "单位"), ({"unit": own, "number": "x"}, "发文字号"),
    ]  # fmt: skip
    for params, field in bad:
        response = client.get(url, params)
        assert response.status_code == 400, params
        assert field in response.content.decode(), params
    assert client.get(url, {"unit": personas.b.unit.pk, "year": 2026}).status_code == 404
    assert client.get(url, {"unit": 987654, "year": 2026}).status_code == 404
    response = client.get(url, {"unit": personas.a.unit.pk, "year": 2026})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(personas.a.staff)  # a plain staff member exports nothing
    assert client.get(url, {"unit": personas.a.judicial_office.pk, "year": 2026}).status_code == 403


@pytest.mark.django_db
def test_the_unit_page_offers_the_year_summary(client, personas):
    client.force_login(personas.a.leader)
    html = client.get(personas.a.unit.get_absolute_url()).content.decode()
    assert f'action="{reverse("documents:year_summary")}"' in html and f'value="{personas.a.unit.pk}"' in html


def test_minutes_html_becomes_paragraphs():
    from qizhi.documents.meeting_record import html_paragraphs

    html = "<p>一、传达学习<strong>会议精神</strong>。</p><ul><li>讨论&amp;表决</li></ul>结束<br>散会"
    assert html_paragraphs(html) == ["一、传达学习会议精神。", "讨论&表决", "结束", "散会"]


@pytest.mark.django_db
def test_a_meetings_record_has_its_minutes_and_a_sheet_to_sign(client, personas):
    from qizhi.core.models import ExportLog
    from qizhi.meetings.choices import MeetingKind
    from qizhi.meetings.models import Meeting
    from qizhi.meetings.tests.conftest import hold, make_branch

    branch, people = make_branch(personas)
    meeting = hold(personas, branch, MeetingKind.BRANCH_COMMITTEE, datetime.date(2026, 11, 5), absent=people[:1])
    Meeting.objects.filter(pk=meeting.pk).update(minutes="<p>会议由书记主持。</p><p>=HYPERLINK(1)</p>")
    client.force_login(personas.a.leader)
    html = client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("documents:meeting_record", args=[meeting.pk])
    assert url in html
    document = Document(io.BytesIO(client.get(url).content))
    texts = [p.text for p in document.paragraphs]
    assert "会议由书记主持。" in texts and f"会议主题：{meeting.topic}" in texts
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["序号", "姓名", "单位", "出席情况", "签名", "备注"]
    assert len(document.tables[0].rows) == 1 + meeting.attendances.count()
    assert ExportLog.objects.get().what == "会议记录及签到表"
    client.force_login(personas.b.leader)
    assert client.get(url).status_code == 404


def per_cell_table(document: OfficialDocument, header: list[str], rows: list[list], widths_mm: list[float]):
    """The table as the engine wrote it before it copied rows: every cell through python-docx's objects."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement

    from qizhi.documents.official import TABLE, _off_the_grid, styled

    table = document.document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for number, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _off_the_grid(paragraph)
            family = fonts.HEI if number == 0 else fonts.BODY
            styled(paragraph.add_run("" if value is None else str(value)), family, TABLE)
            cell.width = Mm(widths_mm[column])
    return table._tbl


def test_a_table_written_from_a_copied_row_equals_one_written_cell_by_cell():
    header, widths = ["序号", "目标任务", "分值", "责任人"], [14, 80, 30, 32]
    rows = [["1", "　矛盾纠纷调处", 12.5, None], ["1.1", " 前后空格 ", "", "张三"], ["2", "一\t二", "3", "李四\n王五"]]
    fast, slow = OfficialDocument(), OfficialDocument()
    fast.table(header, rows, widths_mm=widths)
    reference = per_cell_table(slow, header, rows, widths)
    written = fast.document.element.body.find(qn("w:tbl"))
    assert written.xml == reference.xml
    table = Document(io.BytesIO(fast.to_bytes())).tables[0]
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [["1", "　矛盾纠纷调处", "12.5", ""],
                                                                   ["1.1", " 前后空格 ", "", "张三"],
                                                                   ["2", "一\t二", "3", "李四\n王五"]]  # fmt: skip
    for row in table.rows[1:]:
        for cell in row.cells:
            run = cell.paragraphs[0].runs[0]
            assert (run.font.name, run.font.size) == (fonts.BODY, Pt(12))
            assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == fonts.BODY
