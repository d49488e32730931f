"""The one .xlsx writer, ``core.sheets``: a formula written any way becomes text, values keep their types,
personal-data exports are logged and carry the user's name, and the raw reports export is linked."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from qizhi.core import sheets
from qizhi.core.models import ExportLog
from qizhi.documents.tests.test_xlsx_exports import HOSTILE
from qizhi.org.models import Person

pytestmark = pytest.mark.django_db


def test_the_writer_turns_every_formula_into_text_even_one_written_around_it():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = HOSTILE["dde"]  # written directly with openpyxl: a live formula
    assert sheet["A1"].data_type == "f"
    for column, text in enumerate(HOSTILE.values(), start=2):
        sheets.put(sheet, 1, column, text)
    sheets.put(sheet, 2, 1, "\tcmd")
    sheets.put(sheet, 2, 2, "普通文字")
    reread = load_workbook(io.BytesIO(sheets.to_bytes(workbook))).active
    assert [c.data_type for c in reread[1]] == ["s"] * 6
    assert reread["A1"].value == HOSTILE["dde"] and reread["A1"].quotePrefix
    assert reread["A2"].quotePrefix and not reread["B2"].quotePrefix


def test_values_keep_their_types(settings):
    import datetime
    from decimal import Decimal

    form = sheets.new_report("表", "表", ["日期", "数", "身份证号码"], [12, 8, 20], unit="单位", text_columns=[3])
    form.add_rows([(datetime.date(2026, 12, 3), Decimal("97.30"), 110101198503140019)])
    sheet = load_workbook(io.BytesIO(form.to_bytes())).active
    day, number, id_number = sheet[6]
    assert day.value == datetime.datetime(2026, 12, 3) and day.number_format == 'yyyy"年"m"月"d"日"'
    assert number.value == 97.3 and number.data_type == "n"
    assert id_number.value == "110101198503140019" and id_number.number_format == "@"
    assert sheet.print_title_rows == "$5:$5" and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.orientation == "portrait"


def test_personal_data_exports_are_logged_and_carry_the_users_name(client, personas):
    client.force_login(personas.a.leader)
    response = client.get(reverse("org:person_export"), {"retired": "0"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0] is not None]
    serving = Person.objects.filter(unit__path__startswith=personas.a.unit.path, retired=False).count()
    assert len(rows) == serving > 0
    log = ExportLog.objects.get()
    assert (log.user, log.what, log.query, log.rows) == (personas.a.leader, "人员名册", "retired=0", serving)
    now = timezone.localtime()  # the frozen clock (it ticks: the minute may have turned)
    assert sheet["A4"].value.startswith(f"导出人：{personas.a.leader.username}　导出时间：{now:%Y年%m月%d日} ")
    assert sheet.oddHeader.right.text == sheet["A4"].value
    client.get(reverse("party:membership_export"))
    assert list(ExportLog.objects.values_list("what", flat=True)) == ["党员花名册", "人员名册"]
    assert client.get(reverse("core:export_log")).status_code == 403  # a leader is not an administrator
    client.force_login(personas.root_admin)
    html = client.get(reverse("core:export_log")).content.decode()
    assert "人员名册" in html and "retired=0" in html
    client.force_login(personas.b.admin)  # the sibling bureau's administrator: not bureau a's downloads
    table = client.get(reverse("core:export_log")).context["table"]
    assert not [row.record for row in table.rows]
    client.force_login(personas.a.admin)  # bureau a's: its leader's
    table = client.get(reverse("core:export_log")).context["table"]
    assert sorted(row.record.what for row in table.rows) == ["人员名册", "党员花名册"]
    get_user_model().objects.filter(pk=personas.a.leader.pk).update(is_active=False)  # gone: still audited
    table = client.get(reverse("core:export_log")).context["table"]
    assert sorted(row.record.what for row in table.rows) == ["人员名册", "党员花名册"]
    assert {row.record.unit_name for row in table.rows} == {personas.a.unit.name}


def test_a_county_audits_the_exports_of_its_data_whatever_grants_say(client, personas):
    """What was exported decides who audits it: a grant a county's administrator gives the province's
    administrator does not show him the province's downloads of another county, and a download of the
    county's data by someone above it is shown to the county."""
    from qizhi.accounts.roles import Role

    root = personas.root_admin
    root.grants.create(role=Role.STAFF, unit=personas.a.unit)  # planted by bureau a's administrator
    client.force_login(root)
    for unit in (personas.b.unit, personas.a.unit, None):  # bureau b's roster, bureau a's, the whole tree's
        client.get(reverse("org:person_export"), {"unit": unit.pk} if unit else {})
    paths = list(ExportLog.objects.order_by("pk").values_list("unit_path", flat=True))
    assert paths == [personas.b.unit.path, personas.a.unit.path, personas.root.path]

    def audited(admin) -> list[str]:
        client.force_login(admin)
        return [row.record.unit_path for row in client.get(reverse("core:export_log")).context["table"].rows]

    assert audited(personas.a.admin) == [personas.a.unit.path]
    assert audited(personas.b.admin) == [personas.b.unit.path]
    assert sorted(audited(root)) == sorted(paths)


def test_the_raw_reports_export_is_linked_from_the_reports_page(client, personas):
    client.force_login(personas.a.leader)
    html = client.get(reverse("statistics:statreport_list"), {"status": "approved"}).content.decode()
    assert f'href="{reverse("statistics:statreport_export")}?status=approved"' in html
