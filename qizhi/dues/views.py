from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import views as core
from qizhi.core.forms import kept
from qizhi.core.import_views import ObjectImportView
from qizhi.core.params import to_id
from qizhi.core.refusals import Refused
from qizhi.dues import services
from qizhi.dues.exports import ledger_xlsx
from qizhi.dues.filters import DuesBaseFilterSet, DuesPaymentFilterSet, DuesReliefFilterSet
from qizhi.dues.forms import DuesBaseForm, PayForm, ReliefForm
from qizhi.dues.models import DuesBase, DuesPayment, DuesRelief, month_label
from qizhi.dues.resources import DuesBaseResource, DuesPaymentResource
from qizhi.dues.tables import DuesBaseTable, DuesPaymentTable, DuesReliefTable
from qizhi.party.models import PartyOrg

BASES = DuesBase.objects.select_related("membership__person", "membership__branch")
PAYMENTS = DuesPayment.objects.select_related("membership__person", "membership__branch", "proxy")
RELIEFS = DuesRelief.objects.select_related("membership__person", "approved_by")

# --- Bases --------------------------------------------------------------------------------------


class DuesBaseListView(core.ObjectListView):
    queryset = BASES
    filterset_class = DuesBaseFilterSet
    table_class = DuesBaseTable
    importable = True


class DuesBaseDetailView(core.ObjectDetailView):
    queryset = BASES
    template_name = "dues/record_detail.html"


class DuesBaseEditView(core.ObjectEditView):
    queryset = BASES
    form_class = DuesBaseForm

    def get_initial(self):
        return {"membership": self.request.GET.get("membership")}  # a new base only (ObjectEditView)


class DuesBaseDeleteView(core.ObjectDeleteView):
    queryset = DuesBase.objects.all()


class DuesBaseHistoryView(core.ObjectHistoryView):
    queryset = DuesBase.objects.all()


class DuesBaseExportView(core.ObjectExportView):
    queryset = BASES
    filterset_class = DuesBaseFilterSet
    resource_class = DuesBaseResource
    filename = "党费基数"


class DuesBaseImportView(ObjectImportView):
    queryset = DuesBase.objects.all()
    resource_class = DuesBaseResource


class DuesBaseImportTemplateView(core.ImportTemplateView):
    queryset = DuesBase.objects.all()
    resource_class = DuesBaseResource
    filename = "党费基数导入模板"


# --- Payments -----------------------------------------------------------------------------------


class DuesPaymentListView(core.ObjectListView):
    queryset = PAYMENTS
    filterset_class = DuesPaymentFilterSet
    table_class = DuesPaymentTable


class DuesPaymentDetailView(core.ObjectDetailView):
    queryset = PAYMENTS
    template_name = "dues/record_detail.html"


class DuesPaymentDeleteView(core.ObjectDeleteView):
    """Undo a payment recorded by mistake; the record stays in its history."""

    queryset = DuesPayment.objects.all()


class DuesPaymentHistoryView(core.ObjectHistoryView):
    queryset = DuesPayment.objects.all()


class DuesPaymentExportView(core.ObjectExportView):
    queryset = PAYMENTS
    filterset_class = DuesPaymentFilterSet
    resource_class = DuesPaymentResource
    filename = "党费交纳"


class ServiceForm(core.ServiceFormView):
    """Run the form's ``save_as`` (a service); a refusal stays on the form."""

    success_message = ""

    def form_valid(self, form):
        if kept(form, lambda: form.save_as(self.request.user)) is None:
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as exc:  # a rule outside the form's fields
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(request.path)


class PayView(ServiceForm):
    """A dues keeper records payments of one or several months for a member (代交 or cash collected)."""

    queryset = DuesPayment.objects.all()
    form_class = PayForm
    success_message = _("已登记党费交纳")

    def get_initial(self):
        return {"membership": self.request.GET.get("membership")}

    def get_success_url(self):
        return reverse("dues:duespayment_list")


class ReliefView(ServiceForm):
    """A relief is approved by one who may approve dues (``grant_relief`` decides over the member's
    branch); the form opens only to those the service may let through somewhere."""

    queryset = DuesRelief.objects.all()
    form_class = ReliefForm
    success_message = _("已批准党费减免")

    def require(self, action: str) -> None:
        if not services.may_approve_relief_somewhere(self.request.user):
            raise services.refuse_relief()

    def get_success_url(self):
        return reverse("dues:duesrelief_list")


# --- Reliefs ------------------------------------------------------------------------------------


class DuesReliefListView(core.ObjectListView):
    queryset = RELIEFS
    filterset_class = DuesReliefFilterSet
    table_class = DuesReliefTable
    exportable = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can"]["add"] = services.may_approve_relief_somewhere(self.request.user)  # no button to a 403
        return context


class DuesReliefDetailView(core.ObjectDetailView):
    queryset = RELIEFS
    template_name = "dues/record_detail.html"


class DuesReliefDeleteView(core.ObjectDeleteView):
    queryset = DuesRelief.objects.all()


class DuesReliefHistoryView(core.ObjectHistoryView):
    queryset = DuesRelief.objects.all()


# --- Ledger, unpaid list, the member's own page ---------------------------------------------------


class BranchMonthMixin(core.ScopedMixin):
    """``?party_org=<id>&month=YYYY-MM``: a visible branch (else 404) and a month (default: this one)."""

    queryset = DuesPayment.objects.all()

    def branch_and_month(self):
        request = self.request
        branches = services.ledger_branches(request.user)
        raw = request.GET.get("party_org", "")
        branch = None
        if to_id(raw):
            branch = get_object_or_404(branches, pk=to_id(raw))
        elif raw:
            raise ValidationError({"party_org": _("党组织编号应为整数")})
        else:
            branch = branches.first()
        raw_month = request.GET.get("month")
        month = services.parse_month(raw_month) if raw_month else services.month_of(timezone.localdate())
        return branch, month


class LedgerView(BranchMonthMixin, generic.TemplateView):
    template_name = "dues/ledger.html"

    def get(self, request, *args, **kwargs):
        try:
            self.branch, self.month = self.branch_and_month()
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            self.branch = services.ledger_branches(request.user).first()
            self.month = services.month_of(timezone.localdate())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        book = services.ledger(self.branch, self.month) if self.branch else None
        context.update(
            branch=self.branch, month=self.month, month_text=month_label(self.month), ledger=book,
            branches=services.ledger_branches(self.request.user).only("pk", "name", "depth"),
            previous=services.add_months(self.month, -1), next=services.add_months(self.month, 1),
        )  # fmt: skip
        return context


class LedgerExportView(BranchMonthMixin, generic.View):
    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        try:
            branch, month = self.branch_and_month()
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(reverse("dues:ledger"))
        if branch is None:  # no ledger this user may read: a refusal with its reason, as before
            raise Refused(_("没有您可以查看的党费台账"))
        content = ledger_xlsx(services.ledger(branch, month), **core.export_marks(request))
        return core.xlsx_response(content, f"{branch.name}党费台账-{month:%Y-%m}.xlsx")


class UnpaidView(core.ScopedMixin, generic.TemplateView):
    """Members with overdue months: a warning at 3 consecutive, an alert at 6."""

    queryset = DuesPayment.objects.all()
    template_name = "dues/unpaid.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        memberships = services.visible_memberships(self.request.user)
        raw = self.request.GET.get("party_org", "")
        if to_id(raw):
            org = get_object_or_404(PartyOrg.objects.visible_to(self.request.user), pk=to_id(raw))
            memberships = memberships.filter(services.subtree_q("branch__path", org.path))
            context["branch"] = org
        context.update(
            rows=services.arrears(memberships), branches=services.ledger_branches(self.request.user),
            warning=services.WARNING_MONTHS, alert=services.ALERT_MONTHS,
        )  # fmt: skip
        return context


class MyDuesView(LoginRequiredMixin, generic.FormView):
    """The member's own dues: the standard, unpaid months, paying several at once, the payments made."""

    template_name = "dues/my_dues.html"
    form_class = PayForm
    queryset = DuesPayment.objects.all()  # what the page shows: the member's own payments only

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            person = services.own_person(request.user)
            self.membership = person.memberships.filter(ended_on__isnull=True).select_related(
                "person", "branch__unit"
            ).first() if person else None  # fmt: skip
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "membership": self.membership}

    def get_form(self, form_class=None):
        return super().get_form(form_class) if self.membership else None

    def post(self, request, *args, **kwargs):
        if self.membership is None:
            raise Refused(_("您没有在册的组织关系，不能在此交纳党费"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        payments = kept(form, lambda: form.save_as(self.request.user))
        if payments is None:
            return self.form_invalid(form)
        total = sum((p.amount for p in payments), services.ZERO)
        messages.success(self.request, _("已交纳{n}个月党费，共{total}元").format(n=len(payments), total=total))
        return HttpResponseRedirect(reverse("dues:my_dues"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.membership
        if membership is not None:
            today = timezone.localdate()
            context.update(
                membership=membership,
                current=services.dues_for(membership, today),
                unpaid=services.unpaid_months(membership, today),
                payments=membership.dues_payments.select_related("proxy").order_by("-month")[:24],
            )
        return context
