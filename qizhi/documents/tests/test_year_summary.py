"""The year summary of the demo bureau (seed 000): its sentences, its figures equal to the API's, and its
rendering by LibreOffice (A4, margins, 22 lines a page, the fonts embedded)."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from qizhi.documents.choices import TemplateKind
from qizhi.documents.fonts import fontconfig_env
from qizhi.documents.user_templates import template_for
from qizhi.org.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.dated]
MM = 72 / 25.4  # points in a millimetre


def words(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    lines += ["\t".join(c.text for c in row.cells) for table in document.tables for row in table.rows]
    return "\n".join(lines)


def test_the_demo_bureaus_year_summary_tells_the_seeds_figures_as_the_api_does(client, demo, tmp_path):
    bureau = Unit.objects.get(name="云溪县司法局")
    client.login(username="leader", password="qizhi-demo")
    url = reverse("documents:year_summary")
    year = timezone.localdate().year  # seed 000's statistics are last year's; the targets this year's
    # The demo bureau lays its year summary out with its own template (the starter, user_templates): last year's
    # is asked for in the built-in layout, this year's comes from the template; both tell the same figures.
    assert template_for(bureau, TemplateKind.YEAR_SUMMARY) is not None
    last_year = client.get(
        url, {"unit": bureau.pk, "year": year - 1, "number": f"云司发[{year}]3号", "layout": "standard"}
    ).content
    this_year = client.get(url, {"unit": bureau.pk, "year": year}).content
    text, current = words(last_year), words(this_year)

    # Seed 000's sentences.
    assert "云溪县司法局现有退休和在职干警、职工85人，其中退休职工24人，在职干警、职工61人。" in text
    assert "85人中，党员66人，非党干警职工19人；在职干警职工61人中党员45人，占在职干警职工总数的74%。" in text
    assert "下设5个党支部：" in text and "聚鑫律师党支部" in text and f"云司发〔{year}〕3号" in text
    assert "公证事务1855件" in text and "调处各类矛盾纠纷7425件，成功7221件，调处成功率达97.3%" in text

    # The same figures as the API's.
    api = lambda path, **params: client.get(path, {"unit": bureau.pk, **params}).json()  # noqa: E731
    party = api("/api/party/figures/")
    assert f"党员{party['members']}人" in text and f"中党员{party['serving_members']}人" in text
    assert api("/api/statistics/paragraph/", year=year - 1)["text"] in text
    meetings = api("/api/meetings/compliance/", year=year)
    assert f"应召开“三会一课”等组织生活会议{meetings['due']}次，已召开{meetings['held']}次" in current
    assert f"落实率{meetings['compliance_rate']}%" in current
    scores = api("/api/targets/scores/", year=year)
    base = Decimal(re.search(r"目标得分([\d.]+)分（百分制）", current).group(1))
    total = Decimal(re.search(r"综合得分([\d.]+)分", current).group(1))
    assert (base, total) == (Decimal(scores["base"]), Decimal(scores["total"]))
    lights = scores["lights"]
    assert f"绿灯{lights['green']}项、黄灯{lights['yellow']}项、红灯{lights['red']}项" in current
    for child in scores["children"]:
        assert f"{child['rank']}\t{child['name']}\t" in current

    if shutil.which("soffice"):
        rendered_by_libreoffice(tmp_path, {"last.docx": last_year, "current.docx": this_year})


def rendered_by_libreoffice(
    folder, files: dict[str, bytes], *, imprint: bool = True, pitch: bool = True, margin_page: int = 2
) -> None:
    """Each file converted to PDF: A4, fonts embedded, margins ±1 mm, the 版记 (when ``imprint``) on the bottom
    of the last page, and (when ``pitch``: the first page is mostly body text) 22 lines to the page."""
    for name, content in files.items():
        (folder / name).write_bytes(content)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *[str(folder / n) for n in files]],
        check=True, capture_output=True, timeout=180, env=fontconfig_env(folder),
    )  # fmt: skip
    for name in files:
        pdf = folder / name.replace(".docx", ".pdf")
        info = run("pdfinfo", pdf)
        assert "(A4)" in info, info
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages >= 2
        if imprint:
            imprint_at_the_bottom(pdf, pages)
        # Every font embedded, and one of the look-alikes (Noto CJK; AR PL UKai for 楷体 headings): no character
        # fell back to a box or to a font without Chinese.
        fonts = run("pdffonts", pdf).splitlines()[2:]
        assert fonts and all(" yes " in f and ("CJK" in f or "UKai" in f) for f in fonts), fonts
        # Margins measured on a page of body text (the second, unless told): 28 mm left, 26 mm right (justified
        # lines), ±1 mm.
        boxes = [
            tuple(float(v) for v in m)
            for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"',
                                run("pdftotext", "-bbox", "-f", margin_page, "-l", margin_page, pdf, "-"))
        ]  # fmt: skip
        body = [b for b in boxes if b[3] < 297 * MM - 30 * MM]  # not the page number
        assert abs(min(b[0] for b in body) / MM - 28) <= 1
        assert abs(210 - max(b[2] for b in body) / MM - 26) <= 1
        assert min(b[1] for b in body) / MM >= 37  # nothing above the top margin
        if margin_page > 1:  # a continuation page starts on its first line (page 1 may start with a title)
            assert min(b[1] for b in body) / MM <= 37 + 225 / 22
        if not pitch:
            continue
        # The line pitch, on the first page (body text; the second may be mostly a table's rows).
        first_page = re.findall(r'yMax="([\d.]+)"', run("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"))
        lines: list[float] = []  # a line's bottom: words within 3 pt of each other share a line
        for bottom in sorted(float(y) for y in first_page if float(y) < 297 * MM - 30 * MM):
            if lines and bottom - lines[-1] < 3:
                lines[-1] = bottom
            else:
                lines.append(bottom)
        pitches = Counter(round(b - a, 1) for a, b in itertools.pairwise(lines))
        body_pitch = pitches.most_common(1)[0][0]  # body lines (table rows are closer)
        assert body_pitch == pytest.approx(225 / 22 * MM, abs=0.3)  # 22 lines to the 225 mm text block


def imprint_at_the_bottom(pdf, pages: int) -> None:
    """The 版记's last line (…印发) ends on the last page, on the bottom of the text block (262 mm), ±2 mm."""
    last = run("pdftotext", "-bbox", "-f", pages, "-l", pages, pdf, "-")
    bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)">[^<]*印发</word>', last)]
    assert bottoms, "no 版记 on the last page"
    assert abs(bottoms[0] / MM - (297 - 35)) <= 2, bottoms[0] / MM


def run(*command) -> str:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, check=True).stdout
