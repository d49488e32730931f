"""Reports through the pages: declared CRUD, the month form with every bad cell, the workflow, the roll-up."""

import datetime

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.org.models import Unit
from qizhi.org.testing import make_user
from qizhi.statistics.models import StatReport
from qizhi.statistics.testing import report_of

pytestmark = pytest.mark.django_db


class TestStatReportCrud(ScopedCrudTests):
    url_base = "statistics:statreport"
    editor = Role.STATISTICIAN
    viewer = Role.LEADER
    editable = False  # values are entered through their own form, tested below
    deletable = False  # a report is corrected (reopened), never deleted

    def sample(self, bureau):
        return report_of(bureau)

    def create_data(self, bureau):
        return {"unit": bureau.judicial_office.pk, "month": "2025-02"}


def test_a_month_is_filled_returned_corrected_and_approved(client, personas):
    office = personas.a.judicial_office
    client.force_login(personas.a.statistician)
    response = client.post("/statistics/reports/add/", {"unit": office.pk, "month": "2025-03"})
    report = StatReport.objects.get(unit=office, month=datetime.date(2025, 3, 1))
    assert response["Location"] == f"/statistics/reports/{report.pk}/edit/"
    response = client.post(
        response["Location"], {"disputes_accepted": "10", "disputes_succeeded": "12", "under_correction": "x"}
    )
    html = response.content.decode()
    assert "不得大于调处矛盾纠纷" in html and "不是数字" in html
    assert not report.values.exists()
    client.post(f"/statistics/reports/{report.pk}/edit/", {"disputes_accepted": "10", "disputes_succeeded": "9"})
    client.post(f"/statistics/reports/{report.pk}/submit/")
    client.force_login(personas.a.leader)
    client.post(f"/statistics/reports/{report.pk}/return/", {"reason": "请核对成功数"})
    report.refresh_from_db()
    assert report.status == "returned"
    client.force_login(personas.a.statistician)
    client.post(f"/statistics/reports/{report.pk}/edit/", {"disputes_accepted": "10", "disputes_succeeded": "8"})
    client.post(f"/statistics/reports/{report.pk}/submit/")
    client.force_login(personas.a.leader)
    client.post(f"/statistics/reports/{report.pk}/approve/")
    report.refresh_from_db()
    assert report.status == "approved"
    page = client.get(f"/statistics/rollup/?unit={personas.a.unit.pk}&start=2025-03&end=2025-03").content.decode()
    assert 'data-code="disputes_succeeded"' in page and "80%" not in page
    client.force_login(personas.a.statistician)  # locked now
    response = client.post(f"/statistics/reports/{report.pk}/edit/", {"disputes_accepted": "1"})
    assert response.status_code == 403 or "不能修改" in response.content.decode()


def test_a_statistician_cannot_approve(client, personas):
    report = report_of(personas.a)
    client.force_login(personas.a.leader)
    client.post(f"/statistics/reports/{report.pk}/reopen/", {"reason": "更正"})
    client.force_login(personas.a.statistician)
    client.post(f"/statistics/reports/{report.pk}/submit/")
    assert client.post(f"/statistics/reports/{report.pk}/approve/").status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_api_rolls_up_and_writes_the_paragraph(client, personas):
    report_of(personas.a)
    client.force_login(personas.a.leader)
    body = client.get(
        "/api/statistics/rollup/", {"unit": personas.a.unit.pk, "start": "2025-01", "end": "2025-12"}
    ).json()
    values = {row["code"]: row["value"] for row in body["indicators"]}
    assert values["disputes_accepted"] == "12" and values["mediation_rate"] == "91.7"
    text = client.get("/api/statistics/paragraph/", {"unit": personas.a.unit.pk, "year": 2025}).json()["text"]
    assert "调处各类矛盾纠纷12件，成功11件，调处成功率达91.7%" in text
    assert client.get("/api/statistics/rollup/", {"unit": personas.a.unit.pk, "start": "2025-13"}).status_code == 400


def test_the_board_shows_who_has_reported(client, personas):
    report_of(personas.a)  # 云溪司法所, January 2025, approved
    client.force_login(personas.a.leader)
    html = client.get("/statistics/board/", {"unit": personas.a.unit.pk, "month": "2025-01"}).content.decode()
    assert 'data-figure="approved">1<' in html and "云溪司法所" in html
    html = client.get("/statistics/board/", {"unit": personas.a.unit.pk, "month": "2025-02"}).content.decode()
    assert 'data-figure="missing">2<' in html  # the bureau (司法鉴定) and its judicial office
    html = client.get("/statistics/board/", {"unit": personas.b.unit.pk}).content.decode()
    assert "石桥" not in html  # the sibling's unit is not reachable: the board falls back to the user's own


def test_the_rollup_page_carries_its_chart_data(client, personas):
    report_of(personas.a)
    client.force_login(personas.a.leader)
    html = client.get(
        "/statistics/rollup/", {"unit": personas.a.unit.pk, "start": "2025-01", "end": "2025-12"}
    ).content.decode()
    assert 'id="chart-data"' in html and "echarts.min.js" in html and "\\u8c03\\u5904" in html  # 调处…


def test_the_rollup_page_shows_the_paragraph_for_one_calendar_year_only(client, personas):
    report_of(personas.a)
    client.force_login(personas.a.leader)
    unit = personas.a.unit.pk
    one_year = client.get("/statistics/rollup/", {"unit": unit, "start": "2025-01", "end": "2025-12"})
    two_years = client.get("/statistics/rollup/", {"unit": unit, "start": "2024-01", "end": "2025-12"})
    assert one_year.context["rollup"]["paragraph"]
    assert two_years.context["rollup"]["paragraph"] == ""


def test_the_rollup_exports_as_a_report_form(client, personas):
    import io

    from openpyxl import load_workbook

    report_of(personas.a)
    client.force_login(personas.a.leader)
    response = client.get(
        "/statistics/rollup/export/", {"unit": personas.a.unit.pk, "start": "2025-01", "end": "2025-12"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "云溪县司法局司法行政业务统计汇总表"
    assert "2025年1月至2025年12月" in sheet["D2"].value
    rows = {r[1]: r for r in sheet.iter_rows(min_row=6, values_only=True) if r[1]}
    assert rows["调处矛盾纠纷"][3] == 12 and rows["调处成功率"][3] == 91.7


def test_the_api_rolls_up_by_child_within_the_users_scope(client, personas):
    report_of(personas.a)
    report_of(personas.b)
    city = Unit.objects.get_parent(personas.a.unit)
    period = {"start": "2025-01", "end": "2025-12", "by": "child"}
    client.force_login(personas.a.leader)
    body = client.get("/api/statistics/rollup/", {"unit": personas.a.unit.pk, **period}).json()
    assert [row["unit"] for row in body["children"]] == [personas.a.judicial_office.pk]
    figures = body["children"][0]["figures"]
    assert figures["disputes_accepted"] == {"value": "12", "last_year": None, "change": None}
    assert figures["mediation_rate"]["value"] == "91.7" and "notarizations" in {i["code"] for i in body["indicators"]}
    assert client.get("/api/statistics/rollup/", {"unit": city.pk, **period}).status_code == 404  # above the grant
    assert client.get("/api/statistics/rollup/", {"unit": personas.b.unit.pk, **period}).status_code == 404
    own = {"unit": personas.a.unit.pk, **period}
    assert client.get("/api/statistics/rollup/", {**own, "level": "9"}).status_code == 400
    assert client.get("/api/statistics/rollup/", {**own, "by": "x"}).status_code == 400
    client.force_login(make_user("city_leader", role="leader", unit=city))
    body = client.get("/api/statistics/rollup/", {"unit": city.pk, **period, "level": "2"}).json()
    offices = {personas.a.judicial_office.name, personas.b.judicial_office.name}
    assert {row["name"] for row in body["children"]} == offices


def test_the_rollup_page_lists_the_children_with_drill_down_links(client, personas):
    report_of(personas.a)
    client.force_login(personas.a.leader)
    html = client.get(
        "/statistics/rollup/", {"unit": personas.a.unit.pk, "start": "2025-01", "end": "2025-12"}
    ).content.decode()
    assert 'id="rollup-children"' in html
    assert f'href="?unit={personas.a.judicial_office.pk}&start=2025-01&end=2025-12"' in html
    assert "调处成功率（%）" in html and ">91.7<" in html
