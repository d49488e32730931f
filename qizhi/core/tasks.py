"""Background tasks of the framework layer (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from qizhi.core.imports import parse_xlsx, report_progress, run_import
from qizhi.core.models import ImportJob


@task()
def run_import_job(job_id: int) -> dict:
    """Run a confirmed import that was too large to run inside the request."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    execute_import_job(job, progress=report_progress(job.pk))
    return job.totals


def execute_import_job(job: ImportJob, *, progress=None) -> ImportJob:
    """Import the job's stored file for real, all or nothing, and record the outcome on the job."""
    resource = import_string(job.resource)(user=job.user)
    with open(job.stored_path, "rb") as handle:
        parsed = parse_xlsx(handle.read(), resource)
    outcome = run_import(resource, parsed, dry_run=False, progress=progress)
    job.processed_rows = outcome.total
    job.totals = outcome.as_dict()
    job.errors = outcome.errors_as_json()
    job.status = ImportJob.Status.DONE if outcome.ok else ImportJob.Status.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["processed_rows", "totals", "errors", "status", "finished_at"])
    return job
