"""A 简报 issue in the briefing layout: the red name, the number, the issuer and date over a red line, the title
and text, the 报 and 发 lines at the foot of the last page; its scope, its link, LibreOffice's rendering."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from qizhi.documents import fonts
from qizhi.documents.tests.test_official import imprint_lines
from qizhi.documents.tests.test_year_summary import MM, rendered_by_libreoffice, run
from qizhi.org.models import Unit
from qizhi.publicity.models import BulletinIssue
from qizhi.publicity.testing import publicity_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(personas):
    """The bureau's first issue of 2026, its text long enough to run onto a second page."""
    issue = publicity_of(personas.a)["issue"]
    lines = [f"第{n}个乡镇开展矛盾纠纷排查，化解纠纷{n}起，防止群体性事件发生。" for n in range(1, 16)]
    BulletinIssue.objects.filter(pk=issue.pk).update(text="\n".join(lines), editor="王五")
    issue.refresh_from_db()
    return issue


def test_the_issue_has_the_briefing_head_its_text_and_the_distribution_at_the_foot(client, personas, issue, tmp_path):
    a = personas.a
    client.force_login(a.leader)
    content = client.get(reverse("documents:bulletin_issue", args=[issue.pk])).content
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:4] == ["三项重点工作信息简报", "〔2026〕第1期", f"{a.unit.name}\t2026年3月2日", issue.title]
    name = document.paragraphs[0].runs[0]
    assert name.font.color.rgb == (0xFF, 0, 0) and name.font.name == fonts.TITLE
    red_line = document.paragraphs[2]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert red_line.get(qn("w:color")) == "FF0000"
    assert "第15个乡镇开展矛盾纠纷排查，化解纠纷15起，防止群体性事件发生。" in texts and "（编辑：王五）" in texts
    children = "、".join(u.name for u in Unit.objects.get_children(a.unit))
    assert imprint_lines(document) == [f"报：{personas.root.name}。", f"发：{children}。"]

    if shutil.which("soffice"):
        rendered_by_libreoffice(tmp_path, {"issue.docx": content}, imprint=False)
        pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", tmp_path / "issue.pdf")).group(1))
        last = run("pdftotext", "-bbox", "-f", pages, "-l", pages, tmp_path / "issue.pdf", "-")
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)">发：', last)]
        assert bottoms and abs(bottoms[0] / MM - (297 - 35)) <= 2  # the 发 line on the text block's bottom


def test_the_issue_page_links_the_document_for_those_who_export(client, personas, issue):
    url = reverse("documents:bulletin_issue", args=[issue.pk])
    client.force_login(personas.a.leader)
    assert url in client.get(issue.get_absolute_url()).content.decode()
    client.force_login(personas.a.staff)
    page = client.get(issue.get_absolute_url())
    assert page.status_code != 200 or url not in page.content.decode()


def test_the_issue_is_404_for_a_foreign_or_missing_issue_and_ignores_junk(client, personas, issue):
    other = publicity_of(personas.b)["issue"]
    url = reverse("documents:bulletin_issue", args=[issue.pk])
    client.force_login(personas.a.leader)
    assert client.get(url, {"year": "junk"}).status_code == 200  # it takes no parameters
    assert client.get(reverse("documents:bulletin_issue", args=[other.pk])).status_code == 404
    assert client.get(reverse("documents:bulletin_issue", args=[987654])).status_code == 404
    client.force_login(personas.b.leader)
    assert client.get(url).status_code == 404
    client.force_login(personas.a.staff)  # a plain staff member exports nothing
    assert client.get(url).status_code in (403, 404)
