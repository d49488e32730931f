"""Supervision of lagging targets, and the ranking of units."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import generations, params
from qizhi.core import views as core
from qizhi.org.models import Unit
from qizhi.targets import handoff, services
from qizhi.targets.exports import ranking_xlsx
from qizhi.targets.forms import (
    RankingForm,
    ResponseForm,
    SupervisionForm,
)
from qizhi.targets.models import Supervision, Target
from qizhi.targets.views.plans import TARGETS

# --- Supervision ----------------------------------------------------------------------------------------


def unit_and_year(request):
    user = request.user
    visible = Unit.objects.visible_to(user)
    unit_id = params.optional_id(request.GET, "unit")
    unit = (unit_id and visible.filter(pk=unit_id).first()) or visible.order_by("depth", "path").first()
    try:
        year = params.year(request.GET, default=timezone.localdate().year)
    except params.BadParameter:  # a board or a ranking: a year that cannot be is ignored
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
        answers = item.status == "open" and handoff.answerer_is(item, user)
        context.update(
            response_form=ResponseForm(initial={"response": item.response}),
            can_respond=item.status in ("open", "responded") and services.may_respond(item, user),
            can_close=item.status != "closed" and services.may_close(item, user),
            can_pass_on=answers, can_return=answers, colleagues=handoff.colleagues(item, user) if answers else (),
            can_accept=item.status == "open" and item.handoff_to_id == user.pk,
            can_reissue=item.status == "returned" and services.may_close(item, user),
        )  # fmt: skip
        return context


class SupervisionActionView(core.ScopedMixin, generic.View):
    queryset = Supervision.objects.all()
    action = ""

    def post(self, request, pk: int):
        item = get_object_or_404(Supervision.objects.visible_to(request.user).select_related("target"), pk=pk)
        post, by = request.POST, request.user
        if self.action == "respond":
            core.act(request, services.respond_supervision, item, by=by, response=post.get("response", ""),
                     success=_("已反馈"))  # fmt: skip
        elif self.action == "pass_on":
            core.act(request, handoff.pass_on, item, by=by, to=post.get("to") or 0, note=post.get("note", ""),
                     success=_("已转办，待对方接收"))  # fmt: skip
        elif self.action == "accept":
            core.act(request, handoff.accept, item, by=by, success=_("已接收转办"))
        elif self.action == "decline":
            core.act(request, handoff.decline, item, by=by, reason=post.get("reason", ""), success=_("已拒绝接收"))
        elif self.action == "return":
            core.act(request, handoff.return_to_supervisor, item, by=by, reason=post.get("reason", ""),
                     success=_("已退回督办人"))  # fmt: skip
        elif self.action == "reissue":
            core.act(request, handoff.reissue, item, by=by, success=_("已重新交办"))
        else:
            core.act(request, services.close_supervision, item, by=by, success=_("已办结"))
        if not Supervision.objects.visible_to(by).filter(pk=item.pk).exists():
            return redirect("core:todo")
        return redirect(item.get_absolute_url())


# --- Ranking --------------------------------------------------------------------------------------------


class RankingView(core.ScopedMixin, generic.TemplateView):
    """目标考核排名: a unit's children ranked among their own kind, with the figures behind each rank."""

    queryset = Target.objects.all()
    template_name = "targets/ranking.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit, year = unit_and_year(self.request)
        user = self.request.user
        # Read only when the ranking's rendering is not in the cache (ranking.html): the unit's children's figures
        # for the year, as of the data and the day; the export button, outside it, follows the grants.
        found = SimpleLazyObject(lambda: services.ranking_with_own(unit, year) if unit else (None, {}))
        groups = SimpleLazyObject(lambda: found[1])

        @functools.cache
        def chart() -> dict:  # a callable: the template calls it on a miss (json_script takes no lazy object)
            return {
                kind: {"names": [s.unit.name for s in items], "totals": [float(s.total) for s in items]}
                for kind, items in groups.items()
            }

        context.update(
            unit=unit, year=year, groups=groups, own=SimpleLazyObject(lambda: found[0]), chart=chart,
            form=RankingForm(initial={"unit": unit, "year": year}, user=user),
            ranking_key=generations.page_key(user),
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
            **core.export_marks(request),
        )
        return core.xlsx_response(content, f"{context['unit'].name}{context['year']}年目标考核排名.xlsx")
