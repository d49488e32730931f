"""Progress reports: reporting, revising, reviewing; a member's own tasks."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.core import views as core
from qizhi.core.attachments import attachments_of
from qizhi.core.refusals import Refused
from qizhi.core.workflow import Status, events_of
from qizhi.targets import services
from qizhi.targets.forms import (
    ProgressForm,
    ReasonForm,
)
from qizhi.targets.models import Plan, ProgressReport, Target
from qizhi.targets.views.plans import TARGETS

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

    def get(self, request, *args, **kwargs):
        # The form only for whom the service lets report (the buttons ask the same predicate); a POST
        # is decided by ``services.report_progress``.
        self.check(request.user)
        return super().get(request, *args, **kwargs)

    def check(self, user) -> None:
        services.check_reporter(self.target, user)

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
            self.target = TARGETS.get(pk=self.report.target_id)
        return generic.FormView.dispatch(self, request, *args, **kwargs)

    def check(self, user) -> None:
        # The page's button asks the same; a POST is decided by ``services.revise_progress``.
        if not services.may_revise(self.report, user):
            raise Refused(_("只有报告人可以修改未审核的报告"))

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
            can_review=report.status == Status.SUBMITTED
            and report.created_by_id != user.pk
            and services.may_approve(report, user),
            can_revise=report.status == Status.RETURNED and services.may_revise(report, user),
            reason_form=ReasonForm(),
        )
        context["plan_visible"] = Plan.objects.visible_to(user).filter(pk=report.target.plan_id).exists()
        context["can_edit"] = False  # only its reporter revises a returned report: the 修改后重新提交 button
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
