from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.core import views as core
from qizhi.core.params import optional_year, to_id
from qizhi.core.refusals import Refused
from qizhi.core.scoping import subtree_q
from qizhi.party.choices import MEMBER_HOLDING
from qizhi.party.models import Membership, PartyOrg
from qizhi.points import services
from qizhi.points.filters import PointEntryFilterSet, PointRuleFilterSet
from qizhi.points.forms import PointEntryForm
from qizhi.points.models import PointEntry, PointRule, PointTotal
from qizhi.points.tables import PointEntryTable, PointRuleTable

ENTRIES = PointEntry.objects.select_related("membership__person", "membership__branch", "rule", "decided_by")


class PointRuleListView(core.ObjectListView):
    """The 积分细则: read by everyone, changed by superusers (Django admin, which only they enter)."""

    queryset = PointRule.objects.all()
    filterset_class = PointRuleFilterSet
    table_class = PointRuleTable
    exportable = False


class PointEntryListView(core.ObjectListView):
    queryset = ENTRIES
    filterset_class = PointEntryFilterSet
    table_class = PointEntryTable
    exportable = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can"]["add"] = services.may_enter_somewhere(self.request.user)  # a member enters their own
        return context


class PointEntryDetailView(core.ObjectDetailView):
    queryset = ENTRIES
    template_name = "points/pointentry_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = services.may_decide(self.request.user, self.object)
        return context


class PointEntryCreateView(core.ObjectEditView):
    """Anyone linked to a member enters their own item; a dues/points keeper enters any of the branch's."""

    queryset = ENTRIES
    form_class = PointEntryForm

    def get_object(self, queryset=None):
        if "pk" in self.kwargs:
            return super().get_object(queryset)
        if not services.may_enter_somewhere(self.request.user):  # the service decides whose, on saving
            raise Refused(_("只能为本人或本支部党员登记积分"))
        return None


class PointEntryDeleteView(core.ObjectDeleteView):
    queryset = PointEntry.objects.all()


class PointEntryHistoryView(core.ObjectHistoryView):
    queryset = PointEntry.objects.all()


class DecideView(core.ScopedMixin, generic.View):
    queryset = PointEntry.objects.all()
    approve = True

    def post(self, request, pk: int):
        entry = get_object_or_404(ENTRIES.visible_to(request.user), pk=pk)
        ok = core.act(request, services.decide_entry, entry, by=request.user, approve=self.approve, success=_("已审批"))
        if ok:
            messages.info(request, _("积分已重新计算"))
        return redirect(entry.get_absolute_url())


class RankingView(core.ScopedMixin, generic.TemplateView):
    """A branch's members ranked by their stored points for a year."""

    replica_reads = True  # a read-only report: its reads may go to a replica (core/dbrouter.py)

    queryset = PointTotal.objects.all()
    template_name = "points/ranking.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        branches = PartyOrg.objects.visible_to(user).filter(kind__in=MEMBER_HOLDING)
        raw = self.request.GET.get("party_org", "")
        branch = get_object_or_404(branches, pk=to_id(raw)) if to_id(raw) else branches.first()
        year = optional_year(self.request.GET) or timezone.localdate().year
        members = services.visible_memberships(user).filter(ended_on__isnull=True)
        if branch is not None:
            members = members.filter(subtree_q("branch__path", branch.path))
        context.update(branch=branch, branches=branches, year=year,
                       rows=services.ranking(members, year) if branch else [])  # fmt: skip
        return context


class MyPointsView(LoginRequiredMixin, generic.TemplateView):
    """The member's own points this year, rule by rule, and their manual entries."""

    template_name = "points/my_points.html"
    queryset = PointTotal.objects.all()  # what the page shows: the member's own totals only

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = Membership.objects.filter(person__user=self.request.user, ended_on__isnull=True).first()
        year = timezone.localdate().year
        if membership is not None:
            result = services.recount(Membership.objects.filter(pk=membership.pk), year)[membership.pk]
            rules = {str(r.pk): r for r in PointRule.objects.all()}
            context.update(
                membership=membership,
                year=year,
                score=result,
                items=[(rules[pk], value) for pk, value in result.detail.items() if pk in rules],
                entries=membership.point_entries.select_related("rule").order_by("-date")[:20],
            )
        return context
