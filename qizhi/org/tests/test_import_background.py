"""A roster of thousands: checked and imported by the task worker, all rows or none, every bad row named."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from qizhi.core.imports import progress_key
from qizhi.core.models import ImportJob
from qizhi.org.models import Person
from qizhi.org.testing import make_id_number, make_person

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "性别", "出生日期", "民族", "学历", "身份证号码", "联系电话", "单位", "职务", "政治面貌", "状态"]
ROWS = 5000


def person_row(i: int) -> list:
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=i // 1000)
    unit = "办公室" if i % 2 else "云溪司法所"
    return [
        f"批量{i}",
        "男",
        birth,
        "汉族",
        "大学本科",
        make_id_number(i, birth),
        "13900000000",
        unit,
        "科员",
        "群众",
        "在职",
    ]


def roster(rows) -> SimpleUploadedFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("花名册.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def upload(client, rows) -> ImportJob:
    response = client.post(reverse("org:person_import"), {"file": roster(rows)})
    job = ImportJob.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("core:import_job", args=[job.pk])
    return job


def test_five_thousand_rows_are_checked_then_imported_in_the_background(client, personas):
    client.force_login(personas.a.party_affairs)
    before = Person.objects.count()
    job = upload(client, [person_row(i) for i in range(ROWS)])
    assert (job.status, job.total_rows, job.totals["new"]) == (ImportJob.Status.PREVIEWED, ROWS, ROWS)
    assert cache.get(progress_key(job.pk)) == ROWS  # the last chunk's progress was published
    assert Person.objects.count() == before  # the check wrote nothing
    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "检查通过：共 5000 行，将新增 5000 条、更新 0 条" in page and "批量19" in page

    client.post(reverse("org:person_import"), {"job": job.pk})
    job.refresh_from_db()
    assert (job.status, job.totals["new"]) == (ImportJob.Status.DONE, ROWS)
    imported = Person.objects.filter(name__startswith="批量")
    assert imported.count() == ROWS and Person.objects.count() == before + ROWS
    last = imported.get(name=f"批量{ROWS - 1}")
    assert (last.unit, last.birth_date, last.created_by) == (
        personas.a.office,
        datetime.date(1970, 1, 5),
        personas.a.party_affairs,
    )
    assert last.pinyin.startswith(" ")  # derived as save() derives it
    # One history row per person, by the importer, though they were written in bulk.
    history = Person.history.filter(name__startswith="批量")
    assert history.count() == ROWS
    assert set(history.values_list("history_user", flat=True)) == {personas.a.party_affairs.pk}


def test_bad_rows_in_every_chunk_are_all_reported_and_nothing_is_written(client, personas):
    client.force_login(personas.a.party_affairs)
    rows = [person_row(i) for i in range(ROWS)]
    rows[1][0] = None  # Excel row 3: no name
    rows[1498][7] = "石桥司法所"  # row 1500: the sibling's unit
    rows[3200][5] = rows[3100][5]  # row 3202: the ID number of row 3102
    rows[4997][2] = "1990-13-45"  # row 4999: no such date
    before = Person.objects.count()
    job = upload(client, rows)
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "姓名"),
        (1500, "单位"),
        (3202, "身份证号码"),
        (4999, "出生日期"),
    ]
    assert "与第 3102 行重复" in job.errors[2]["message"]
    assert Person.objects.count() == before
    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "发现 4 处错误（共 5000 行），未导入任何数据" in page and "第 4999 行" in page
    # A failed check cannot be confirmed.
    assert client.post(reverse("org:person_import"), {"job": job.pk}).status_code == 404


def test_a_row_that_became_bad_after_the_check_fails_the_whole_import(client, personas):
    client.force_login(personas.a.party_affairs)
    rows = [person_row(i) for i in range(1500)]
    job = upload(client, rows)
    assert job.status == ImportJob.Status.PREVIEWED
    # Meanwhile the sibling bureau registers the person of Excel row 1400 (in the second chunk).
    make_person(personas.b.office, "别处", id_number=rows[1398][5])
    before = Person.objects.count()
    client.post(reverse("org:person_import"), {"job": job.pk})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(1400, "身份证号码")]
    assert Person.objects.count() == before  # the first chunk's thousand rows were rolled back too
