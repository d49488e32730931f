"""Background tasks of the framework layer (django-tasks): every import's check and its run."""

from __future__ import annotations

import logging
from pathlib import Path

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from qizhi.accounts.roles import Action
from qizhi.core.imports import ImportFileError, RowError, report_progress, run_import
from qizhi.core.models import ImportJob
from qizhi.core.scoping import scope_of

logger = logging.getLogger(__name__)


@task()
def deliver_notifications(delivery_ids: list[int]) -> int:
    """Send e-mail and SMS copies of notifications (core.channels), outside the request."""
    from qizhi.core import channels

    return channels.deliver(delivery_ids)


@task()
def check_import_job(job_id: int) -> dict:
    """Check an uploaded file row by row (nothing is written) and keep every error or a preview."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    execute_import_job(job, dry_run=True)
    return job.totals


@task()
def run_import_job(job_id: int) -> dict:
    """Import a checked and confirmed file, all rows or none."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    execute_import_job(job, dry_run=False)
    return job.totals


def may_import(job: ImportJob) -> bool:
    """Whether the uploader may still import this kind of record: the task runs later than the upload
    (and the confirmed import later than the check), and a grant may have been withdrawn meanwhile.
    The rows are scoped by the resource as the task runs; this is the page's ``require(IMPORT)``."""
    model = import_string(job.resource)._meta.model
    return scope_of(job.user).can(Action.IMPORT, model._meta.app_label)


def execute_import_job(job: ImportJob, *, dry_run: bool) -> ImportJob:
    """Run the job's stored file through its resource and record the outcome on the job."""
    if not may_import(job):
        return finish(job, errors=[RowError(0, "", _("您已没有导入此类数据的权限，未导入任何数据"))])
    resource = import_string(job.resource)(user=job.user)

    def started(rows: int) -> None:
        job.total_rows = rows
        job.save(update_fields=["total_rows"])

    try:
        outcome = run_import(
            resource, Path(job.stored_path), dry_run=dry_run, progress=report_progress(job.pk), started=started
        )
    except ImportFileError as exc:
        return finish(job, errors=[RowError(0, "", str(exc))])
    except Exception:  # a bug must not leave the page polling forever; the log has the details
        logger.exception("import job %s failed", job.pk)
        return finish(job, errors=[RowError(0, "", _("处理文件时发生意外错误，未导入任何数据，请联系系统管理员"))])
    job.total_rows = outcome.total
    job.totals = outcome.as_dict()
    job.preview = outcome.preview
    if outcome.ok:
        status = ImportJob.Status.PREVIEWED if dry_run else ImportJob.Status.DONE
        return finish(job, status=status)
    return finish(job, errors=outcome.errors)


def finish(job: ImportJob, *, status: str = ImportJob.Status.FAILED, errors=()) -> ImportJob:
    job.status = status
    job.errors = [{"row": e.row, "column": e.column, "message": e.message} for e in errors]
    job.processed_rows = job.total_rows
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "processed_rows", "total_rows", "totals", "preview", "finished_at"])
    if status != ImportJob.Status.PREVIEWED:
        Path(job.stored_path).unlink(missing_ok=True)  # done or refused: the file is not needed again
    return job
