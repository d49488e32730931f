"""Import files that must not get in: each refused with a Chinese message naming its limit, nothing written."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.urls import reverse
from openpyxl import Workbook

from qizhi.core.imports import MAX_COLUMNS, SizeLimitUploadHandler
from qizhi.core.models import ImportJob
from qizhi.org.models import Person

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "性别", "出生日期", "民族", "学历", "身份证号码", "联系电话", "单位", "职务", "政治面貌", "状态"]
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet(blocks) -> bytes:
    """A real .xlsx whose first sheet is replaced by ``blocks`` (deflated as they are written)."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([HEADER])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with archive.open(info.filename, "w", force_zip64=True) as member:
                    for block in blocks:
                        member.write(block)
            else:
                archive.writestr(info.filename, source.read(info.filename))
    return buffer.getvalue()


def upload(client, content: bytes, name="花名册.xlsx"):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("org:person_import"), {"file": file})


def refused(response) -> str:
    """The form's message for the file; the request was answered at once and nothing was kept."""
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
    return " ".join(response.context["form"].errors["file"])


@pytest.fixture
def editor(client, personas, settings):
    client.force_login(personas.a.party_affairs)
    return personas.a.party_affairs


def stored_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_zip_bomb_is_refused_at_once_without_unpacking(client, editor, settings):
    # 256 MB of spaces in the sheet: about 250 KB zipped, over the 200 MB limit once unzipped.
    spaces = b" " * (16 * 1024 * 1024)
    bomb = with_sheet([SHEET_HEAD, *[spaces] * 16, b"</sheetData></worksheet>"])
    assert len(bomb) < 1024 * 1024
    before = Person.objects.count()
    message = refused(upload(client, bomb))
    assert message == "文件解压后有 256 MB，超过了 200 MB 的上限，不能导入"
    assert Person.objects.count() == before
    assert stored_files(settings) == []


def test_an_oversized_file_is_refused_while_it_streams_in(client, editor, settings):
    settings.QIZHI_IMPORT_MAX_BYTES = 1024 * 1024
    message = refused(upload(client, os.urandom(1024 * 1024 + 100 * 1024)))
    assert message == "文件过大：导入文件最大 1 MB"
    assert stored_files(settings) == []


def test_the_upload_handler_stops_reading_past_the_limit():
    handler = SizeLimitUploadHandler(100)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 60, 60)
    assert handler.refused


@pytest.mark.parametrize(
    "content,message",
    [
        (b"name,phone\n1,2\n", "文件内容不是有效的 Excel 工作簿"),  # a .csv renamed
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "文件内容不是有效的 Excel 工作簿"),  # an old .xls renamed
    ],
)
def test_a_renamed_file_is_refused_in_chinese(client, editor, content, message):
    assert message in refused(upload(client, content))


def test_a_zip_that_is_no_workbook_is_refused_in_chinese(client, editor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("名单.txt", "甲\n乙\n")
    assert "是一个压缩包而不是 Excel 工作簿" in refused(upload(client, buffer.getvalue()))


def test_a_word_document_renamed_is_refused_in_chinese(client, editor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "是一个压缩包而不是 Excel 工作簿" in refused(upload(client, buffer.getvalue(), name="材料.xlsx"))


def check(client, content: bytes) -> ImportJob:
    """Upload a file that passes the request's checks; the background check (run inline) answers."""
    response = upload(client, content)
    assert response.status_code == 302
    return ImportJob.objects.get()


def test_more_rows_than_allowed_are_refused_before_any_is_read(client, editor, settings):
    settings.QIZHI_IMPORT_MAX_ROWS = 10
    job = check(client, workbook_bytes([HEADER, *[["甲"] * len(HEADER)] * 11]))
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [{"row": 0, "column": "", "message": "文件超过了 10 行的上限，请分成几个文件导入"}]
    assert not Path(job.stored_path).exists()


def test_a_row_of_too_many_cells_is_refused(client, editor):
    cells = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(MAX_COLUMNS + 1))
    job = check(client, with_sheet([SHEET_HEAD, b"<row>", cells, b"</row></sheetData></worksheet>"]))
    assert job.errors[0]["message"] == "第 1 行超过了 200 列的上限"


def test_a_broken_sheet_is_refused_in_chinese(client, editor):
    job = check(client, with_sheet([SHEET_HEAD, b"<row><c><v>1</v></row>"]))
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["message"] == "文件中的工作表已损坏，无法读取"
