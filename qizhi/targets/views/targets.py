"""Targets: list, import, create, edit, page, milestones, deletion, history."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.core import views as core
from qizhi.core.import_views import ObjectImportView
from qizhi.core.refusals import Refused
from qizhi.targets import services
from qizhi.targets.filters import (
    TargetFilterSet,
)
from qizhi.targets.forms import (
    MilestoneForm,
    SupervisionForm,
    TargetForm,
)
from qizhi.targets.models import Plan, Target
from qizhi.targets.resources import TargetResource
from qizhi.targets.tables import TargetTable
from qizhi.targets.views.plans import TARGETS

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
            parent_id = request.GET.get("parent") or request.POST.get("parent")
            self.parent = None
            if parent_id:  # a piece of a visible task of this plan: the plan itself may lie above the user
                self.parent = get_object_or_404(
                    TARGETS.visible_to(request.user).filter(plan=kwargs["plan"]), pk=parent_id
                )
                self.plan = self.parent.plan
            else:
                self.plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=kwargs["plan"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # The form is offered to whoever the service lets add here (the buttons ask the same question);
        # a POST is decided by ``services.add_target`` itself.
        if not services.may_add_target(self.plan, request.user, self.parent):
            raise Refused
        return super().get(request, *args, **kwargs)

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
        children = TARGETS.visible_to(user).filter(path__startswith=target.path, depth=target.depth + 1)
        children = list(services.with_lights(children, today, target.plan.year))
        reports = list(target.reports.select_related("created_by").prefetch_related("milestones_done"))
        ancestors = list(Target.objects.get_ancestors(target)) if target.depth > 1 else []
        context.update(
            light=services.light(target, today),
            expected=100 * services.expected_share(datetime.date(target.plan.year, 1, 1), target.deadline, today),
            ancestors=ancestors,
            linkable=set(TARGETS.visible_to(user).filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=1)),
            plan_visible=Plan.objects.visible_to(user).filter(pk=target.plan_id).exists(),
            children=[{"target": c, "light": services.light(c, today)} for c in children],
            warnings=services.decomposition_warnings(target.plan, within=target, depth=target.depth).get(target.pk, []),
            milestones=list(target.milestones.all()),
            reports=reports,
            supervisions=list(target.supervisions.all()),
            can_report=services.is_leaf(target) and not target.stat_indicator_id and services.may_report(target, user),
            can_decompose=services.may_add_target(target.plan, user, target),
            can_supervise=services.may_supervise(target, user),
            supervision_form=SupervisionForm(),
            milestone_form=MilestoneForm(),
            can_edit_target=services.may_change_target(target, user),
        )  # fmt: skip
        return context


class MilestoneAddView(core.ScopedMixin, generic.View):
    """POST a milestone; ``services.add_milestone`` decides who may (a refusal is the 403 page)."""

    queryset = Target.objects.select_related("plan", "plan__unit", "owner_unit")

    def post(self, request, pk: int):
        target = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
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
        if not core.act(
            self.request,
            services.delete_target,
            target,
            by=self.request.user,
            success=_("已删除任务“{target}”").format(target=target),
        ):
            return redirect(target.get_absolute_url())
        return redirect(self.after_delete_url(target))


class TargetHistoryView(core.ObjectHistoryView):
    queryset = Target.objects.all()
