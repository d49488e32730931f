from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from qizhi.core import params, publishing
from qizhi.core import views as core
from qizhi.core.refusals import REFUSALS, on_form
from qizhi.core.views import act
from qizhi.disclosure import documents, services
from qizhi.disclosure.choices import Channel
from qizhi.disclosure.clock import explained
from qizhi.disclosure.filters import DisclosureFilterSet, PublicationFilterSet
from qizhi.disclosure.forms import ProposeForm, ReasonForm, ReviewForm
from qizhi.disclosure.models import Disclosure, Publication
from qizhi.disclosure.tables import DisclosureTable, PublicationTable
from qizhi.documents.views import docx_response
from qizhi.org.models import Unit

ITEMS = Disclosure.objects.select_related("unit", "proposed_by", "reviewed_by", "approved_by")
PUBLICATIONS = Publication.objects.select_related("disclosure__unit", "published_by", "withdrawn_by")


class DisclosureListView(core.ObjectListView):
    queryset = ITEMS
    filterset_class = DisclosureFilterSet
    table_class = DisclosureTable
    exportable = False


class DisclosureDetailView(core.ObjectDetailView):
    queryset = ITEMS
    template_name = "disclosure/disclosure_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        context.update(
            kind_label=dict(publishing.choices()).get(item.kind, item.kind), due=explained(item.made_on),
            channels=[Channel(c).label for c in item.channels], publications=item.publications.order_by("-pk"),
            may_review=services.may_review(user, item), may_approve=services.may_approve(user, item),
            may_publish=services.may_publish(user, item), may_withdraw=services.may_withdraw(user, item),
            review_form=ReviewForm(), reason_form=ReasonForm(),
        )  # fmt: skip
        return context


class DisclosureHistoryView(core.ObjectHistoryView):
    queryset = Disclosure.objects.all()


class PublicationListView(core.ObjectListView):
    queryset = PUBLICATIONS
    filterset_class = PublicationFilterSet
    table_class = PublicationTable
    exportable = False


class PublicationDetailView(core.ObjectDetailView):
    queryset = PUBLICATIONS
    template_name = "disclosure/publication_detail.html"


class PublicationHistoryView(core.ObjectHistoryView):
    queryset = Publication.objects.all()


class ProposeView(core.ServiceFormView):
    """``/disclosure/propose/?kind=<app.what>&object=<id>``: the frozen text as the public will read it,
    the channels and the schedule; saving puts the record forward for review."""

    queryset = Disclosure.objects.all()
    form_class = ProposeForm
    template_name = "disclosure/propose.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        return kwargs

    def record(self):
        declared = publishing.kind_of(self.request.GET.get("kind", ""))
        pk = params.optional_id(self.request.GET, "object")
        if declared is None or pk is None:
            raise Http404(_("没有可公开的记录"))
        return declared, get_object_or_404(declared.model.objects.visible_to(self.request.user), pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        declared, record = self.record()
        try:
            text = declared.freeze(record)
        except ValidationError as exc:
            text, context["refusal"] = None, "；".join(exc.messages)
        else:  # the form only for whom the service lets propose (the record's button asks the same)
            services.check_proposer(self.request.user, text.unit)
        context.update(kind=declared, record=record, text=text, due=explained(text.made_on) if text else None)
        return context

    def form_valid(self, form):
        declared, record = self.record()
        data = form.cleaned_data
        try:
            item = services.propose(
                record, kind=declared.key, channels=data["channels"], publish_at=data.get("publish_at"),
                expires_at=data.get("expires_at"), by=self.request.user,
            )  # fmt: skip
        except REFUSALS as exc:
            on_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已提出公开，等待审核（索引号 {n}）").format(n=item.index_number))
        return HttpResponseRedirect(item.get_absolute_url())


class ItemAction(LoginRequiredMixin, generic.View):
    """A POST move on a visible item (404 otherwise); the service decides who may act and says why not."""

    queryset = Disclosure.objects.select_related("unit")
    http_method_names = ["post"]
    success = ""

    def post(self, request, pk: int):
        item = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        act(request, self.service, item, by=request.user, success=self.success, **self.arguments(request))
        return redirect(item.get_absolute_url())

    def arguments(self, request) -> dict:
        return {}


class ReviewView(ItemAction):
    service = staticmethod(services.review)
    success = gettext_lazy("已审核，转审批")

    def arguments(self, request) -> dict:
        form = ReviewForm(request.POST)
        form.is_valid()
        return {"secrecy_checked": form.cleaned_data.get("secrecy_checked", False),
                "note": form.cleaned_data.get("note", "")}  # fmt: skip


class ApproveView(ItemAction):
    service = staticmethod(services.approve)
    success = gettext_lazy("已审批，可以发布")


class ReturnView(ItemAction):
    service = staticmethod(services.return_item)
    success = gettext_lazy("已退回")

    def arguments(self, request) -> dict:
        return {"reason": request.POST.get("reason", "")}


class PublishView(ItemAction):
    service = staticmethod(services.publish)
    success = gettext_lazy("已发布")

    def arguments(self, request) -> dict:
        return {"link": request.build_absolute_uri(reverse("public:portal"))}


class WithdrawView(ItemAction):
    service = staticmethod(services.withdraw)
    success = gettext_lazy("已撤回，门户网站、触摸屏和订阅中已不再显示")

    def arguments(self, request) -> dict:
        return {"reason": request.POST.get("reason", "")}


class BoardPrintoutView(LoginRequiredMixin, generic.View):
    """公示栏 printout of a board publication as PDF (``?format=docx`` for the Word file)."""

    queryset = PUBLICATIONS

    def get(self, request, pk: int):
        row = get_object_or_404(self.queryset.visible_to(request.user), pk=pk, channel=Channel.BOARD)
        content = documents.board_docx(row)
        if request.GET.get("format") == "docx":
            return docx_response(content, f"{row.index_number}.docx")
        response = HttpResponse(documents.to_pdf(content), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{row.index_number}.pdf"'
        return response


class AnnualReportView(core.ScopedMixin, generic.TemplateView):
    """公开工作年度报告: ``?unit=<id>&year=<yyyy>`` (``&format=docx`` for the Word file)."""

    queryset = Publication.objects.all()
    template_name = "disclosure/annual_report.html"

    def get(self, request, *args, **kwargs):
        units = Unit.objects.visible_to(request.user)
        unit_id = params.optional_id(request.GET, "unit")
        unit = (units.filter(pk=unit_id).first() if unit_id else None) or units.order_by("depth", "path").first()
        year = params.year(request.GET, default=timezone.localdate().year)
        report = services.annual_report(unit, year) if unit else None
        if report and request.GET.get("format") == "docx":
            return docx_response(documents.annual_report_docx(report), f"{unit.name}{year}年度信息公开工作报告.docx")
        return render(request, self.template_name, {"report": report, "units": units.only("pk", "name", "depth")[:500],
                                                    "unit": unit, "year": year})  # fmt: skip
