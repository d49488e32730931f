"""A month's reports for many units from one .xlsx: all or nothing, every bad cell named."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from qizhi.org.models import Unit
from qizhi.org.testing import make_user
from qizhi.statistics.models import Indicator, StatReport, StatValue
from qizhi.statistics.testing import report_of

pytestmark = pytest.mark.django_db
HEADER = ["单位", "月份", "disputes_accepted", "disputes_succeeded", "notarizations"]


def upload(client, rows):
    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("月报.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    return client.post("/statistics/reports/import/", {"file": file}, follow=True)  # to the checked job


@pytest.fixture
def second(personas):
    return Unit.objects.add_child(personas.a.unit, create_kwargs={"name": "第二司法所", "kind": "judicial_office"})


def test_a_month_for_two_units_is_imported(client, personas, second):
    client.force_login(personas.a.statistician)  # granted on 云溪司法所 only
    outcome = upload(client, [["云溪司法所", "2025-05", 9, 8, None]]).context["outcome"]
    assert outcome.ok, outcome.errors
    importer = make_user("county_stats")
    from qizhi.accounts.models import Grant

    Grant.objects.create(user=importer, role="statistician", unit=personas.a.unit)
    client.force_login(importer)
    response = upload(client, [["云溪司法所", "2025-05", 9, 8, None], ["第二司法所", "2025-05", 5, 5, None]])
    assert response.context["outcome"].ok
    client.post("/statistics/reports/import/", {"job": response.context["job"].pk})
    assert StatReport.objects.filter(month=datetime.date(2025, 5, 1)).count() == 2
    assert StatValue.objects.filter(month=datetime.date(2025, 5, 1), indicator__code="disputes_accepted").count() == 2


BAD = {
    "not a number": (["云溪司法所", "2025-05", "九", None, None], "disputes_accepted", "不是数字"),
    "negative": (["云溪司法所", "2025-05", -1, None, None], "disputes_accepted", "不能为负数"),
    "decimal count": (["云溪司法所", "2025-05", 2.5, None, None], "disputes_accepted", "应为整数"),
    "succeeded > accepted": (["云溪司法所", "2025-05", 3, 4, None], "disputes_succeeded", "不得大于"),
    "not reported by the kind": (["云溪司法所", "2025-05", 3, 3, 1], "notarizations", "不填报"),
    "future month": (["云溪司法所", "2999-01", 3, 3, None], "月份", "未来月份"),
    "bad month": (["云溪司法所", "2025-13", 3, 3, None], "月份", "YYYY-MM"),
    "unknown unit": (["不存在的所", "2025-05", 3, 3, None], "单位", "不存在"),
    "locked month": (["云溪司法所", "2025-01", 3, 3, None], "月份", "不能用导入覆盖"),
}


@pytest.mark.parametrize("kind", BAD)
def test_each_bad_cell_is_reported_and_nothing_is_written(client, personas, second, kind):
    report_of(personas.a)  # January 2025 is approved: locked
    bad, column, reason = BAD[kind]
    column = Indicator.objects.filter(code=column).values_list("name", flat=True).first() or column  # named in Chinese
    client.force_login(personas.a.statistician)
    before = (StatReport.objects.count(), StatValue.objects.count())
    outcome = upload(client, [["云溪司法所", "2025-06", 1, 1, None], bad]).context["outcome"]
    assert [(e.row, e.column) for e in outcome.errors] == [(3, column)], outcome.errors
    assert reason in outcome.errors[0].message
    assert (StatReport.objects.count(), StatValue.objects.count()) == before


def test_the_same_unit_and_month_twice_is_refused(client, personas):
    client.force_login(personas.a.statistician)
    outcome = upload(client, [["云溪司法所", "2025-06", 1, 1, None], ["云溪司法所", "2025-06", 2, 2, None]]).context[
        "outcome"
    ]
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "单位")]


def test_the_template_is_headed_by_indicator_names_and_a_filled_copy_imports(client, personas):
    from openpyxl import load_workbook

    client.force_login(personas.a.statistician)
    workbook = load_workbook(io.BytesIO(client.get("/statistics/reports/import/template/").content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    names = dict(Indicator.objects.values_list("code", "name"))
    assert header[:2] == ["单位", "月份"]
    assert "disputes_accepted" not in header and names["disputes_accepted"] in header
    assert sheet.cell(row=2, column=1).value == "云溪司法所"  # the sample row names the user's own unit
    assert any(v.sqref and "A2" in str(v.sqref) for v in sheet.data_validations.dataValidation)
    assert workbook.sheetnames[-1] == "填写说明"
    sheet.cell(row=2, column=2).value = "2025-05"
    sheet.cell(row=2, column=header.index(names["disputes_accepted"]) + 1).value = 7
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("月报.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    response = client.post("/statistics/reports/import/", {"file": file}, follow=True)  # to the checked job
    assert response.context["outcome"].ok, response.context["outcome"].errors
    client.post("/statistics/reports/import/", {"job": response.context["job"].pk})
    value = StatValue.objects.get(month=datetime.date(2025, 5, 1), indicator__code="disputes_accepted")
    assert value.value == 7
