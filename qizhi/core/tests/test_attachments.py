"""Attachments: checked by type and size, all or nothing, read and changed through their record's scope."""

import io

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qizhi.core import attachments
from qizhi.core.models import Attachment
from qizhi.core.testing import PDF_BYTES

pytestmark = pytest.mark.django_db


def pdf(name="证明.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def xlsx(name="台账.xlsx"):
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def add_url(record):
    return reverse("core:attachment_add", args=[record._meta.app_label, record._meta.model_name, record.pk])


def test_good_files_are_kept_with_their_record(personas):
    person = personas.a.people[0]
    added = attachments.attach(person, [pdf(), xlsx()], by=personas.a.admin)
    assert [a.name for a in attachments.attachments_of(person)] == ["证明.pdf", "台账.xlsx"]
    assert added[0].size == len(PDF_BYTES) and added[0].uploaded_by == personas.a.admin
    assert added[0].file.name.startswith("attachments/org/") and "证明" not in added[0].file.name


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("病毒.exe", b"MZ\x90\x00"), "只接受"),
        (SimpleUploadedFile("空.pdf", b""), "文件是空的"),
        (SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 not a pdf"), "与扩展名“.pdf”不符"),
        (SimpleUploadedFile("伪装.txt", PDF_BYTES), "与扩展名“.txt”不符"),
    ],
)
def test_bad_files_are_refused_with_their_name_and_reason_and_nothing_is_kept(personas, upload, reason):
    person = personas.a.people[0]
    with pytest.raises(ValidationError) as error:
        attachments.attach(person, [pdf(), upload], by=personas.a.admin)  # the good one stays out too
    message = " ".join(error.value.message_dict["files"])
    assert upload.name in message and reason in message
    assert not attachments.attachments_of(person).exists()


def test_a_file_over_the_limit_is_refused(personas, settings):
    settings.ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("大文件.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="超过 1 MB"):
        attachments.attach(personas.a.people[0], [big], by=personas.a.admin)


def test_only_who_may_change_the_record_adds_files(personas):
    with pytest.raises(PermissionDenied):
        attachments.attach(personas.a.people[0], [pdf()], by=personas.a.leader)  # may read, not change
    assert not Attachment.objects.exists()


def test_upload_download_and_delete_through_pages(client, personas):
    person = personas.a.people[0]
    client.force_login(personas.a.admin)
    response = client.post(add_url(person), {"files": [pdf(), xlsx()], "next": person.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    first = attachments.attachments_of(person).first()
    download = client.get(reverse("core:attachment_download", args=[first.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "filename*=utf-8''%E8%AF%81%E6%98%8E.pdf" in download["Content-Disposition"]
    client.post(reverse("core:attachment_delete", args=[first.pk]))
    assert list(attachments.attachments_of(person).values_list("name", flat=True)) == ["台账.xlsx"]


def test_a_bad_upload_through_the_page_says_why(client, personas):
    person = personas.a.people[0]
    client.force_login(personas.a.admin)
    page = client.post(add_url(person), {"files": [SimpleUploadedFile("a.exe", b"MZ")]}, follow=True)
    assert "不能上传“a.exe”" in page.content.decode()
    assert not Attachment.objects.exists()


def test_the_sibling_bureau_cannot_read_add_or_delete(client, personas):
    person = personas.b.people[0]
    theirs = attachments.attach(person, [pdf()], by=personas.b.admin)[0]
    for user in personas.a.users.values():
        client.force_login(user)
        assert client.get(reverse("core:attachment_download", args=[theirs.pk])).status_code == 404
        assert client.post(reverse("core:attachment_delete", args=[theirs.pk])).status_code == 404
        assert client.post(add_url(person), {"files": [pdf()]}).status_code == 404
    assert list(attachments.attachments_of(person)) == [theirs]


def test_a_reader_who_may_not_change_cannot_delete(client, personas):
    mine = attachments.attach(personas.a.people[0], [pdf()], by=personas.a.admin)[0]
    client.force_login(personas.a.leader)  # reads the whole bureau's people, changes none
    assert client.get(reverse("core:attachment_download", args=[mine.pk])).status_code == 200
    assert client.post(reverse("core:attachment_delete", args=[mine.pk])).status_code == 403
    assert Attachment.objects.filter(pk=mine.pk).exists()


def test_a_model_without_scoping_is_not_a_target(client, personas):
    client.force_login(personas.a.admin)
    url = reverse("core:attachment_add", args=["contenttypes", "contenttype", ContentType.objects.first().pk])
    assert client.post(url, {"files": [pdf()]}).status_code == 404
