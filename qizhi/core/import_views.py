"""The one upload–check–confirm import page every app reuses.

The request stores the file and queues its check; the job's page polls (htmx) while the task
worker reads it, then shows every bad row or a preview with the confirm button; the confirmed
import runs in the background too. No request parses a sheet.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from qizhi.accounts.roles import Action
from qizhi.core.imports import (
    ImportFileError,
    ImportOutcome,
    Limits,
    RowError,
    SizeLimitUploadHandler,
    progress_key,
    store_upload,
    too_large_message,
)
from qizhi.core.models import ImportJob
from qizhi.core.params import to_id
from qizhi.core.tasks import check_import_job, run_import_job
from qizhi.core.views import ScopedMixin

ERRORS_SHOWN = 1000  # a page of a thousand rows is the most a person reads; the count says the rest


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))


# The size handler must be in place before anything reads the body, CSRF included: the middleware
# skips this view and ``dispatch`` runs the same check once the handler is installed (Django docs,
# "Modifying upload handlers on the fly").
@method_decorator(csrf_exempt, name="dispatch")
class ObjectImportView(ScopedMixin, generic.View):
    """Upload a file → its check in the background → every bad row, or a preview → confirm."""

    resource_class = None
    template_name = "core/import.html"

    def dispatch(self, request, *args, **kwargs):
        self.limits = Limits.from_settings()
        self.size_handler = SizeLimitUploadHandler(self.limits.max_bytes, request)
        request.upload_handlers.insert(0, self.size_handler)
        return csrf_protect(self._dispatch)(request, *args, **kwargs)

    def _dispatch(self, request, *args, **kwargs):
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
            limits=self.limits,
            row_meaning=self.resource_class.row_meaning,
        )
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        if "job" in request.POST:
            return self.confirm(request)
        form = UploadForm(request.POST, request.FILES)
        if self.size_handler.refused:
            form.is_valid()  # the file was dropped while streaming in: say why, not "required"
            form.errors["file"] = form.error_class([too_large_message(self.limits)])
            return self.render_page(form=form)
        if not form.is_valid():
            return self.render_page(form=form)
        upload = form.cleaned_data["file"]
        try:
            stored = store_upload(upload, self.limits)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self.render_page(form=form)
        job = ImportJob.objects.create(
            user=request.user,
            resource=self.resource_path,
            file_name=upload.name[:255],
            stored_path=str(stored),
            status=ImportJob.Status.CHECKING,
            import_url=request.path,
            list_url=reverse(self.url_name("list")),
        )
        check_import_job.enqueue(job.pk)
        return redirect("core:import_job", pk=job.pk)

    def confirm(self, request):
        job = get_object_or_404(
            ImportJob,
            pk=parse_id(request.POST["job"]),
            user=request.user,
            resource=self.resource_path,
            status=ImportJob.Status.PREVIEWED,
        )
        job.status = ImportJob.Status.QUEUED
        job.processed_rows = 0
        job.save(update_fields=["status", "processed_rows"])
        cache.delete(progress_key(job.pk))
        run_import_job.enqueue(job.pk)
        return redirect("core:import_job", pk=job.pk)


def parse_id(raw: str) -> int:
    """A job id from the form; anything else matches no job (404)."""
    return to_id(raw) or 0


class ImportJobView(LoginRequiredMixin, generic.DetailView):
    """A file's check or import: progress while the worker reads it, then the errors or the preview."""

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
        if job.busy:
            job.processed_rows = cache.get(progress_key(job.pk), job.processed_rows)
        else:
            context["outcome"] = outcome_of(job)
        context["errors_shown"] = job.errors[:ERRORS_SHOWN]
        context["errors_hidden"] = max(0, len(job.errors) - ERRORS_SHOWN)
        return context


def outcome_of(job: ImportJob) -> ImportOutcome:
    totals = job.totals or {}
    return ImportOutcome(
        total=job.total_rows,
        new=totals.get("new", 0),
        updated=totals.get("updated", 0),
        errors=[RowError(**e) for e in job.errors],
        preview=job.preview,
    )
