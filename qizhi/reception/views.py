from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import params
from qizhi.core import views as core
from qizhi.core.forms import kept
from qizhi.core.refusals import form_messages
from qizhi.org.models import Unit
from qizhi.reception import exports, forms, services
from qizhi.reception.choices import CaseStatus, Channel, HandoverState, QAState
from qizhi.reception.filters import CalendarDayFilterSet, CaseFilterSet, ClockRuleFilterSet, DutySlotFilterSet
from qizhi.reception.models import CalendarDay, Case, ClockRule, DutySlot
from qizhi.reception.tables import CalendarDayTable, CaseTable, ClockRuleTable, DutySlotTable

CASES = Case.objects.select_related("unit", "owner")
SLOTS = DutySlot.objects.select_related("unit", "leader", "scheduled")


# --- Cases ------------------------------------------------------------------------------------


class CaseListView(core.ObjectListView):
    queryset = CASES
    filterset_class = CaseFilterSet
    table_class = CaseTable


class CaseExportView(core.ObjectExportView):
    """The case list with the list page's filters, as a 登记表; it names visitors: a logged export."""

    queryset = CASES.select_related("writer").prefetch_related("stops")
    filterset_class = CaseFilterSet

    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        queryset = self.filtered(request)
        cases = list(queryset)
        content = exports.cases_xlsx(cases, unit=_("权限范围内各单位"), **core.export_marks(request))
        core.log_export(request, what=_("接访来信事项"), rows=len(cases), data=queryset)
        return core.xlsx_response(content, _("接访来信事项-{day}.xlsx").format(day=f"{timezone.localdate():%Y%m%d}"))

    def filtered(self, request):
        """The rows the list page shows for the same query: none when a filter is invalid, as there."""
        visible = self.queryset.visible_to(request.user)
        filterset = self.filterset_class(request.GET, queryset=visible, request=request)
        return filterset.qs if filterset.is_valid() else visible.none()


class CaseAddView(core.ObjectEditView):
    """Register a visit: the person who registers it is its first-responsible owner (首问负责)."""

    queryset = CASES
    form_class = forms.CaseForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(form, "code", None):
            messages.info(self.request, _("编号 {number}，查询码 {code}：请告知来访人，查询码只显示这一次").format(
                number=self.object.number, code=form.code))  # fmt: skip
        return response


class CaseDetailView(core.ObjectDetailView):
    queryset = CASES.select_related("extension_approver", "duty_slot__leader", "writer")
    template_name = "reception/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        handovers = list(case.handovers.select_related("from_owner", "to_owner", "to_unit", "from_unit"))
        pending = next((h for h in handovers if h.state == HandoverState.PENDING), None)
        context.update(
            dues=services.dues(case), steps=case.steps.select_related("created_by"), handovers=handovers,
            stops=case.stops.all(), owners=services.owners(case), pending=pending,
            forms=self.action_forms(case, user, pending),
        )  # fmt: skip
        return context

    def action_forms(self, case, user, pending) -> dict:
        """The actions this user may take now, each with its form: who may act is asked of the services'
        predicates (which decide again on POST), what the case's state allows is read here."""
        acting, approving = services.may_act(case, user), services.may_approve(case, user)
        shown = []
        if case.owner_id is None and services.may_take(case, user):
            shown.append("take")
        if pending is not None and services.may_answer(pending, user):
            shown.append("answer")
        if pending is not None and services.may_withdraw(pending, user):
            shown.append("withdraw")
        if acting and case.owner_id is not None and case.is_open:
            if case.status == CaseStatus.RECEIVED:
                shown.append("accept")
            shown += ["step", "stop" if not any(s.end is None for s in case.stops.all()) else "resume"]
            if pending is None:
                shown.append("handover")
            if case.status == CaseStatus.ACCEPTED:
                shown.append("close")
        if approving and case.is_open and not case.extension_days:
            shown.append("extend")
        if acting and case.status == CaseStatus.CLOSED and not case.satisfaction:
            shown.append("rate")
        if approving and case.status == CaseStatus.CLOSED and case.consent and case.qa_state != QAState.PUBLISHED:
            shown.append("qa")
        made = {}
        for name in shown:
            initial = {"question": case.subject, "answer": case.reply} if name == "qa" else None
            made[name] = forms.ACTIONS[name](user=user, target=case, initial=initial, prefix=name)
            made[name].helper.form_action = reverse("reception:case_act", args=[case.pk, name])
        return made


class CaseActView(LoginRequiredMixin, generic.View):
    """POST one action of the case page; a refusal comes back as a message, nothing changed."""

    def post(self, request, pk, name):
        case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
        form_class = forms.ACTIONS.get(name)
        if form_class is None:  # no such action: a wrong address, not a refusal
            raise Http404
        form = form_class(request.POST, user=request.user, target=case, prefix=name)
        done = False
        if form.is_valid():
            done = kept(form, lambda: form.act(case, request.user)) is not None
        if done:
            messages.success(request, _("已{action}").format(action=form.submit_label))
        else:
            for message in form_messages(form):
                messages.error(request, message)
        if not Case.objects.visible_to(request.user).filter(pk=pk).exists():
            return HttpResponseRedirect(reverse("reception:case_list"))  # handed over out of one's sight
        return HttpResponseRedirect(reverse("reception:case_detail", args=[pk]))


class CaseHistoryView(core.ObjectHistoryView):
    queryset = Case.objects.all()


class DeadlinesView(core.ScopedMixin, generic.TemplateView):
    """Overdue cases and those due within 3 working days, with how each date was computed."""

    queryset = Case.objects.all()
    template_name = "reception/deadlines.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overdue, soon = services.deadlines(Case.objects.visible_to(self.request.user), timezone.localdate())
        context.update(overdue=overdue, soon=soon, window=services.DUE_SOON_WORKING_DAYS)
        return context


class FiguresView(core.ScopedMixin, generic.TemplateView):
    """The year's figures of a unit: visits received, median days to accept and to close per unit."""

    replica_reads = True  # a read-only report: its reads may go to a replica (core/dbrouter.py)

    queryset = Case.objects.all()
    template_name = "reception/figures.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = Unit.objects.visible_to(self.request.user)
        unit = None
        unit_id = params.optional_id(self.request.GET, "unit")
        if unit_id is not None:
            unit = get_object_or_404(units, pk=unit_id)
        unit = unit or units.order_by("depth", "path").first()
        year = params.year(self.request.GET, default=timezone.localdate().year)
        context.update(
            unit=unit, year=year, figures=services.year_figures(unit, year) if unit else None,
            units=units.filter(kind__in=["bureau", "court"]).order_by("path"),
        )  # fmt: skip
        return context


class FiguresExportView(FiguresView):
    """The same figures as an .xlsx report form (counts and medians only: no one's name, not logged)."""

    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        context = self.get_context_data()
        if context["figures"] is None:
            return HttpResponseRedirect(reverse("reception:figures"))
        unit, year = context["unit"], context["year"]
        content = exports.figures_xlsx(unit, context["figures"], **core.export_marks(request))
        return core.xlsx_response(content, _("{unit}{year}年接访来信数字.xlsx").format(unit=unit.name, year=year))


# --- Letters to the director (staff, intranet) ------------------------------------------------------


class WriteLetterView(LoginRequiredMixin, generic.FormView):
    """Any staff member writes to the director; anonymous letters keep no link to their writer."""

    template_name = "reception/letter_form.html"
    form_class = forms.StaffLetterForm

    def get_person(self):
        return getattr(self.request.user, "person", None)

    def form_valid(self, form):
        person = self.get_person()
        if person is None:
            form.add_error(None, _("您的账号未关联人员信息，请联系管理员"))
            return self.form_invalid(form)
        anonymous = form.cleaned_data["anonymous"]
        registered = services.register_case(
            unit=services.bureau_of(person), kind="letter", channel=Channel.INTRANET,
            subject=form.cleaned_data["subject"], content=form.cleaned_data["content"],
            received_on=timezone.localdate(), by=None if anonymous else self.request.user,
            writer=None if anonymous else person, anonymous=anonymous, consent=form.cleaned_data["consent"],
        )  # fmt: skip
        return self.render_to_response(self.get_context_data(form=form, registered=registered, done=True))


class MyLettersView(LoginRequiredMixin, generic.ListView):
    template_name = "reception/my_letters.html"
    context_object_name = "letters"

    def get_queryset(self):
        return services.my_letters(self.request.user)


# --- Duty roster --------------------------------------------------------------------------------


class DutySlotListView(core.ObjectListView):
    queryset = SLOTS
    filterset_class = DutySlotFilterSet
    table_class = DutySlotTable
    exportable = False


class DutySlotDetailView(core.ObjectDetailView):
    queryset = SLOTS
    template_name = "reception/dutyslot_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if services.may_swap(self.object, self.request.user):
            context["swap_form"] = forms.SwapForm(user=self.request.user)
            context["swap_form"].helper.form_action = reverse("reception:dutyslot_swap", args=[self.object.pk])
        context["cases"] = self.object.cases.visible_to(self.request.user)[:50]
        return context


class DutySlotEditView(core.ObjectEditView):
    queryset = SLOTS
    form_class = forms.DutySlotForm


class DutySlotDeleteView(core.ObjectDeleteView):
    queryset = DutySlot.objects.all()


class DutySlotHistoryView(core.ObjectHistoryView):
    queryset = DutySlot.objects.all()


class RosterView(core.ServiceFormView):
    """Generate a year of weekly slots, the chosen leaders in turn."""

    queryset = DutySlot.objects.all()
    form_class = forms.RosterForm

    def form_valid(self, form):
        made = kept(form, lambda: form.save_as(self.request.user))
        if made is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已生成{n}周的值班").format(n=len(made)))
        return HttpResponseRedirect(reverse("reception:dutyslot_list"))


class SwapView(LoginRequiredMixin, generic.View):
    queryset = DutySlot.objects.all()

    def post(self, request, pk):
        slot = get_object_or_404(DutySlot.objects.visible_to(request.user), pk=pk)
        form = forms.SwapForm(request.POST, user=request.user)
        if form.is_valid():
            kept(form, lambda: form.act(slot, request.user))
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        if form.is_valid() and not form.errors:
            messages.success(request, _("已调班"))
        return HttpResponseRedirect(slot.get_absolute_url())


# --- Working-day calendar and clock rules (administrators) ---------------------------------------


class CatalogMixin:
    """Deployment-wide tables: everyone reads; the forms only for whom ``services.save_catalog`` lets
    keep them (``may_keep_catalog``), and the list's 新增 button only for them."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.check_catalog_keeper(request.user)
        return super().dispatch(request, *args, **kwargs)


class CatalogListView(core.ObjectListView):
    exportable = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not services.may_keep_catalog(self.request.user):
            context["can"] = dict.fromkeys(context["can"], False) | {Action.VIEW: True}
        return context


def catalog_views(model, *, filterset, table, form) -> dict:
    """The list, detail, edit, delete and history views of one catalog, declared in one place."""
    rows = {"queryset": model.objects.all()}
    name = model.__name__
    return {
        "list": type(f"{name}ListView", (CatalogListView,), {
            **rows, "filterset_class": filterset, "table_class": table}),
        "detail": type(f"{name}DetailView", (core.ObjectDetailView,), {
            **rows, "template_name": "reception/catalog_detail.html"}),
        "edit": type(f"{name}EditView", (CatalogMixin, core.ObjectEditView), {**rows, "form_class": form}),
        "delete": type(f"{name}DeleteView", (CatalogMixin, core.ObjectDeleteView), rows),
        "history": type(f"{name}HistoryView", (core.ObjectHistoryView,), rows),
    }  # fmt: skip


CALENDAR = catalog_views(
    CalendarDay, filterset=CalendarDayFilterSet, table=CalendarDayTable, form=forms.CalendarDayForm
)
RULES = catalog_views(ClockRule, filterset=ClockRuleFilterSet, table=ClockRuleTable, form=forms.ClockRuleForm)
