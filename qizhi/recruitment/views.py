from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import views as core
from qizhi.core.forms import kept
from qizhi.recruitment import services
from qizhi.recruitment.choices import Step
from qizhi.recruitment.exports import archive_xlsx
from qizhi.recruitment.filters import ApplicantFilterSet
from qizhi.recruitment.forms import ApplicantForm, StepForm
from qizhi.recruitment.models import Applicant
from qizhi.recruitment.tables import ApplicantTable

APPLICANTS = Applicant.objects.select_related("person", "branch")
DETAIL = APPLICANTS.select_related(
    "contact_1__person", "contact_2__person", "introducer_1__person", "introducer_2__person", "membership"
)


class ApplicantListView(core.ObjectListView):
    queryset = APPLICANTS
    filterset_class = ApplicantFilterSet
    table_class = ApplicantTable
    exportable = False


class ApplicantDetailView(core.ObjectDetailView):
    queryset = DETAIL
    template_name = "recruitment/applicant_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applicant, user = self.object, self.request.user
        steps = services.next_steps(applicant)
        context.update(
            checklist=services.checklist(applicant),
            next_steps=[(due, services.may_record(user, applicant, due.step)) for due in steps],
            flags=services.flags(applicant, timezone.localdate()),
            probation_ends=services.probation_ends(applicant),
            may_stop=applicant.open and services.may_record(user, applicant, Step.STOP),
            may_extend=applicant.stage == "probationary" and applicant.extended_to is None
            and services.may_record(user, applicant, Step.EXTENSION),
        )  # fmt: skip
        return context


class ApplicantEditView(core.ObjectEditView):
    queryset = APPLICANTS
    form_class = ApplicantForm


class ApplicantDeleteView(core.ObjectDeleteView):
    queryset = Applicant.objects.all()


class ApplicantHistoryView(core.ObjectHistoryView):
    queryset = Applicant.objects.all()


class StepView(core.ScopedMixin, generic.FormView):
    """Record one step: the form asks its date and what it records; a refusal stays on the form. A
    visible applicant is looked up (else 404); the page opens to whom the service would let record
    the step (``may_record``), else the service's refusal is the 403 page."""

    queryset = APPLICANTS
    template_name = "core/object_form.html"
    form_class = StepForm

    def dispatch(self, request, *args, **kwargs):
        self.step = request.GET.get("step", "")  # ?step=<Step>: one page for every step
        if self.step not in Step.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def setup_object(self):
        self.object = get_object_or_404(self.queryset.visible_to(self.request.user), pk=self.kwargs["pk"])
        refused = services.refusal(self.request.user, self.object, self.step)
        if refused is not None:
            raise refused

    def get(self, request, *args, **kwargs):
        self.setup_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "step": self.step, "user": self.request.user}

    def get_initial(self):
        return {"on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("{person}：{step}").format(person=self.object.person, step=Step(self.step).label)
        return context

    def form_valid(self, form):
        if kept(form, lambda: form.save_as(self.object, self.request.user)) is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已登记：{step}").format(step=Step(self.step).label))
        return HttpResponseRedirect(self.object.get_absolute_url())


class ArchiveExportView(core.ScopedMixin, generic.DetailView):
    """发展党员档案 checklist of one person (.xlsx)."""

    queryset = DETAIL

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        applicant = self.get_object()
        if not self.scope().can(Action.EXPORT, self.area):
            raise PermissionDenied
        content = archive_xlsx(applicant, **core.export_marks(request))
        return core.xlsx_response(content, f"{applicant.person.name}发展党员档案.xlsx")
