from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.core import views as core
from qizhi.core.params import optional_year, to_id
from qizhi.core.refusals import messages_of
from qizhi.org.models import Unit
from qizhi.veterans import services
from qizhi.veterans.filters import CareVisitFilterSet, HardshipAidFilterSet
from qizhi.veterans.forms import CareVisitForm, DecideAidForm, HardshipAidForm
from qizhi.veterans.models import CareVisit, HardshipAid
from qizhi.veterans.tables import CareVisitTable, HardshipAidTable

VISITS = CareVisit.objects.select_related("unit").prefetch_related("veterans")
AIDS = HardshipAid.objects.select_related("unit", "person", "decided_by")


class CareVisitListView(core.ObjectListView):
    queryset = VISITS
    filterset_class = CareVisitFilterSet
    table_class = CareVisitTable
    exportable = False


class CareVisitDetailView(core.ObjectDetailView):
    queryset = VISITS
    template_name = "veterans/carevisit_detail.html"


class CareVisitEditView(core.ObjectEditView):
    queryset = VISITS
    form_class = CareVisitForm


class CareVisitDeleteView(core.ObjectDeleteView):
    queryset = CareVisit.objects.all()


class CareVisitHistoryView(core.ObjectHistoryView):
    queryset = CareVisit.objects.all()


class HardshipAidListView(core.ObjectListView):
    queryset = AIDS
    filterset_class = HardshipAidFilterSet
    table_class = HardshipAidTable
    exportable = False


class HardshipAidDetailView(core.ObjectDetailView):
    queryset = AIDS
    template_name = "veterans/hardshipaid_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if services.may_decide(self.request.user, self.object):
            context["decide_form"] = DecideAidForm()
        return context


class HardshipAidEditView(core.ObjectEditView):
    queryset = AIDS
    form_class = HardshipAidForm


class HardshipAidDeleteView(core.ObjectDeleteView):
    queryset = HardshipAid.objects.all()


class HardshipAidHistoryView(core.ObjectHistoryView):
    queryset = HardshipAid.objects.all()


class DecideAidView(core.ScopedMixin, generic.View):
    """POST: the decision on a hardship. A visible aid is looked up (else 404); who may decide is the
    service's question (APPROVE over the cadre's unit), its refusal the 403 page."""

    queryset = AIDS

    def post(self, request, pk: int):
        aid = get_object_or_404(AIDS.visible_to(request.user), pk=pk)
        form = DecideAidForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(aid.get_absolute_url())
        try:
            services.decide_aid(aid, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in messages_of(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("已登记决定：{aid}").format(aid=aid))
        return redirect(aid.get_absolute_url())


class FiguresView(core.ScopedMixin, generic.TemplateView):
    """The year's figures of a visible unit and the report's sentence."""

    replica_reads = True  # a read-only report: its reads may go to a replica (core/dbrouter.py)

    queryset = CareVisit.objects.all()
    template_name = "veterans/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = Unit.objects.visible_to(self.request.user)
        raw_unit = self.request.GET.get("unit", "")
        unit = get_object_or_404(units, pk=to_id(raw_unit)) if to_id(raw_unit) else units.order_by("depth").first()
        year = optional_year(self.request.GET) or timezone.localdate().year
        if unit is not None:
            figures = services.year_figures(unit, year)
            context.update(figures=figures, paragraph=services.paragraph(figures))
        context.update(unit=unit, year=year)
        return context
