from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import views as core
from qizhi.core.attachments import attachments_of
from qizhi.core.import_views import ObjectImportView
from qizhi.core.scoping import scope_of
from qizhi.core.workflow import events_of
from qizhi.org.models import Unit
from qizhi.targets import services
from qizhi.targets.exports import plan_xlsx, ranking_xlsx
from qizhi.targets.filters import (
    CommitmentFilterSet,
    ModelPostFilterSet,
    PlanFilterSet,
    ScoreAdjustmentFilterSet,
    TargetFilterSet,
)
from qizhi.targets.forms import (
    CommitmentForm,
    CopyPlanForm,
    MilestoneForm,
    ModelPostForm,
    PlanForm,
    ProgressForm,
    RankingForm,
    ReasonForm,
    ResponseForm,
    ScoreAdjustmentForm,
    SupervisionForm,
    TargetForm,
)
from qizhi.targets.models import Commitment, ModelPost, Plan, ProgressReport, ScoreAdjustment, Supervision, Target
from qizhi.targets.resources import TargetResource
from qizhi.targets.tables import CommitmentTable, ModelPostTable, PlanTable, ScoreAdjustmentTable, TargetTable

TARGETS = Target.objects.select_related("plan", "plan__unit", "owner_unit", "owner_person", "stat_indicator")


# A plan of more targets than this opens on as many top levels as fit in it (at least the central
# tasks); deeper levels are fetched when a row is opened. Rendering costs ~0.5 ms a row.
ROW_BUDGET = 100


def plan_rows(plan: Plan, user, *, depth: int | None = None, within: Target | None = None) -> list[dict]:
    """The plan's tree in path order with each node's light and warnings (two queries, three with
    warnings): the whole tree, the levels down to ``depth``, or the children of ``within``."""
    today = timezone.localdate()
    nodes = Target.objects.select_related("owner_unit", "owner_person").visible_to(user).filter(plan=plan)
    if within is not None:
        nodes = nodes.filter(path__startswith=within.path, depth=within.depth + 1)
        warnings = services.decomposition_warnings(plan, within=within, depth=within.depth + 1)
    else:
        nodes = nodes.filter(depth__lte=depth) if depth else nodes
        warnings = services.decomposition_warnings(plan, depth=depth)
    rows = []
    for t in nodes:
        t.plan = plan  # known already: no join
        rows.append({
            "target": t, "light": services.light(t, today), "warnings": warnings.get(t.pk, []),
            "indent": t.depth - 1, "folded": t.numchild > 0 and (within is not None or t.depth == depth),
        })  # fmt: skip
    return rows


# --- Plans --------------------------------------------------------------------------------------


class PlanListView(core.ObjectListView):
    queryset = Plan.objects.select_related("unit")
    filterset_class = PlanFilterSet
    table_class = PlanTable


class PlanEditView(core.ObjectEditView):
    queryset = Plan.objects.all()
    form_class = PlanForm

    def get_initial(self):
        return {"year": timezone.localdate().year}


class PlanDetailView(core.ObjectDetailView):
    """The plan tree: every task and its pieces, owners, weights, completion, light and warnings."""

    queryset = Plan.objects.select_related("unit")
    template_name = "targets/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        counts, levels = services.plan_lights(plan, Target.objects.visible_to(user).filter(plan=plan))
        total = sum(counts.values())
        folded = total > ROW_BUDGET
        shown = max([1] + [depth for depth, upto in levels.items() if upto <= ROW_BUDGET])
        rows = plan_rows(plan, user, depth=shown if folded else None)
        earned, possible = services.central_score([r["target"] for r in rows if r["target"].depth == 1])
        context.update(
            rows=rows, total=total, folded=folded, counts=counts, earned=earned, possible=possible,
            can_add_target=scope_of(self.request.user).covers(Action.ADD, "targets", self.object.unit.path),
            copy_form=CopyPlanForm(initial={"year": self.object.year + 1}),
        )  # fmt: skip
        return context


class TargetChildrenView(core.ObjectDetailView):
    """The rows of a target's children in the plan tree, fetched when a folded row is opened (htmx)."""

    queryset = Target.objects.select_related("plan")
    template_name = "targets/_plan_rows.html"

    def get_context_data(self, **kwargs):
        return {"rows": plan_rows(self.object.plan, self.request.user, within=self.object)}


class PlanDeleteView(core.ObjectDeleteView):
    queryset = Plan.objects.all()


class PlanHistoryView(core.ObjectHistoryView):
    queryset = Plan.objects.all()


class PlanExportView(core.ScopedMixin, generic.View):
    queryset = Plan.objects.all()

    def get(self, request, pk: int):
        plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("unit"), pk=pk)
        self.require(Action.EXPORT)
        content = plan_xlsx(
            plan, plan_rows(plan, request.user), preparer=request.user.first_name or request.user.username
        )
        return core.xlsx_response(content, f"{plan.title}.xlsx")


class PlanCopyView(core.EditableObjectMixin, generic.View):
    queryset = Plan.objects.all()
    action = Action.ADD

    def post(self, request, pk: int):
        plan = self.get_object()
        form = CopyPlanForm(request.POST)
        if form.is_valid():
            try:
                new = services.copy_plan(plan, form.cleaned_data["year"], by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已复制为“{plan}”，请调整后使用").format(plan=new))
                return redirect(new.get_absolute_url())
        else:
            messages.error(request, _("请填写正确的年度"))
        return redirect(plan.get_absolute_url())


# --- Targets -----------------------------------------------------------------------------------------


class TargetListView(core.ObjectListView):
    """Every task the user may see, flat and searchable (the plan page shows them as a tree)."""

    queryset = TARGETS
    filterset_class = TargetFilterSet
    table_class = TargetTable
    importable = True


class TargetImportView(ObjectImportView):
    queryset = Target.objects.all()
    resource_class = TargetResource


class TargetImportTemplateView(core.ImportTemplateView):
    queryset = Target.objects.all()
    resource_class = TargetResource
    filename = "目标责任分解表导入模板"


class TargetCreateView(core.ObjectEditView):
    """A central task of a plan (``/plans/<plan>/targets/add/``) or a piece of one (``?parent=``)."""

    queryset = Target.objects.all()
    form_class = TargetForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=kwargs["plan"])
            self.parent = None
            if request.GET.get("parent") or request.POST.get("parent"):
                parent_id = request.GET.get("parent") or request.POST.get("parent")
                self.parent = get_object_or_404(
                    Target.objects.editable_by(request.user).filter(plan=self.plan), pk=parent_id
                )
            elif not Plan.objects.editable_by(request.user).filter(pk=self.plan.pk).exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan, "parent": self.parent}

    def get_initial(self):
        parent = self.parent
        if parent is None:
            return {"deadline": f"{self.plan.year}-12-31", "owner_unit": self.plan.unit_id}
        return {
            "family": parent.family, "category": parent.category, "deadline": parent.deadline, "kind": parent.kind,
            "measure": parent.measure, "unit_of_measure": parent.unit_of_measure, "direction": parent.direction,
        }  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = (
            _("分解任务：{parent}").format(parent=self.parent)
            if self.parent
            else _("新增中心工作：{plan}").format(plan=self.plan)
        )
        return context


class TargetEditView(core.ObjectEditView):
    queryset = Target.objects.all()
    form_class = TargetForm


class TargetDetailView(core.ObjectDetailView):
    queryset = TARGETS
    template_name = "targets/target_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        target, user = self.object, self.request.user
        today = timezone.localdate()
        children = list(TARGETS.visible_to(user).filter(path__startswith=target.path, depth=target.depth + 1))
        reports = list(target.reports.select_related("created_by").prefetch_related("milestones_done"))
        scope = scope_of(user)
        context.update(
            light=services.light(target, today),
            expected=100 * services.expected_share(datetime.date(target.plan.year, 1, 1), target.deadline, today),
            ancestors=list(Target.objects.get_ancestors(target)) if target.depth > 1 else [],
            children=[{"target": c, "light": services.light(c, today)} for c in children],
            warnings=services.decomposition_warnings(target.plan, within=target, depth=target.depth).get(target.pk, []),
            milestones=list(target.milestones.all()),
            reports=reports,
            supervisions=list(target.supervisions.all()),
            can_report=services.is_leaf(target) and not target.stat_indicator_id and services.may_report(target, user),
            can_decompose=scope.covers(Action.ADD, "targets", target.owner_unit.path),
            can_supervise=services.may_supervise(target, user),
            supervision_form=SupervisionForm(),
            milestone_form=MilestoneForm(),
            can_edit_target=Target.objects.editable_by(user).filter(pk=target.pk).exists(),
        )  # fmt: skip
        return context


class MilestoneAddView(core.EditableObjectMixin, generic.View):
    queryset = Target.objects.select_related("plan")

    def post(self, request, pk: int):
        target = self.get_object()
        form = MilestoneForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(dict(form.errors.items()))
            services.add_milestone(target, by=request.user, **form.cleaned_data)
            messages.success(request, _("已添加节点"))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                label = MilestoneForm.base_fields[field].label if field in MilestoneForm.base_fields else ""
                messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))
        return redirect(target.get_absolute_url())


class TargetDeleteView(core.ObjectDeleteView):
    queryset = Target.objects.all()

    def form_valid(self, form):
        target = self.object
        if target.reports.exists() or target.numchild:
            messages.error(self.request, _("该任务已有进度报告或下级任务，不能删除"))
            return redirect(target.get_absolute_url())
        parent = Target.objects.get_parent(target) if target.depth > 1 else None
        response = super().form_valid(form)
        if parent is not None:
            parent.refresh_from_db()
            services.refresh(parent)
        return response


class TargetHistoryView(core.ObjectHistoryView):
    queryset = Target.objects.all()


# --- Progress ------------------------------------------------------------------------------------------


class ProgressCreateView(core.ScopedMixin, generic.FormView):
    """The owner reports progress with evidence; the parent owner reviews it."""

    queryset = Target.objects.all()  # addressed by its target
    form_class = ProgressForm
    template_name = "targets/progress_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.target = get_object_or_404(TARGETS.visible_to(request.user), pk=kwargs["pk"])
            self.report = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.target, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "target": self.target, "report": self.report}

    def form_valid(self, form):
        data = form.cleaned_data
        fields = {
            "as_of": data["as_of"], "narrative": data["narrative"], "value": data.get("value"),
            "milestones": data.get("milestones") or [], "files": data.get("files") or [],
            "confirm_large": data.get("confirm_large", False),
        }  # fmt: skip
        report = form.run(self.save, **fields)
        if report is None:
            return self.form_invalid(form)
        messages.success(self.request, _("进度报告已提交，等待审核"))
        return redirect(report.get_absolute_url())

    def save(self, **fields):
        return services.report_progress(self.target, by=self.request.user, **fields)


class ProgressReviseView(ProgressCreateView):
    """A returned report, corrected by its reporter and submitted again."""

    queryset = ProgressReport.objects.all()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.report = get_object_or_404(ProgressReport.objects.visible_to(request.user), pk=kwargs["pk"])
            if self.report.locked or self.report.created_by_id != request.user.pk:
                raise PermissionDenied
            self.target = TARGETS.get(pk=self.report.target_id)
        return generic.FormView.dispatch(self, request, *args, **kwargs)

    def get_initial(self):
        report = self.report
        return {"as_of": report.as_of, "value": report.value, "narrative": report.narrative,
                "milestones": list(report.milestones_done.all())}  # fmt: skip

    def save(self, **fields):
        return services.revise_progress(self.report, by=self.request.user, **fields)


class ProgressDetailView(core.ObjectDetailView):
    queryset = ProgressReport.objects.select_related("target", "target__plan", "target__owner_unit", "created_by")
    template_name = "targets/progress_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        context.update(
            events=events_of(report),
            files=list(attachments_of(report)),
            can_review=report.status == "submitted"
            and report.created_by_id != user.pk
            and services.may_approve(report, user),
            can_revise=report.status == "returned" and report.created_by_id == user.pk,
            reason_form=ReasonForm(),
        )
        return context


class ProgressActionView(core.ScopedMixin, generic.View):
    queryset = ProgressReport.objects.all()
    action = ""

    def post(self, request, pk: int):
        report = get_object_or_404(ProgressReport.objects.visible_to(request.user), pk=pk)
        if self.action == "approve":
            core.act(request, services.approve_progress, report, by=request.user, success=_("已审核通过，完成度已更新"))
        else:
            reason = request.POST.get("reason", "")
            core.act(
                request, services.return_progress, report, by=request.user, reason=reason, success=_("已退回报告人")
            )
        return redirect(report.get_absolute_url())


class MyTasksView(core.ScopedMixin, generic.TemplateView):
    """我的任务: what I own, what is due, what was returned to me, what waits for my review."""

    queryset = Target.objects.all()
    template_name = "targets/my_tasks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        tasks = services.my_tasks(self.request.user, today)
        context.update(tasks, today=today)
        context["owned"] = [{"target": t, "light": services.light(t, today)} for t in tasks["owned"]]
        return context


# --- Supervision ----------------------------------------------------------------------------------------


def unit_and_year(request):
    user = request.user
    visible = Unit.objects.visible_to(user)
    unit = visible.filter(pk=request.GET.get("unit") or 0).first() or visible.order_by("depth", "path").first()
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return unit, year


class SupervisionBoardView(core.ScopedMixin, generic.TemplateView):
    """督查督办: yellow and red targets by unit, who must act, and the open supervision items."""

    queryset = Supervision.objects.all()
    template_name = "targets/supervision_board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit, year = unit_and_year(self.request)
        rows = services.supervision_list(unit, year, self.request.user) if unit else []
        items = (
            Supervision.objects.visible_to(self.request.user)
            .exclude(status="closed")
            .select_related("target", "target__owner_unit")
        )
        reds = sum(r.light == "red" for r in rows)
        context.update(unit=unit, year=year, rows=rows, items=items[:100], reds=reds, yellows=len(rows) - reds)
        return context


class SupervisionOpenView(core.ScopedMixin, generic.View):
    queryset = Target.objects.all()

    def post(self, request, pk: int):
        target = get_object_or_404(TARGETS.visible_to(request.user), pk=pk)
        form = SupervisionForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                messages.error(request, f"{form.fields[field].label}：{' '.join(errors)}")
            return redirect(target.get_absolute_url())
        try:
            item = services.open_supervision(target, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(target.get_absolute_url())
        messages.success(request, _("已发出督办，责任人已收到消息"))
        return redirect(item.get_absolute_url())


class SupervisionDetailView(core.ObjectDetailView):
    queryset = Supervision.objects.select_related(
        "target", "target__plan", "target__owner_unit", "target__owner_person"
    )
    template_name = "targets/supervision_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        context.update(
            response_form=ResponseForm(initial={"response": item.response}),
            can_respond=item.status != "closed" and services.may_respond(item, user),
            can_close=item.status != "closed" and services.may_close(item, user),
        )  # fmt: skip
        return context


class SupervisionActionView(core.ScopedMixin, generic.View):
    queryset = Supervision.objects.all()
    action = ""

    def post(self, request, pk: int):
        item = get_object_or_404(Supervision.objects.visible_to(request.user).select_related("target"), pk=pk)
        if self.action == "respond":
            response = request.POST.get("response", "")
            core.act(
                request, services.respond_supervision, item, by=request.user, response=response, success=_("已反馈")
            )
        else:
            core.act(request, services.close_supervision, item, by=request.user, success=_("已办结"))
        return redirect(item.get_absolute_url())


# --- Ranking --------------------------------------------------------------------------------------------


class RankingView(core.ScopedMixin, generic.TemplateView):
    """目标考核排名: a unit's children ranked among their own kind, with the figures behind each rank."""

    queryset = Target.objects.all()
    template_name = "targets/ranking.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit, year = unit_and_year(self.request)
        own, groups = services.ranking_with_own(unit, year) if unit else (None, {})
        chart = {
            kind: {"names": [s.unit.name for s in items], "totals": [float(s.total) for s in items]}
            for kind, items in groups.items()
        }
        context.update(
            unit=unit, year=year, groups=groups, own=own, chart=chart,
            form=RankingForm(initial={"unit": unit, "year": year}, user=self.request.user),
        )  # fmt: skip
        return context


class RankingExportView(RankingView):
    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        context = self.get_context_data()
        if context["unit"] is None:
            return redirect("targets:ranking")
        content = ranking_xlsx(
            context["unit"],
            context["year"],
            context["groups"],
            preparer=request.user.first_name or request.user.username,
        )
        return core.xlsx_response(content, f"{context['unit'].name}{context['year']}年目标考核排名.xlsx")


# --- Adjustments, commitments and model posts: plain records -------------------------------------------


class RecordDetailView(core.ObjectDetailView):
    """A plain record's fields as a definition list, with its attached files (evidence, pledges)."""

    template_name = "targets/record_detail.html"
    fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj, rows = self.object, []
        for name in self.fields:
            field = obj._meta.get_field(name)
            if field.many_to_many:
                value = "、".join(str(item) for item in getattr(obj, name).all())
            elif field.choices:
                value = getattr(obj, f"get_{name}_display")()
            elif isinstance(field, models.BooleanField):
                value = _("是") if getattr(obj, name) else _("否")
            else:
                value = getattr(obj, name)
            rows.append({"label": field.verbose_name, "value": value})
        context["object_fields"] = rows
        return context


class ScoreAdjustmentListView(core.ObjectListView):
    queryset = ScoreAdjustment.objects.select_related("unit")
    filterset_class = ScoreAdjustmentFilterSet
    table_class = ScoreAdjustmentTable


class ScoreAdjustmentDetailView(RecordDetailView):
    queryset = ScoreAdjustment.objects.select_related("unit")
    fields = ("unit", "year", "points", "reason")


class ScoreAdjustmentEditView(core.ObjectEditView):
    queryset = ScoreAdjustment.objects.all()
    form_class = ScoreAdjustmentForm


class ScoreAdjustmentDeleteView(core.ObjectDeleteView):
    queryset = ScoreAdjustment.objects.all()


class CommitmentListView(core.ObjectListView):
    queryset = Commitment.objects.select_related("unit", "party_org", "person")
    filterset_class = CommitmentFilterSet
    table_class = CommitmentTable


class CommitmentDetailView(RecordDetailView):
    queryset = Commitment.objects.select_related("unit", "party_org", "person")
    fields = ("unit", "year", "party_org", "person", "content", "targets", "public")


class CommitmentEditView(core.ObjectEditView):
    queryset = Commitment.objects.all()
    form_class = CommitmentForm


class CommitmentDeleteView(core.ObjectDeleteView):
    queryset = Commitment.objects.all()


class ModelPostListView(core.ObjectListView):
    queryset = ModelPost.objects.select_related("unit")
    filterset_class = ModelPostFilterSet
    table_class = ModelPostTable


class ModelPostDetailView(RecordDetailView):
    queryset = ModelPost.objects.select_related("unit")
    fields = ("unit", "year", "kind", "name", "holders", "pledge", "public")


class ModelPostEditView(core.ObjectEditView):
    queryset = ModelPost.objects.all()
    form_class = ModelPostForm


class ModelPostDeleteView(core.ObjectDeleteView):
    queryset = ModelPost.objects.all()


class ScoreAdjustmentHistoryView(core.ObjectHistoryView):
    queryset = ScoreAdjustment.objects.all()


class CommitmentHistoryView(core.ObjectHistoryView):
    queryset = Commitment.objects.all()


class ModelPostHistoryView(core.ObjectHistoryView):
    queryset = ModelPost.objects.all()
