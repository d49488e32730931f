"""The roster import (all or nothing, every bad row reported) and the export (masked as the role needs)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from qizhi.core.models import ImportJob
from qizhi.core.testing import sheet_table
from qizhi.org.models import Person
from qizhi.org.testing import make_id_number

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "性别", "出生日期", "民族", "学历", "身份证号码", "联系电话", "单位", "职务", "政治面貌", "状态"]


def row(name="李明", serial=501, unit="办公室", birth=datetime.date(1992, 6, 18), **overrides):
    values = {
        "姓名": name,
        "性别": "男",
        "出生日期": birth,
        "民族": "汉族",
        "学历": "大学本科",
        "身份证号码": make_id_number(serial, birth),
        "联系电话": "13900002222",
        "单位": unit,
        "职务": "科员",
        "政治面貌": "中共党员",
        "状态": "在职",
    }
    values.update(overrides)
    return [values[h] for h in HEADER]


def xlsx(rows, header=HEADER, name="花名册.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def upload(client, file):
    return client.post(reverse("org:person_import"), {"file": file}, follow=True)  # to the checked job


def confirm(client, response):
    job = response.context["job"]
    return client.post(reverse("org:person_import"), {"job": job.pk})


def test_a_good_file_is_previewed_then_imported(client, personas):
    client.force_login(personas.a.party_affairs)
    before = Person.objects.count()
    response = upload(
        client, xlsx([row("李明", 501), row("王芳", 502, 性别="女"), row("赵强", 503, unit="云溪司法所")])
    )
    assert response.context["outcome"].ok
    assert response.context["outcome"].new == 3
    assert Person.objects.count() == before  # the preview wrote nothing
    response = confirm(client, response)
    assert response.status_code == 302
    assert Person.objects.count() == before + 3
    wang = Person.objects.get(name="王芳")
    assert (wang.gender, wang.unit, wang.education) == ("female", personas.a.office, "bachelor")
    assert wang.created_by == personas.a.party_affairs
    assert wang.pinyin.startswith(" ")


def test_a_row_with_a_known_id_number_updates_that_person(client, personas):
    client.force_login(personas.a.party_affairs)
    person = personas.a.people[0]
    values = row(person.name, unit="办公室", 职务="主任")
    values[HEADER.index("身份证号码")] = person.id_number
    values[HEADER.index("出生日期")] = person.birth_date
    response = upload(client, xlsx([values]))
    assert response.context["outcome"].updated == 1
    confirm(client, response)
    person.refresh_from_db()
    assert person.position == "主任"


BAD_ROWS = {
    "missing name": (row(None, 601), "姓名", "不能为空"),
    "bad check digit": (row("甲", 602, 身份证号码=make_id_number(602)[:-1] + "0"), "身份证号码", "校验位"),
    "unknown unit": (row("乙", 603, unit="不存在的科"), "单位", "不存在"),
    "sibling's unit": (row("丙", 604, unit="石桥司法所"), "单位", "不在您的管理范围内"),
    "bad date": (row("丁", 605, 出生日期="1990-13-45"), "出生日期", "无法识别"),
    "future date": (row("戊", 606, 出生日期=datetime.date(2999, 1, 1)), "出生日期", "晚于今天"),
    "birth date against ID": (row("己", 607, 出生日期=datetime.date(1970, 1, 1)), "出生日期", "不一致"),
    "bad gender": (row("庚", 608, 性别="未知"), "性别", "不是有效的性别"),
    "bad education": (row("辛", 609, 学历="博士后"), "学历", "不是有效的学历"),
}


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_each_bad_row_is_reported_and_nothing_is_written(client, personas, kind):
    bad, column, reason = BAD_ROWS[kind]
    client.force_login(personas.a.party_affairs)
    before = Person.objects.count()
    response = upload(client, xlsx([row("好人", 700), bad]))
    outcome = response.context["outcome"]
    assert not outcome.ok
    assert [(e.row, e.column) for e in outcome.errors] == [(3, column)], outcome.errors
    assert reason in outcome.errors[0].message
    assert Person.objects.count() == before
    assert response.context["job"].status == ImportJob.Status.FAILED


def test_every_bad_row_is_reported_at_once(client, personas):
    client.force_login(personas.a.party_affairs)
    rows = [bad for bad, _column, _reason in BAD_ROWS.values()]
    response = upload(client, xlsx([row("好人", 700), *rows]))
    reported = {e.row for e in response.context["outcome"].errors}
    assert reported == set(range(3, 3 + len(rows)))


def test_duplicate_id_numbers_in_one_file_are_reported(client, personas):
    client.force_login(personas.a.party_affairs)
    response = upload(client, xlsx([row("甲", 801), row("乙", 802), row("丙", 801)]))
    errors = response.context["outcome"].errors
    assert [(e.row, e.column) for e in errors] == [(4, "身份证号码")]
    assert "第 2 行重复" in errors[0].message


def test_an_id_number_registered_in_the_sibling_bureau_is_refused(client, personas):
    client.force_login(personas.a.party_affairs)
    outsider = personas.b.people[0]
    values = row("冒名", 900)
    values[HEADER.index("身份证号码")] = outsider.id_number
    values[HEADER.index("出生日期")] = outsider.birth_date
    response = upload(client, xlsx([values]))
    errors = response.context["outcome"].errors
    assert errors and errors[0].column == "身份证号码" and "管理范围以外" in errors[0].message
    outsider.refresh_from_db()
    assert outsider.name != "冒名"


def test_blank_rows_are_skipped_and_row_numbers_stay_true(client, personas):
    client.force_login(personas.a.party_affairs)
    response = upload(client, xlsx([row("甲", 811), [None] * len(HEADER), row(None, 812)]))
    assert [(e.row, e.column) for e in response.context["outcome"].errors] == [(4, "姓名")]


@pytest.mark.parametrize(
    "file,message",
    [
        (SimpleUploadedFile("名单.csv", b"a,b\n1,2", content_type="text/csv"), "只能导入 Excel 文件"),
        (SimpleUploadedFile("名单.xlsx", b"not a zip at all", content_type="application/octet-stream"), "不是有效的"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(client, personas, file, message):
    client.force_login(personas.a.party_affairs)
    response = upload(client, file)
    assert message in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


def test_a_file_missing_a_required_column_is_refused(client, personas):
    client.force_login(personas.a.party_affairs)
    header = [h for h in HEADER if h != "身份证号码"]
    response = upload(client, xlsx([["甲"] * len(header)], header=header))
    assert [(e.row, e.message) for e in response.context["outcome"].errors] == [(0, "缺少必需的列：身份证号码")]
    assert response.context["job"].status == ImportJob.Status.FAILED


def test_the_check_and_the_import_run_as_background_tasks(client, personas):
    client.force_login(personas.a.party_affairs)  # tests run tasks inline (ImmediateBackend)
    response = client.post(reverse("org:person_import"), {"file": xlsx([row(f"批量{i}", 1000 + i) for i in range(5)])})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.PREVIEWED and job.totals["new"] == 5
    assert not Person.objects.filter(name__startswith="批量").exists()
    response = client.post(reverse("org:person_import"), {"job": job.pk})
    assert response.status_code == 302 and response["Location"] == reverse("core:import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.totals["new"] == 5
    assert Person.objects.filter(name__startswith="批量").count() == 5
    progress = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "导入完成：新增 5 条" in progress.content.decode()
    # A job is confirmed once: a second post finds no job waiting for confirmation.
    assert client.post(reverse("org:person_import"), {"job": job.pk}).status_code == 404


def test_a_job_cannot_be_confirmed_by_another_user(client, personas):
    client.force_login(personas.a.party_affairs)
    response = upload(client, xlsx([row("甲", 821)]))
    job = response.context["job"]
    client.force_login(personas.a.admin)
    assert client.post(reverse("org:person_import"), {"job": job.pk}).status_code == 404
    assert client.get(reverse("core:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("org:person_import"), {"job": "abc"}).status_code == 404


def test_import_is_refused_to_roles_without_it(client, personas):
    client.force_login(personas.a.leader)
    assert client.get(reverse("org:person_import")).status_code == 403


def test_the_template_has_the_import_columns(client, personas):
    client.force_login(personas.a.party_affairs)
    response = client.get(reverse("org:person_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER


def export(client, **params):
    response = client.get(reverse("org:person_export"), params)
    assert response.status_code == 200
    return sheet_table(response.content)


def test_export_follows_the_filter_and_masks_for_roles_without_personal_access(client, personas):
    client.force_login(personas.a.leader)  # leaders may see personal data
    rows = export(client, retired="0")
    assert {r["姓名"] for r in rows} == {"云溪甲", "云溪乙"}
    assert all("*" not in r["身份证号码"] for r in rows)
    client.force_login(personas.a.branch_secretary)  # may export, without personal data
    rows = export(client)
    assert len(rows) == 3
    assert all("*" in r["身份证号码"] and "****" in r["联系电话"] for r in rows if r["联系电话"])
