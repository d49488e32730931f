"""Plans: the list, a plan's page with its tree of targets, export and copying a year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import generations
from qizhi.core import views as core
from qizhi.targets import services
from qizhi.targets.exports import plan_xlsx
from qizhi.targets.filters import (
    PlanFilterSet,
)
from qizhi.targets.forms import (
    CopyPlanForm,
    PlanForm,
)
from qizhi.targets.models import Plan, Target
from qizhi.targets.tables import PlanTable

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
    for t in services.with_lights(nodes, today, plan.year):
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

        def tree() -> dict:
            counts, levels = services.plan_lights(plan, Target.objects.visible_to(user).filter(plan=plan))
            total = sum(counts.values())
            folded = total > ROW_BUDGET
            shown = max([1] + [depth for depth, upto in levels.items() if upto <= ROW_BUDGET])
            rows = plan_rows(plan, user, depth=shown if folded else None)
            earned, possible = services.central_score([r["target"] for r in rows if r["target"].depth == 1])
            return {"rows": rows, "total": total, "folded": folded, "counts": counts, "earned": earned,
                    "possible": possible}  # fmt: skip

        # Read only when the tree's rendering is not in the cache (plan_detail.html): the rows follow the visible
        # tasks (the scope's signature), the data and the day (the lights); the buttons follow the grants.
        context["tree"] = SimpleLazyObject(tree)
        context.update(
            can_add_target=services.may_add_target(plan, user),
            can_copy=services.may_copy_plan(plan, user),
            copy_form=CopyPlanForm(initial={"year": self.object.year + 1}),
            tree_key=generations.page_key(user),
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
        content = plan_xlsx(plan, plan_rows(plan, request.user), **core.export_marks(request))
        return core.xlsx_response(content, f"{plan.title}.xlsx")


class PlanCopyView(core.ScopedMixin, generic.View):
    """POST next year's copy; ``services.copy_plan`` decides who may (a refusal is the 403 page)."""

    queryset = Plan.objects.select_related("unit")

    def post(self, request, pk: int):
        plan = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
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
