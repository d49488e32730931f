"""Uploaded files do not pile up, and an import runs only while its uploader may still import (issue 10 §6)."""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from qizhi.accounts.models import Grant
from qizhi.core.imports import cleanup_stale_uploads
from qizhi.core.models import ImportJob
from qizhi.core.tasks import run_import_job
from qizhi.org.models import Person

pytestmark = pytest.mark.django_db

RESOURCE = "qizhi.org.resources.PersonResource"


def stored(settings, name: str, age_hours: float = 0) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"PK")
    moment = (timezone.now() - datetime.timedelta(hours=age_hours)).timestamp()
    os.utime(path, (moment, moment))
    return path


def job_for(user, path: Path, status, age_hours: float = 0) -> ImportJob:
    job = ImportJob.objects.create(user=user, resource=RESOURCE, file_name="花名册.xlsx", stored_path=str(path),
                                   status=status)  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=age_hours))
    return job


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.QIZHI_IMPORT_KEEP_HOURS = 24
    return settings


def test_an_unconfirmed_file_is_deleted_after_the_keeping_time_and_its_job_says_why(media, personas):
    user = personas.a.party_affairs
    old = job_for(user, stored(media, "old.xlsx", 30), ImportJob.Status.PREVIEWED, age_hours=30)
    fresh = job_for(user, stored(media, "fresh.xlsx", 2), ImportJob.Status.PREVIEWED, age_hours=2)
    assert cleanup_stale_uploads() == (1, 1)
    old.refresh_from_db(), fresh.refresh_from_db()
    assert not Path(old.stored_path).exists() and Path(fresh.stored_path).exists()
    assert old.status == ImportJob.Status.FAILED
    assert old.errors[0]["message"] == "检查后 24 小时内未确认导入，文件已删除，请重新上传"
    assert fresh.status == ImportJob.Status.PREVIEWED


def test_an_orphan_file_is_deleted_once_old_and_a_queued_jobs_file_is_kept(media, personas):
    orphan, young = stored(media, "orphan.xlsx", 48), stored(media, "young.xlsx", 1)
    queued = stored(media, "queued.xlsx", 48)
    job_for(personas.a.party_affairs, queued, ImportJob.Status.QUEUED, age_hours=48)
    assert cleanup_stale_uploads() == (0, 1)
    assert not orphan.exists() and young.exists() and queued.exists()


def test_the_daily_command_runs_the_cleanup(media, personas):
    media.QIZHI_DAILY_COMMANDS = ["cleanup_imports"]
    stored(media, "orphan.xlsx", 48)
    out = io.StringIO()
    call_command("daily", stdout=out)
    assert "删除文件：1 个" in out.getvalue()


def test_an_import_confirmed_after_the_grant_was_withdrawn_writes_nothing(media, personas, client):
    from qizhi.org.tests.test_import_background import person_row, upload

    user = personas.a.party_affairs
    client.force_login(user)
    job = upload(client, [person_row(1)])
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED, job.errors
    Grant.objects.filter(user=user).delete()
    count = Person.objects.count()
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["message"] == "您已没有导入此类数据的权限，未导入任何数据"
    assert Person.objects.count() == count
    assert not Path(job.stored_path).exists()
