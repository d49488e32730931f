"""A plan's decomposition table from .xlsx: the tree from the numbers, all rows or none, every bad row named."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from qizhi.core.pytest_plugin import TEST_TODAY
from qizhi.targets.models import Target
from qizhi.targets.testing import plan_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]
YEAR = TEST_TODAY.year
HEADER = ["责任书", "编号", "类别", "任务", "责任单位", "责任人", "指标", "目标值", "计量单位", "分值", "完成时限"]


def upload(client, rows):
    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("分解表.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    return client.post("/targets/targets/import/", {"file": file}, follow=True)  # to the checked job


def rows(plan_title):
    end = f"{YEAR}-12-31"
    return [
        [plan_title, "1", "业务", "法治宣传", "云溪县司法局", None, "普法活动", 12, "场", 10, end],
        [plan_title, "1.1", "业务", "办公室普法", "办公室", "云溪甲", "普法活动", 5, "场", 4, f"{YEAR}-11-30"],
        [plan_title, "1.2", "业务", "司法所普法", "云溪司法所", None, "普法活动", 7, "场", 6, end],
        [plan_title, "2", "党建", "主题党日", "云溪县司法局", None, "活动", 12, "次", 5, end],
    ]


def test_a_decomposition_table_becomes_the_plans_tree(client, personas):
    plan = plan_of(personas.a)["plan"]
    client.force_login(personas.a.party_affairs)
    response = upload(client, rows(plan.title))
    assert response.context["outcome"].ok, response.context["outcome"].errors
    client.post("/targets/targets/import/", {"job": response.context["job"].pk})
    central = Target.objects.get(plan=plan, title="法治宣传")
    children = Target.objects.filter(path__startswith=central.path, depth=2).order_by("path")
    assert [(c.title, c.weight, c.owner_person.name if c.owner_person else None) for c in children] == [
        ("办公室普法", 4, "云溪甲"),
        ("司法所普法", 6, None),
    ]
    assert Target.objects.get(plan=plan, title="主题党日").family == "party"


BAD = {
    "negative weight": (["1", "业务", "任务", "办公室", None, "x", 1, "件", -1, f"{YEAR}-12-31"], "分值", "不能为负数"),
    "weight not a number": (
        ["1", "业务", "任务", "办公室", None, "x", 1, "件", "十", f"{YEAR}-12-31"],
        "分值",
        "不是数字",
    ),
    "unknown parent": (
        ["3.1", "业务", "任务", "办公室", None, "x", 1, "件", 1, f"{YEAR}-12-31"],
        "编号",
        "上级编号“3”不存在",
    ),
    "child after parent": (
        ["1.3", "业务", "任务", "办公室", None, "x", 1, "件", 1, f"{YEAR + 1}-01-05"],
        "完成时限",
        "年内",
    ),
    "person elsewhere": (
        ["1.3", "业务", "任务", "办公室", "云溪乙", "x", 1, "件", 1, f"{YEAR}-12-31"],
        "责任人",
        "不在责任单位",
    ),
    "unit of the sibling": (
        ["1.3", "业务", "任务", "石桥司法所", None, "x", 1, "件", 1, f"{YEAR}-12-31"],
        "责任单位",
        "不存在",
    ),
    "bad number": (["1.a", "业务", "任务", "办公室", None, "x", 1, "件", 1, f"{YEAR}-12-31"], "编号", "1.2.1"),
    "bad family": (["5", "综合", "任务", "办公室", None, "x", 1, "件", 1, f"{YEAR}-12-31"], "类别", "党建、业务"),
}


@pytest.mark.parametrize("kind", BAD)
def test_each_bad_row_is_reported_and_nothing_is_written(client, personas, kind):
    plan = plan_of(personas.a)["plan"]
    bad, column, reason = BAD[kind]
    client.force_login(personas.a.party_affairs)
    before = Target.objects.count()
    outcome = upload(client, [*rows(plan.title), [plan.title, *bad]]).context["outcome"]
    assert {(e.row, e.column) for e in outcome.errors} == {(6, column)}, outcome.errors
    assert any(reason in e.message for e in outcome.errors)
    assert Target.objects.count() == before


def test_a_duplicate_number_and_the_sibling_plan_are_refused(client, personas):
    plan = plan_of(personas.a)["plan"]
    theirs = plan_of(personas.b)["plan"]
    client.force_login(personas.a.party_affairs)
    table = rows(plan.title)
    outcome = upload(client, [*table, table[0], [theirs.title, *table[0][1:]]]).context["outcome"]
    assert [(e.row, e.column) for e in outcome.errors] == [(6, "编号"), (7, "责任书")]
    assert "与第 2 行重复" in outcome.errors[0].message
