"""The one upload–preview–confirm import page every app reuses."""

from __future__ import annotations

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core.imports import ImportFileError, check_upload, parse_xlsx, progress_key, run_import
from qizhi.core.models import ImportJob
from qizhi.core.tasks import execute_import_job, run_import_job
from qizhi.core.views import ScopedMixin


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))


class ObjectImportView(ScopedMixin, generic.View):
    """Upload a file → see every bad row, or a preview → confirm → all rows imported, or none."""

    resource_class = None
    template_name = "core/import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require(Action.IMPORT)
        return super().dispatch(request, *args, **kwargs)

    @property
    def resource_path(self) -> str:
        return f"{self.resource_class.__module__}.{self.resource_class.__qualname__}"

    def render_page(self, **context):
        context.setdefault("form", UploadForm())
        context.update(
            model_meta=self.model._meta,
            list_url=reverse(self.url_name("list")),
            template_url=reverse(self.url_name("import_template")),
            columns=[f.column_name for f in self.resource_class(user=self.request.user).get_import_fields()],
            required_columns=self.resource_class.required_columns(),
        )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        if "job" in request.POST:
            return self.confirm(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form=form)
        upload = form.cleaned_data["file"]
        resource = self.resource_class(user=request.user)
        try:
            content = check_upload(upload)
            parsed = parse_xlsx(content, resource)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.render_page(form=form)
        outcome = run_import(resource, parsed, dry_run=True)
        job = ImportJob.objects.create(
            user=request.user,
            resource=self.resource_path,
            file_name=upload.name,
            stored_path=str(self._store(content)),
            total_rows=outcome.total,
            totals=outcome.as_dict(),
            errors=outcome.errors_as_json(),
            status=ImportJob.Status.PREVIEWED if outcome.ok else ImportJob.Status.FAILED,
        )
        return self.render_page(job=job, outcome=outcome)

    def confirm(self, request):
        job = get_object_or_404(
            ImportJob,
            pk=request.POST["job"],
            user=request.user,
            resource=self.resource_path,
            status=ImportJob.Status.PREVIEWED,
        )
        if job.total_rows > settings.QIZHI_IMPORT_BACKGROUND_ROWS:
            job.status = ImportJob.Status.QUEUED
            job.save(update_fields=["status"])
            run_import_job.enqueue(job.pk)
            return redirect("core:import_job", pk=job.pk)
        job = execute_import_job(job)
        if job.status == ImportJob.Status.DONE:
            messages.success(request, _("导入完成：新增 {new} 条，更新 {updated} 条").format(**job.totals))
            return redirect(self.url_name("list"))
        return self.render_page(job=job, outcome=None, failed_job=job)

    @staticmethod
    def _store(content: bytes) -> Path:
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}.xlsx"
        path.write_bytes(content)
        return path


class ImportJobView(LoginRequiredMixin, generic.DetailView):
    """A background import's progress; the page polls its own fragment with htmx until done."""

    model = ImportJob
    template_name = "core/import_job.html"
    context_object_name = "job"

    def get_queryset(self):
        # An import job is the uploader's own; nobody else's is reachable.
        return ImportJob.objects.filter(user=self.request.user)

    def get_template_names(self):
        if self.request.htmx:
            return ["core/_import_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        if job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
            job.processed_rows = cache.get(progress_key(job.pk), job.processed_rows)
        context["finished"] = job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED)
        return context
