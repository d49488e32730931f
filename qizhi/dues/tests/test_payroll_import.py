"""Dues bases from a payroll workbook: all rows or none, every bad row named with its column."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from qizhi.dues.models import DuesBase
from qizhi.dues.tests.helpers import member

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "身份证号码", "计算类别", "起始月份", "计算基数", "自愿多交", "备注"]


def upload(client, rows):
    workbook = Workbook()
    workbook.active.append(HEADER)
    for r in rows:
        workbook.active.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("工资表.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    return client.post("/dues/bases/import/", {"file": file}, follow=True)  # to the checked job


def test_a_payroll_sets_and_updates_bases(client, personas):
    one = member(personas.a, "工资一", "3000", since=datetime.date(2026, 1, 1))
    two = member(personas.a, "工资二", "3000", since=datetime.date(2026, 1, 1))
    client.force_login(personas.a.party_affairs)
    rows = [
        ["工资一", one.person.id_number, "在职", "2026-01", 3200.5, None, ""],  # updates January's base
        ["工资二", two.person.id_number, "", datetime.datetime(2026, 7, 1), "5000.01", "2", "调资"],  # a new base
    ]
    response = upload(client, rows)
    outcome = response.context["outcome"]
    assert outcome.ok, outcome.errors
    assert (outcome.new, outcome.updated) == (1, 1)
    client.post("/dues/bases/import/", {"job": response.context["job"].pk})
    assert DuesBase.objects.get(membership=one, start_month=datetime.date(2026, 1, 1)).base == Decimal("3200.50")
    july = DuesBase.objects.get(membership=two, start_month=datetime.date(2026, 7, 1))
    assert (july.kind, july.base, july.standard, july.extra) == ("serving", Decimal("5000.01"), Decimal("75.00"),
                                                                Decimal("2.00"))  # fmt: skip


BAD = {
    "negative base": (["-1"], "计算基数", "不能为负数"),
    "absurd base": (["1000001"], "计算基数", "1,000,000"),
    "fraction of a fen": (["3000.001"], "计算基数", "两位小数"),
    "bad month": (["3000", "2026-13"], "起始月份", "YYYY-MM"),
    "unknown kind": (["3000", "2026-01", "学生"], "计算类别", "不是有效的计算类别"),
}


@pytest.mark.parametrize("kind", BAD)
def test_each_bad_row_is_reported_and_nothing_is_written(client, personas, kind):
    good = member(personas.a, "好", "3000", since=datetime.date(2026, 1, 1))
    bad = member(personas.a, "坏", "3000", since=datetime.date(2026, 1, 1))
    values, column, reason = BAD[kind]
    base, month, category = (values + ["2026-01", "在职"][len(values) - 1 :])[:3]
    client.force_login(personas.a.party_affairs)
    before = list(DuesBase.objects.values_list("pk", "base"))
    outcome = upload(client, [
        ["好", good.person.id_number, "在职", "2026-02", "4000", "", ""],
        ["坏", bad.person.id_number, category, month, base, "", ""],
    ]).context["outcome"]  # fmt: skip
    assert [(e.row, e.column) for e in outcome.errors] == [(3, column)], outcome.errors
    assert reason in outcome.errors[0].message
    assert list(DuesBase.objects.values_list("pk", "base")) == before


def test_a_member_of_the_sibling_bureau_is_refused(client, personas):
    theirs = member(personas.b, "别家", "3000")
    client.force_login(personas.a.party_affairs)
    outcome = upload(client, [["别家", theirs.person.id_number, "在职", "2026-01", "3000", "", ""]]).context["outcome"]
    assert outcome.errors and "不是您管理范围内的在册党员" in outcome.errors[0].message
