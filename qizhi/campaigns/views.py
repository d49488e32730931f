from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.campaigns import services
from qizhi.campaigns.choices import DEFAULT_PROGRESS
from qizhi.campaigns.exports import ledger_xlsx
from qizhi.campaigns.filters import (
    CampaignFilterSet,
    GroupMemberFilterSet,
    OpinionFilterSet,
    PhaseFilterSet,
    ProblemFilterSet,
    RectificationFilterSet,
    ReportFilterSet,
    ResearchTopicFilterSet,
    RuleFilterSet,
    WorkingGroupFilterSet,
)
from qizhi.campaigns.forms import (
    BulkForm,
    CampaignForm,
    GroupMemberForm,
    OpinionForm,
    PhaseForm,
    PhaseOverrideForm,
    ProblemForm,
    ProblemFromOpinionForm,
    ProgressForm,
    PublicOpinionForm,
    RectificationForm,
    ReportForm,
    ResearchTopicForm,
    ReturnForm,
    RuleForm,
    SendOpinionForm,
    VerifyForm,
    WorkingGroupForm,
)
from qizhi.campaigns.models import (
    Campaign,
    GroupMember,
    Opinion,
    Phase,
    Problem,
    Rectification,
    Report,
    ResearchTopic,
    Rule,
    WorkingGroup,
)
from qizhi.campaigns.resources import RectificationResource
from qizhi.campaigns.tables import (
    CampaignTable,
    GroupMemberTable,
    OpinionTable,
    PhaseTable,
    ProblemTable,
    RectificationTable,
    ReportTable,
    ResearchTopicTable,
    RuleTable,
    WorkingGroupTable,
)
from qizhi.core import views as core
from qizhi.core.clients import client_address
from qizhi.core.import_views import ObjectImportView
from qizhi.core.params import to_id

ITEMS = Rectification.objects.select_related("campaign", "problem", "responsible_person", "responsible_unit")


class FieldsDetailView(core.ObjectDetailView):
    """A record's page listing its fields (``fields``), labelled as the model names them."""

    template_name = "campaigns/record_detail.html"
    fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for name in self.fields:
            field = self.model._meta.get_field(name)
            if field.many_to_many:
                value = "、".join(str(v) for v in getattr(self.object, name).all())
            elif field.choices:
                value = getattr(self.object, f"get_{name}_display")()
            else:
                value = getattr(self.object, name)
            rows.append((field.verbose_name, value))
        context["rows"] = rows
        return context


def crud(model, queryset, *, filterset, table, form, fields, detail=None):
    """The list, detail, edit, delete and history views of one model, declared in one place."""
    attrs = {"queryset": queryset}
    return {
        "list": type(f"{model.__name__}ListView", (core.ObjectListView,), {
            **attrs, "filterset_class": filterset, "table_class": table, "exportable": False}),
        "detail": detail or type(f"{model.__name__}DetailView", (FieldsDetailView,), {**attrs, "fields": fields}),
        "edit": type(f"{model.__name__}EditView", (core.ObjectEditView,), {**attrs, "form_class": form}),
        "delete": type(f"{model.__name__}DeleteView", (core.ObjectDeleteView,), {"queryset": model.objects.all()}),
        "history": type(f"{model.__name__}HistoryView", (core.ObjectHistoryView,), {"queryset": model.objects.all()}),
    }  # fmt: skip


# --- Campaign ---------------------------------------------------------------------------------


class CampaignDetailView(core.ObjectDetailView):
    """The campaign's page: phases on a timeline with today marked, bodies, topics, opinions, problems
    by area, the roll-up and the figures."""

    queryset = Campaign.objects.select_related("unit", "override_phase")
    template_name = "campaigns/campaign_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, user, today = self.object, self.request.user, services.today()
        state = services.phase_state(campaign, today)
        phases = list(campaign.phases.all())
        context.update(
            state=state, phases=phases, today=today,
            timeline={
                "today": today.isoformat(),
                "phases": [{"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat(),
                            "current": state.phase is not None and p.pk == state.phase.pk} for p in phases],
            },
            groups=campaign.groups.prefetch_related("members__person", "units", "topics"),
            topics=campaign.topics.select_related("group").prefetch_related("reports"),
            figures=services.figures(campaign, today), rollup=services.rollup(campaign),
            may_send=services.may_send_opinion(campaign, user), opinion_form=SendOpinionForm(),
            may_override=services.may_set_phase(campaign, user),
            override_form=PhaseOverrideForm(campaign=campaign, initial={"phase": campaign.override_phase_id}),
            rules=campaign.rules.all()[:50],
        )  # fmt: skip
        return context


CAMPAIGN = crud(
    Campaign, Campaign.objects.select_related("unit"), filterset=CampaignFilterSet, table=CampaignTable,
    form=CampaignForm, fields=(), detail=CampaignDetailView,
)  # fmt: skip


class CampaignActionView(core.ScopedMixin, generic.View):
    """POST actions on a campaign: send an opinion (staff), set the current phase by hand."""

    queryset = Campaign.objects.all()
    action = ""

    def post(self, request, pk: int):
        if self.action == "opinion":  # open to the unit's staff, whatever their role lets them see
            campaign = get_object_or_404(services.consultations_for(request.user), pk=pk)
        else:
            campaign = get_object_or_404(Campaign.objects.visible_to(request.user).select_related("unit"), pk=pk)
        back = request.POST.get("next", "")
        if self.action == "opinion":
            form = SendOpinionForm(request.POST)
            if form.is_valid():
                core.act(request, services.send_opinion, campaign, by=request.user, success=_("意见已提交，谢谢您"),
                         **form.cleaned_data)  # fmt: skip
            else:
                messages.error(request, _("请填写意见建议"))
        else:
            form = PhaseOverrideForm(request.POST, campaign=campaign)
            if form.is_valid():
                core.act(request, services.set_phase, campaign, form.cleaned_data["phase"], by=request.user,
                         reason=form.cleaned_data["reason"], success=_("已调整当前阶段"))  # fmt: skip
            else:
                messages.error(request, _("请说明人工调整阶段的理由"))
        if back == "my":
            return redirect("campaigns:my_items")
        return redirect(campaign.get_absolute_url())


# --- Phases, groups, members, topics, reports, rules ------------------------------------------

PHASE = crud(
    Phase, Phase.objects.select_related("campaign"), filterset=PhaseFilterSet, table=PhaseTable, form=PhaseForm,
    fields=("campaign", "order", "name", "start", "end", "focus"),
)  # fmt: skip
GROUP = crud(
    WorkingGroup, WorkingGroup.objects.select_related("campaign"), filterset=WorkingGroupFilterSet,
    table=WorkingGroupTable, form=WorkingGroupForm, fields=("campaign", "kind", "name", "duties", "units"),
)  # fmt: skip
MEMBER = crud(
    GroupMember, GroupMember.objects.select_related("group", "person"), filterset=GroupMemberFilterSet,
    table=GroupMemberTable, form=GroupMemberForm, fields=("group", "person", "role", "ends_on"),
)  # fmt: skip
TOPIC = crud(
    ResearchTopic, ResearchTopic.objects.select_related("campaign", "group"), filterset=ResearchTopicFilterSet,
    table=ResearchTopicTable, form=ResearchTopicForm, fields=("campaign", "order", "title", "group"),
)  # fmt: skip


class ReportDetailView(FieldsDetailView):
    queryset = Report.objects.select_related("campaign", "topic")
    fields = ("campaign", "topic", "kind", "title", "author", "submitted_on", "summary")
    attachments = True


REPORT = crud(
    Report, Report.objects.select_related("campaign", "topic"), filterset=ReportFilterSet, table=ReportTable,
    form=ReportForm, fields=(), detail=ReportDetailView,
)  # fmt: skip
RULE = crud(
    Rule, Rule.objects.select_related("unit", "campaign"), filterset=RuleFilterSet, table=RuleTable, form=RuleForm,
    fields=("unit", "campaign", "title", "made_on", "text"),
)  # fmt: skip


# --- Opinions and problems --------------------------------------------------------------------


class OpinionDetailView(FieldsDetailView):
    queryset = Opinion.objects.select_related("campaign", "person")
    template_name = "campaigns/opinion_detail.html"
    fields = ("campaign", "channel", "person", "category", "content", "contact")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            problems=self.object.problems.all(),
            may_make_problem=services.may_make_problem(self.object, self.request.user),
            problem_form=ProblemFromOpinionForm(initial={"category": self.object.category or None}),
        )  # fmt: skip
        return context


OPINION = crud(
    Opinion, Opinion.objects.select_related("campaign", "person"), filterset=OpinionFilterSet, table=OpinionTable,
    form=OpinionForm, fields=(), detail=OpinionDetailView,
)  # fmt: skip


class ProblemFromOpinionView(core.ScopedMixin, generic.View):
    queryset = Opinion.objects.all()

    def post(self, request, pk: int):
        opinion = get_object_or_404(Opinion.objects.visible_to(request.user), pk=pk)
        form = ProblemFromOpinionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请选择问题所属方面并填写问题表现"))
            return redirect(opinion.get_absolute_url())
        made = []
        core.act(
            request, lambda: made.append(services.problem_from_opinion(opinion, by=request.user, **form.cleaned_data)),
            success=_("已据此意见查摆问题"),
        )  # fmt: skip
        return redirect(made[0].get_absolute_url() if made else opinion.get_absolute_url())


class ProblemDetailView(FieldsDetailView):
    queryset = Problem.objects.select_related("campaign", "opinion")
    template_name = "campaigns/problem_detail.html"
    fields = ("campaign", "category", "source", "opinion", "description", "found_on")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = self.object.rectifications.select_related("responsible_person", "responsible_unit")
        return context


PROBLEM = crud(
    Problem, Problem.objects.select_related("campaign", "opinion"), filterset=ProblemFilterSet, table=ProblemTable,
    form=ProblemForm, fields=(), detail=ProblemDetailView,
)  # fmt: skip


# --- Rectification ----------------------------------------------------------------------------


class RectificationListView(core.ObjectListView):
    """The rectification ledger (整改台账): filters, lights and bulk change."""

    queryset = ITEMS
    filterset_class = RectificationFilterSet
    table_class = RectificationTable
    template_name = "campaigns/rectification_list.html"
    importable = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bulk_form"] = BulkForm() if services.may_bulk_change(self.request.user) else None
        return context


class RectificationDetailView(core.ObjectDetailView):
    queryset = ITEMS
    template_name = "campaigns/rectification_detail.html"

    def get_queryset(self):
        return services.items_for(self.request.user).select_related(
            "campaign", "problem", "responsible_person", "responsible_unit"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        context.update(
            entries=item.entries.select_related("actor"), light=services.light(item),
            missing=services.missing_for_publication(item) if not item.public else {},
            may_publish=services.may_publish(item, user), may_report=services.may_report(item, user),
            may_verify=services.may_verify(item, user),
            progress_form=ProgressForm(initial={"status": item.status}), verify_form=VerifyForm(),
            return_form=ReturnForm(), defaults=dict(DEFAULT_PROGRESS),
            evidence=services.evidence_of(item).count(),
        )  # fmt: skip
        # An owner may reach their item from outside the campaign's scope: link only what they can open.
        visible = ITEMS.model.objects.visible_to(user).filter(pk=item.pk).exists()
        context["has_history"] = context["has_history"] and visible
        context["campaign_visible"] = (
            item.campaign.__class__.objects.visible_to(user).filter(pk=item.campaign_id).exists()
        )
        context["problem_visible"] = item.problem.__class__.objects.visible_to(user).filter(pk=item.problem_id).exists()
        return context


class RectificationEditView(core.ObjectEditView):
    queryset = ITEMS
    form_class = RectificationForm

    def get_initial(self):
        return {} if "pk" in self.kwargs else {"problem": to_id(self.request.GET.get("problem", ""))}


class RectificationActionView(core.ScopedMixin, generic.View):
    """POST actions on an item: publish, report progress (with evidence), verify, return."""

    queryset = Rectification.objects.all()
    action = ""

    def post(self, request, pk: int):
        item = get_object_or_404(services.items_for(request.user), pk=pk)
        by = request.user
        if self.action == "publish":
            core.act(request, services.publish, item, by=by, success=_("已公开"))
        elif self.action == "progress":
            form = ProgressForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                core.act(request, services.report_progress, item, by=by, status=data["status"],
                         progress=data["progress"], note=data["note"], files=request.FILES.getlist("files"),
                         success=_("已报告整改进展"))  # fmt: skip
            else:
                messages.error(request, _("请检查填写的进展"))
        elif self.action == "verify":
            form = VerifyForm(request.POST)
            if form.is_valid():
                core.act(request, services.verify, item, by=by, success=_("已验收"), **form.cleaned_data)
            else:
                messages.error(request, _("请选择验收结论"))
        else:
            core.act(request, services.return_item, item, by=by, reason=request.POST.get("reason", ""),
                     success=_("已退回"))  # fmt: skip
        return redirect(item.get_absolute_url())


class RectificationBulkView(core.ScopedMixin, generic.View):
    """批量调整: the status (its default progress follows), the deadline, with one reason for all."""

    queryset = Rectification.objects.all()

    def post(self, request):
        form = BulkForm(request.POST)
        ids = [i for i in (to_id(v) for v in request.POST.getlist("select")) if i is not None]
        back = request.POST.get("next") or reverse("campaigns:rectification_list")
        if not back.startswith("/") or back.startswith("//"):
            back = reverse("campaigns:rectification_list")
        if not form.is_valid() or not ids:
            messages.error(request, _("请勾选事项并说明理由"))
            return redirect(back)
        data = form.cleaned_data
        chosen = Rectification.objects.visible_to(request.user).filter(pk__in=ids)  # a foreign id: as if missing
        changed = []
        core.act(
            request,
            lambda: changed.append(services.bulk_change(
                chosen, by=request.user, status=data["status"], deadline=data["deadline"], reason=data["reason"])),
            success=lambda: _("已调整{n}项").format(n=changed[0]),
        )  # fmt: skip
        return redirect(back)


class RectificationDeleteView(core.ObjectDeleteView):
    queryset = Rectification.objects.all()


class RectificationHistoryView(core.ObjectHistoryView):
    queryset = Rectification.objects.all()


class RectificationExportView(core.ObjectExportView):
    queryset = ITEMS
    filterset_class = RectificationFilterSet
    resource_class = RectificationResource
    filename = "整改台账"
    personal = False


class RectificationImportView(ObjectImportView):
    queryset = Rectification.objects.all()
    resource_class = RectificationResource


class RectificationImportTemplateView(core.ImportTemplateView):
    queryset = Rectification.objects.all()
    resource_class = RectificationResource
    filename = "整改台账导入模板"


class LedgerExportView(core.ScopedMixin, generic.View):
    """The campaign's 台账 with its figures above the rows, as .xlsx."""

    queryset = Campaign.objects.all()

    def get(self, request, pk: int):
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user).select_related("unit"), pk=pk)
        self.require(Action.EXPORT)
        content = ledger_xlsx(campaign, **core.export_marks(request))
        return core.xlsx_response(content, f"{campaign.title}整改台账.xlsx")


class MyItemsView(LoginRequiredMixin, generic.TemplateView):
    """我的整改任务: the open items whose responsible person is the user."""

    template_name = "campaigns/my_items.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = services.today()
        user = self.request.user
        context["items"] = [(item, services.light(item, today)) for item in services.my_items(user)]
        context["consultations"] = [
            (campaign, SendOpinionForm()) for campaign in services.consultations_for(user)
            if services.may_send_opinion(campaign, user)
        ]  # fmt: skip
        return context


# --- The public pages (no login) --------------------------------------------------------------


class PublicRectificationView(generic.TemplateView):
    """四明确一公开: a campaign's published items (measure, target, deadline, responsible, status), no login."""

    template_name = "campaigns/public_rectification.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = services.public_rectifications(self.kwargs["pk"])
        if found is None:
            raise Http404
        campaign, items = found
        open_to_public = campaign.opinions_open and campaign.opinions_public
        context.update(campaign=campaign, items=items, form=PublicOpinionForm() if open_to_public else None)
        return context


class PublicOpinionView(generic.View):
    """The public opinion form's POST: honeypot, rate limit per (hashed) address, nothing else kept."""

    def post(self, request, pk: int):
        campaign = Campaign.objects.filter(pk=pk).first()
        if campaign is None:
            raise Http404
        form = PublicOpinionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写意见建议"))
            return redirect("campaigns_public:rectification", pk=pk)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.send_public_opinion(
                    campaign, content=data["content"], contact=data["contact"], category=data["category"],
                    trap=data["website"], address=client_address(request),
                )  # fmt: skip
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("您的意见已收到，谢谢"))
        return redirect("campaigns_public:rectification", pk=pk)
