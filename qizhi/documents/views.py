"""Word documents downloaded from the pages: each view reads its parameters, scopes the unit, checks the
role and hands the work to the document's builder."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.campaigns.models import Campaign, Problem, Rectification
from qizhi.core import params
from qizhi.core import views as core
from qizhi.core.exports import log_export
from qizhi.core.scoping import scope_of
from qizhi.documents import starter, template_variables, user_templates
from qizhi.documents.analysis_report import analysis_report, analysis_report_docx
from qizhi.documents.branch_report import branch_report, branch_report_docx
from qizhi.documents.bulletin_issue import briefing, briefing_docx
from qizhi.documents.choices import TemplateKind
from qizhi.documents.filters import DocumentTemplateFilterSet
from qizhi.documents.forms import DocumentTemplateForm
from qizhi.documents.meeting_record import meeting_record_docx
from qizhi.documents.models import DocumentTemplate
from qizhi.documents.official import document_number
from qizhi.documents.rectification_plan import rectification_plan, rectification_plan_docx
from qizhi.documents.responsibility import letter, letter_docx
from qizhi.documents.statistics_report import month_report, month_report_docx
from qizhi.documents.tables import DocumentTemplateTable
from qizhi.documents.year_summary import year_summary, year_summary_docx
from qizhi.meetings.models import Meeting
from qizhi.org.models import Unit
from qizhi.org.ranks import roster_order
from qizhi.party.models import PartyOrg
from qizhi.publicity.models import BulletinIssue
from qizhi.statistics.services import previous_month
from qizhi.targets.models import Plan, Target

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def templated(request, unit: Unit, kind: str) -> DocumentTemplate | None:
    """The user template the document of ``unit`` is laid out with (the nearest unit's active one), or None for
    the built-in layout — also when the download asks for it with ``layout=standard``."""
    if request.GET.get("layout") == "standard":
        return None
    return user_templates.template_for(unit, kind)


def template_response(template: DocumentTemplate, context: dict) -> HttpResponse:
    """The document in the unit's template; a template that fails on the real figures (it passed the trial with
    the sample ones) answers with the reason, not a server error."""
    try:
        content = user_templates.render_template(template, context)
    except Exception as exc:  # Jinja, docxtpl and python-docx raise many kinds; the user needs the reason
        message = _("按模板“{name}”生成文书失败：{reason}。请修改或停用该模板，或加参数 layout=standard 下载标准版式。")
        return HttpResponse(
            message.format(name=template.name, reason=user_templates.failure(exc)), status=422,
            content_type="text/plain; charset=utf-8",
        )  # fmt: skip
    return docx_response(content, f"{context['标题']}.docx")


class BadParameter(Exception):
    pass


def int_param(request, name: str, label: str, *, low: int, high: int, default: int | None = None) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw and default is not None:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameter(_("{label}（{name}）应为 {low} 至 {high} 之间的整数").format(
            label=label, name=name, low=low, high=high
        ))  # fmt: skip
    return int(raw)


class YearSummaryView(LoginRequiredMixin, generic.View):
    """``/documents/year-summary/?unit=<id>&year=<yyyy>[&number=云司发〔2026〕3号]`` → 年度工作总结 (.docx)."""

    def get(self, request):
        scope = scope_of(request.user)
        if not scope.can(Action.EXPORT, "documents"):
            raise PermissionDenied
        try:
            pk = int_param(request, "unit", _("单位"), low=1, high=2**31 - 1)
            year = int_param(request, "year", _("年份"), low=2000, high=2100, default=timezone.localdate().year)
            number = document_number(request.GET["number"]) if request.GET.get("number") else None
        except (BadParameter, ValueError) as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        unit = Unit.objects.visible_to(request.user).filter(pk=pk).first()
        if unit is None:
            raise Http404(_("单位不存在或不在您的权限范围内"))
        template = templated(request, unit, TemplateKind.YEAR_SUMMARY)
        if template is not None:
            context = user_templates.context_for(
                TemplateKind.YEAR_SUMMARY, unit, year, today=timezone.localdate(), number=number
            )
            return template_response(template, context)
        summary = year_summary(unit, year)
        return docx_response(year_summary_docx(summary, number=number), f"{summary.title}.docx")


class MeetingRecordView(LoginRequiredMixin, generic.View):
    """``/documents/meetings/<id>/record/`` → the meeting's record and attendance sheet (.docx)."""

    queryset = Meeting.objects.select_related("party_org", "host", "recorder")

    def get(self, request, pk: int):
        meeting = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        if not scope_of(request.user).can(Action.EXPORT, "meetings"):
            raise PermissionDenied
        attendances = list(roster_order(meeting.attendances.select_related("person__unit"), "person__"))
        # the participants' names
        log_export(request, what=_("会议记录及签到表"), rows=len(attendances), data=self.queryset.filter(pk=meeting.pk))
        filename = f"{meeting.date:%Y%m%d}{meeting.get_kind_display()}记录.docx"
        return docx_response(meeting_record_docx(meeting, attendances), filename)


class ScopedDocumentView(LoginRequiredMixin, generic.View):
    """A document of one record addressed by ``pk``: out of the user's scope is 404, and the user's role must
    export the records of ``area`` (403)."""

    queryset = None
    area = ""

    def record(self, pk: int):
        record = get_object_or_404(self.queryset.visible_to(self.request.user), pk=pk)
        if not scope_of(self.request.user).can(Action.EXPORT, self.area):
            raise PermissionDenied
        return record


class BranchReportView(ScopedDocumentView):
    """``/documents/party-orgs/<id>/report/?year=<yyyy>`` → the branch's 党建工作报告 (.docx)."""

    queryset = PartyOrg.objects.select_related("unit")
    area = "party"

    def get(self, request, pk: int):
        branch = self.record(pk)
        year = params.year(request.GET, default=timezone.localdate().year)
        template = templated(request, branch.unit, TemplateKind.BRANCH_REPORT)
        if template is not None:
            context = user_templates.context_for(TemplateKind.BRANCH_REPORT, branch, year, today=timezone.localdate())
            return template_response(template, context)
        report = branch_report(branch, year)
        return docx_response(branch_report_docx(report), f"{report.title}.docx")


class ResponsibilityLetterView(ScopedDocumentView):
    """``/documents/plans/<id>/responsibility/[?owner=<unit id>]`` → the 目标责任书 of the plan, or the part one
    owner unit answers for (.docx)."""

    queryset = Plan.objects.select_related("unit")
    area = "targets"

    def get(self, request, pk: int):
        plan = self.record(pk)
        owner = None
        if (owner_id := params.optional_id(request.GET, "owner")) is not None:
            owner = get_object_or_404(Unit.objects.visible_to(request.user), pk=owner_id)
        item = letter(plan, Target.objects.visible_to(request.user), owner)
        return docx_response(letter_docx(item), f"{item.title}.docx")


class StatisticsReportView(ScopedDocumentView):
    """``/documents/units/<id>/statistics/?month=YYYY-MM`` → the month's 统计报表 of the unit (.docx)."""

    queryset = Unit.objects.all()
    area = "statistics"

    def get(self, request, pk: int):
        unit = self.record(pk)
        month = params.month(request.GET, default=previous_month(timezone.localdate()))
        report = month_report(unit, month)
        return docx_response(month_report_docx(report), f"{report.title}.docx")


class RectificationPlanView(ScopedDocumentView):
    """``/documents/campaigns/<id>/rectification-plan/`` → the campaign's 整改方案 (.docx)."""

    queryset = Campaign.objects.select_related("unit")
    area = "campaigns"

    def get(self, request, pk: int):
        campaign = self.record(pk)
        plan = rectification_plan(campaign, Rectification.objects.visible_to(request.user))
        return docx_response(rectification_plan_docx(plan), f"{plan.title}.docx")


class AnalysisReportView(ScopedDocumentView):
    """``/documents/campaigns/<id>/analysis-report/`` → the campaign's 分析检查报告 (.docx)."""

    queryset = Campaign.objects.select_related("unit")
    area = "campaigns"

    def get(self, request, pk: int):
        campaign = self.record(pk)
        report = analysis_report(campaign, Problem.objects.visible_to(request.user))
        return docx_response(analysis_report_docx(report), f"{report.title}.docx")


class BulletinIssueView(ScopedDocumentView):
    """``/documents/bulletin-issues/<id>/`` → the 简报 issue in the briefing layout (.docx)."""

    queryset = BulletinIssue.objects.select_related("bulletin__unit")
    area = "publicity"

    def get(self, request, pk: int):
        item = briefing(self.record(pk))
        return docx_response(briefing_docx(item), f"{item.title}.docx")


# --- User templates of the narrative documents (issue 15 §2) -------------------------------------------

TEMPLATES = DocumentTemplate.objects.select_related("unit", "uploaded_by")


def _variables() -> list[dict]:
    return [
        {"kind": kind, "label": label, "variables": template_variables.VARIABLES[kind]}
        for kind, label in TemplateKind.choices
    ]


class DocumentTemplateListView(core.ObjectListView):
    queryset = TEMPLATES
    filterset_class = DocumentTemplateFilterSet
    table_class = DocumentTemplateTable
    exportable = False
    template_name = "documents/documenttemplate_list.html"


class DocumentTemplateDetailView(core.ObjectDetailView):
    queryset = TEMPLATES
    template_name = "documents/documenttemplate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["variables"] = template_variables.VARIABLES[self.object.kind]
        context["rules"] = template_variables.RULES
        context["may_switch"] = context["can_edit"]
        return context


class DocumentTemplateEditView(core.ObjectEditView):
    """Upload a template (the file is checked by ``user_templates.validate``), or rename one / replace its file."""

    queryset = TEMPLATES
    form_class = DocumentTemplateForm
    template_name = "documents/documenttemplate_form.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "kinds": _variables(), "rules": template_variables.RULES}


class DocumentTemplateDeleteView(core.ObjectDeleteView):
    queryset = DocumentTemplate.objects.all()


class DocumentTemplateHistoryView(core.ObjectHistoryView):
    queryset = DocumentTemplate.objects.all()


class DocumentTemplateFileView(LoginRequiredMixin, generic.View):
    """``/documents/templates/<id>/file/`` → the template's .docx, for whoever sees the template (404 otherwise):
    the private media folder has no URL of its own."""

    queryset = DocumentTemplate.objects.all()

    def get(self, request, pk: int):
        template = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        with template.file.open("rb") as stored:
            content = stored.read()
        return docx_response(content, template.file_name or f"{template.name}.docx")


class DocumentTemplateSwitchView(LoginRequiredMixin, generic.View):
    """POST ``/documents/templates/<id>/activate/`` or ``…/deactivate/`` with the ``version`` the page showed."""

    queryset = DocumentTemplate.objects.all()
    http_method_names = ["post"]
    active = True

    def post(self, request, pk: int):
        template = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        success = _("已启用模板“{name}”") if self.active else _("已停用模板“{name}”")
        core.act(
            request, user_templates.set_active, template, self.active, version=version, by=request.user,
            success=success.format(name=template.name),
        )  # fmt: skip
        return redirect(template.get_absolute_url())


class StarterTemplateView(LoginRequiredMixin, generic.View):
    """``/documents/templates/starter/?kind=year_summary`` → a starter template: the built-in layout with the
    kind's variables in place, to edit in Word and upload."""

    def get(self, request):
        kind = request.GET.get("kind", "")
        if kind not in TemplateKind.values:
            return HttpResponseBadRequest(
                _("文书类别（kind）应为 {kinds} 之一").format(kinds="、".join(TemplateKind.values)),
                content_type="text/plain; charset=utf-8",
            )
        label = TemplateKind(kind).label
        return docx_response(starter.starter_docx(kind), _("{label}模板（示例）.docx").format(label=label))
