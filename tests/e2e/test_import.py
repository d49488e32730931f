"""Importing the people roster （花名册）: upload, background check, preview, confirm; bad files import nothing."""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import Page, expect

from qizhi.core import import_views
from qizhi.core.models import ImportJob
from qizhi.core.tasks import execute_import_job
from qizhi.org.models import Person
from qizhi.org.testing import make_id_number

HEADER = ["姓名", "性别", "出生日期", "民族", "学历", "身份证号码", "联系电话", "单位", "职务", "政治面貌", "状态"]


def write_roster(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def person_row(name: str, id_number: str, birth: str, *, unit: str = "办公室", gender: str = "男") -> list:
    return [name, gender, birth, "汉族", "大学本科", id_number, "13800001234", unit, "科员", "中共党员", "在职"]


def upload(page: Page, server: str, path: Path) -> None:
    page.goto(f"{server}/org/people/import/")
    expect(page.get_by_role("heading", name="导入人员")).to_be_visible()
    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()


class Deferred:
    """Stands in for a task's ``enqueue``: the test plays the worker, so the page is seen polling."""

    def __init__(self):
        self.queued: list[int] = []

    def enqueue(self, job_id: int) -> None:
        self.queued.append(job_id)


def test_party_affairs_imports_valid_roster(
    page: Page, server, personas, login, snap, tmp_path, monkeypatch, database_turn
):
    checks, runs = Deferred(), Deferred()
    monkeypatch.setattr(import_views, "check_import_job", checks)
    monkeypatch.setattr(import_views, "run_import_job", runs)
    births = [datetime.date(1990, 5, 20), datetime.date(1988, 11, 2), datetime.date(1979, 1, 30)]
    names = ["林晓峰", "周文静", "陈建国"]
    numbers = [make_id_number(801 + i, birth) for i, birth in enumerate(births)]
    roster = write_roster(
        tmp_path / "花名册.xlsx",
        [
            person_row(name, number, birth.isoformat(), gender=gender)
            for name, number, birth, gender in zip(names, numbers, births, ["男", "女", "男"], strict=True)
        ],
    )
    before = Person.objects.count()

    login(personas.a.party_affairs)
    page.get_by_role("button", name="组织与人员").click()
    page.get_by_role("link", name="导入人员").click()
    expect(page).to_have_url(f"{server}/org/people/import/")
    snap("01-import-form")

    page.get_by_label("Excel 文件（.xlsx）").set_input_files(str(roster))
    page.get_by_role("button", name="上传并检查").click()
    # The request only stored the file: the page shows the check waiting for the worker, and polls.
    job = ImportJob.objects.get()
    expect(page).to_have_url(f"{server}/imports/{job.pk}/")
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.locator("#import-progress")).to_contain_text("检查中")
    assert checks.queued == [job.pk]
    snap("02-checking")

    with database_turn():
        execute_import_job(job, dry_run=True)  # the worker checks the file
    expect(page.get_by_role("heading", name="检查通过")).to_contain_text("共 3 行，将新增 3 条、更新 0 条")
    preview = page.locator("#import-preview tbody tr")
    expect(preview).to_have_count(3)
    for name in names:
        expect(preview.get_by_text(name, exact=True)).to_be_visible()
    assert Person.objects.count() == before  # the check writes nothing
    snap("03-preview")

    page.get_by_role("button", name="确认导入").click()
    expect(page).to_have_url(f"{server}/imports/{job.pk}/")
    expect(page.locator("#import-progress")).to_contain_text("排队中")
    assert runs.queued == [job.pk] and Person.objects.count() == before
    job.refresh_from_db()
    with database_turn():
        execute_import_job(job, dry_run=False)  # the worker imports it
    expect(page.get_by_role("alert")).to_contain_text("导入完成：新增 3 条，更新 0 条")
    snap("04-done")
    page.get_by_role("link", name="查看列表").click()
    expect(page).to_have_url(f"{server}/org/people/")
    names_listed = page.locator("table tbody tr td:first-child")
    for name in names:
        expect(names_listed.get_by_text(name, exact=True)).to_be_visible()
    snap("05-list-after-import")

    imported = Person.objects.filter(id_number__in=numbers).select_related("unit")
    assert imported.count() == 3
    # 办公室 exists in both bureaus: the importer's own bureau is the only one it may edit.
    assert {p.unit_id for p in imported} == {personas.a.office.pk}
    assert Person.objects.count() == before + 3


def test_bad_roster_lists_every_error_and_imports_nothing(page: Page, server, personas, login, snap, tmp_path):
    # Not the personas' birth date (1985-03-14), so these numbers never collide with theirs.
    birth = datetime.date(1991, 7, 8)
    good = make_id_number(811, birth)
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    duplicate = make_id_number(812, birth)
    roster = write_roster(
        tmp_path / "错误花名册.xlsx",
        [
            person_row("", make_id_number(813, birth), "1991-07-08"),  # row 2: no name
            person_row("王一", bad_check, "1991-07-08"),  # row 3: wrong check digit
            person_row("王二", make_id_number(814, birth), "1991-07-08", unit="不存在的科室"),  # row 4
            person_row("王三", duplicate, "1991-07-08"),  # row 5: fine on its own
            person_row("王四", duplicate, "1991-07-08"),  # row 6: same ID number as row 5
            person_row("王五", make_id_number(815, birth), "1990-13-45"),  # row 7: no such date
        ],
    )
    before = Person.objects.count()

    login(personas.a.party_affairs)
    upload(page, server, roster)
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    expect(errors.get_by_role("heading")).to_contain_text("未导入任何数据")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    snap("01-errors")

    rows = [
        tuple(cell.strip() for cell in row.locator("td").all_inner_texts()) for row in errors.locator("tbody tr").all()
    ]
    expected = [
        ("第 2 行", "姓名", None),
        ("第 3 行", "身份证号码", "校验位错误"),
        ("第 4 行", "单位", "不存在"),
        ("第 6 行", "身份证号码", "与第 5 行重复"),
        ("第 7 行", "出生日期", "无法识别"),
    ]
    for line, column, reason in expected:
        matching = [r for r in rows if r[0] == line and r[1] == column]
        assert matching, f"no error for {line} {column}; errors shown: {rows}"
        assert all(r[2] for r in matching), f"empty reason for {line} {column}: {matching}"
        if reason:
            assert any(reason in r[2] for r in matching), f"{line} {column}: {matching}"
    # Row 5 is fine on its own; only its duplicate is blamed.
    assert not [r for r in rows if r[0] == "第 5 行"], rows
    assert Person.objects.count() == before
    assert not Person.objects.filter(name__in=["王一", "王二", "王三", "王四", "王五"]).exists()
