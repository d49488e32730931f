from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import views as core
from qizhi.core.refusals import Refused
from qizhi.core.workflow import events_of
from qizhi.study import services
from qizhi.study.exports import completion_xlsx, worklogs_xlsx
from qizhi.study.filters import ReflectionFilterSet, StudyPlanFilterSet, StudyRecordFilterSet, WorkLogFilterSet
from qizhi.study.forms import (
    MaterialForm,
    ReflectionForm,
    ReviewForm,
    StudyPlanForm,
    StudyRecordForm,
    WorkLogForm,
)
from qizhi.study.models import Material, Reflection, StudyPlan, StudyRecord, WorkLog
from qizhi.study.tables import ReflectionTable, StudyPlanTable, StudyRecordTable, WorkLogTable

PLANS = StudyPlan.objects.select_related("unit", "party_org")


class ManagersOnlyMixin:
    """Plans and their materials are set by those who may approve study where the plan is; the
    services decide every write (``save_plan``, ``save_material``, ``delete_*``) and the pages ask the
    same question before offering a form. Checked after the lookup, so a record out of scope is still 404."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj is None:
            if not services.may_manage_somewhere(self.request.user):
                raise Refused(_("学习计划和学习资料由有学习审核权限的书记、负责人设置"))
        elif not services.may_manage(self.request.user, getattr(obj, "plan", obj)):
            raise Refused(_("学习计划和学习资料由有学习审核权限的书记、负责人设置"))
        return obj


class OwnRecordMixin:
    """One's own record, or one of a person one may approve for. The services decide every write
    (``save_*``, ``delete_own``: a refusal lands on the form, or is the 403 page); the pages ask the same
    question before offering a form. Anyone linked to a person may start a record of their own."""

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs and services.own_person(self.request.user) is not None:
            return None
        return super().get_object(queryset)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # a TemplateResponse: rendered only if returned
        if self.object is not None and not services.may_act_for(request.user, self.object.person):
            raise Refused(_("只能填写本人的记录"))
        return response


class OwnRecordDeleteView(OwnRecordMixin, core.ObjectDeleteView):
    def form_valid(self, form):
        record = self.object
        done = core.act(
            self.request, services.delete_own, record, by=self.request.user,
            success=_("已删除{model}“{obj}”").format(model=record._meta.verbose_name, obj=record),
        )  # fmt: skip
        return redirect(self.after_delete_url(record) if done else record.get_absolute_url())


# --- Plans and materials ------------------------------------------------------------------------


class StudyPlanListView(core.ObjectListView):
    queryset = PLANS
    filterset_class = StudyPlanFilterSet
    table_class = StudyPlanTable
    exportable = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # adding needs ADD (the base view) and the managers' right (ManagersOnlyMixin): no dead button
        context["can"]["add"] = self.scope().can(Action.ADD, self.area) and services.may_manage_somewhere(
            self.request.user
        )
        return context


class StudyPlanDetailView(core.ObjectDetailView):
    """The plan, its materials and the completion table (who finished which required material)."""

    queryset = PLANS
    template_name = "study/studyplan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        table = services.completion(self.object)
        context.update(
            completion=table,
            materials=[(m, table.material_rate(m)) for m in table.materials],
            rows=[(row, row.cells(table.materials)) for row in table.rows],
            can_manage=context["can_edit"] and services.may_manage(self.request.user, self.object),
        )
        # 修改 and 删除 lead only where the services would let this user through
        context["can_delete"] = context["can_manage"] and context["can_delete"]
        context["can_edit"] = context["can_manage"]
        return context


class StudyPlanEditView(ManagersOnlyMixin, core.ObjectEditView):
    queryset = PLANS
    form_class = StudyPlanForm


class StudyPlanDeleteView(ManagersOnlyMixin, core.ObjectDeleteView):
    queryset = StudyPlan.objects.select_related("unit")

    def form_valid(self, form):
        plan = self.object
        done = core.act(
            self.request, services.delete_plan, plan, by=self.request.user,
            success=_("已删除学习计划“{p}”").format(p=plan),
        )  # fmt: skip
        return redirect(self.after_delete_url(plan) if done else plan.get_absolute_url())


class StudyPlanHistoryView(core.ObjectHistoryView):
    queryset = StudyPlan.objects.all()


class CompletionExportView(core.ScopedMixin, generic.View):
    queryset = PLANS

    def get(self, request, pk: int):
        plan = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        self.require(Action.EXPORT)
        content = completion_xlsx(services.completion(plan), **core.export_marks(request))
        return core.xlsx_response(content, f"{plan.title}-完成情况.xlsx")


class MaterialEditView(ManagersOnlyMixin, core.ObjectEditView):
    queryset = Material.objects.select_related("plan")
    form_class = MaterialForm

    def get_initial(self):
        return {"plan": self.request.GET.get("plan")}


class MaterialDeleteView(ManagersOnlyMixin, core.ObjectDeleteView):
    queryset = Material.objects.select_related("plan__unit")

    def form_valid(self, form):
        material = self.object
        core.act(
            self.request, services.delete_material, material, by=self.request.user,
            success=_("已删除学习资料“{m}”").format(m=material),
        )  # fmt: skip
        return redirect(material.plan.get_absolute_url())


# --- Study records ------------------------------------------------------------------------------

RECORDS = StudyRecord.objects.select_related("person", "material")


class StudyRecordListView(core.ObjectListView):
    queryset = RECORDS
    filterset_class = StudyRecordFilterSet
    table_class = StudyRecordTable
    exportable = False


class StudyRecordDetailView(core.ObjectDetailView):
    queryset = RECORDS.select_related("material__plan")
    template_name = "study/studyrecord_detail.html"


class StudyRecordEditView(OwnRecordMixin, core.ObjectEditView):
    queryset = RECORDS
    form_class = StudyRecordForm

    def get_initial(self):
        return {"material": self.request.GET.get("material"), "date": timezone.localdate()}


class StudyRecordDeleteView(OwnRecordDeleteView):
    queryset = RECORDS


class StudyRecordHistoryView(core.ObjectHistoryView):
    queryset = StudyRecord.objects.all()


class MyStudyView(core.ScopedMixin, generic.TemplateView):
    """我的学习: the plans I take part in, what I have done of each, my records and reflections."""

    queryset = StudyRecord.objects.all()
    template_name = "study/my_study.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        person = services.own_person(user)
        context["person"] = person
        if person is None:
            return context
        recent = timezone.localdate() - datetime.timedelta(days=366)  # current plans and those of the last year
        plans = services.plans_of(person, PLANS.visible_to(user).filter(end_date__gte=recent))
        mine = {}
        for plan in plans:
            table = services.completion(plan)
            mine[plan] = next((row for row in table.rows if row.person.pk == person.pk), None), table.materials
        context.update(
            plans=[(plan, row, materials) for plan, (row, materials) in mine.items()],
            records=RECORDS.visible_to(user).filter(person=person)[:20],
            reflections=Reflection.objects.visible_to(user).filter(person=person)[:20],
        )
        return context


# --- Reflections --------------------------------------------------------------------------------

REFLECTIONS = Reflection.objects.select_related("person__unit", "plan")


class ReflectionListView(core.ObjectListView):
    queryset = REFLECTIONS
    filterset_class = ReflectionFilterSet
    table_class = ReflectionTable
    exportable = False


class ReflectionDetailView(core.ObjectDetailView):
    queryset = REFLECTIONS
    template_name = "study/reflection_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reflection, user = self.object, self.request.user
        editable = services.may_edit_reflection(user, reflection)
        context.update(
            can_edit=context["can_edit"] and editable,
            can_submit=context["can_edit"] and editable,
            can_review=services.may_review(user, reflection),
            review_form=ReviewForm(),
            events=events_of(reflection),
        )
        return context


class ReflectionEditView(OwnRecordMixin, core.ObjectEditView):
    queryset = REFLECTIONS
    form_class = ReflectionForm

    def get_initial(self):
        return {"plan": self.request.GET.get("plan")}


class ReflectionHistoryView(core.ObjectHistoryView):
    queryset = Reflection.objects.all()


class ReflectionDeleteView(OwnRecordDeleteView):
    queryset = REFLECTIONS


class ReflectionActionView(core.ScopedMixin, generic.View):
    """Submit (the author), approve or return (the secretary, with a comment)."""

    queryset = REFLECTIONS
    action = ""

    def post(self, request, pk: int):
        reflection = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        comment = request.POST.get("comment", "")
        try:
            if self.action == "submit":
                services.submit_reflection(reflection, by=request.user)
            else:
                services.review_reflection(
                    reflection, by=request.user, approve=self.action == "approve", comment=comment
                )
            messages.success(request, _("{r}：{s}").format(r=reflection, s=reflection.get_status_display()))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(reflection.get_absolute_url())


# --- Work logs ----------------------------------------------------------------------------------

LOGS = WorkLog.objects.select_related("person__unit")


class WorkLogListView(core.ObjectListView):
    """A leader reads the logs of their units by day or by person; everyone reads their own."""

    queryset = LOGS
    filterset_class = WorkLogFilterSet
    table_class = WorkLogTable
    template_name = "study/worklog_list.html"
    exportable = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["this_month"] = timezone.localdate().strftime("%Y-%m")
        return context


class WorkLogDetailView(core.ObjectDetailView):
    queryset = LOGS
    template_name = "study/worklog_detail.html"


class WorkLogEditView(OwnRecordMixin, core.ObjectEditView):
    queryset = LOGS
    form_class = WorkLogForm

    def get_initial(self):
        return {"date": timezone.localdate()}


class WorkLogDeleteView(OwnRecordDeleteView):
    queryset = LOGS


class WorkLogHistoryView(core.ObjectHistoryView):
    queryset = WorkLog.objects.all()


class WorkLogExportView(core.ScopedMixin, generic.View):
    """A month of the visible logs (filtered as the list is), one sheet, by person and day."""

    queryset = LOGS

    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        try:
            first, last = services.month_bounds(request.GET.get("month") or timezone.localdate().strftime("%Y-%m"))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("study:worklog_list")
        logs = WorkLogFilterSet(request.GET, queryset=self.queryset.visible_to(request.user), request=request).qs
        logs = logs.filter(date__gte=first, date__lte=last).order_by("person__unit__path", "person__pinyin", "date")
        content = worklogs_xlsx(list(logs), first, **core.export_marks(request))
        return core.xlsx_response(content, f"工作日志-{first:%Y%m}.xlsx")
