from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.appraisals import services
from qizhi.appraisals.choices import ElectorateKind, Mark, RoundState
from qizhi.appraisals.filters import DutyReportFilterSet, GradeFilterSet, RoundFilterSet
from qizhi.appraisals.forms import DutyReportForm, ElectionBallotForm, GradeForm, RoundForm
from qizhi.appraisals.models import DutyReport, Grade, Round
from qizhi.appraisals.tables import DutyReportTable, GradeTable, RoundTable
from qizhi.core import views as core
from qizhi.core.forms import kept
from qizhi.core.params import to_id
from qizhi.core.refusals import messages_of
from qizhi.party import elections
from qizhi.party.models import Election

ROUNDS = Round.objects.select_related("unit", "party_org")

# --- Rounds ---------------------------------------------------------------------------------------


class RoundListView(core.ObjectListView):
    queryset = ROUNDS
    filterset_class = RoundFilterSet
    table_class = RoundTable
    exportable = False


class RoundAddView(core.ServiceFormView):
    queryset = Round.objects.all()
    form_class = RoundForm

    def form_valid(self, form):
        round_ = kept(form, lambda: form.save_as(self.request.user))
        if round_ is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已创建民主评议"))
        return HttpResponseRedirect(round_.get_absolute_url())


class ElectionBallotView(core.ServiceFormView):
    """发起无记名投票 for a 换届选举 (the election page's link, shown by ``elections.may_start_voting``): the
    address names the election, changed by it (``create_election_round`` also needs ADD in appraisals)."""

    queryset = Election.objects.all()
    action = Action.CHANGE
    form_class = ElectionBallotForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.election = get_object_or_404(Election.objects.visible_to(request.user), pk=kwargs["pk"])
            ballot = Round.objects.filter(election=self.election).first()
            if ballot is not None:  # already made: its page
                return HttpResponseRedirect(ballot.get_absolute_url())
            if not elections.may_start_voting(self.election, request.user):
                raise PermissionDenied(_("您不能为该选举发起投票"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "election": self.election}

    def form_valid(self, form):
        round_ = kept(form, lambda: form.save_as(self.request.user))
        if round_ is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已生成选票，开启投票后有选举权的党员即可投票"))
        return HttpResponseRedirect(round_.get_absolute_url())


class RoundDetailView(core.ObjectDetailView):
    queryset = ROUNDS
    template_name = "appraisals/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_, user = self.object, self.request.user
        context.update(
            progress=services.progress(round_),
            subjects=round_.subjects.order_by("pinyin"),
            my_rolls=services.rolls_of(round_, self.request.user),
            may_open=services.may_move(user, round_, RoundState.DRAFT),
            may_close=services.may_move(user, round_, RoundState.OPEN),
            may_seal=services.may_move(user, round_, RoundState.CLOSED),
            sealed=round_.state in (RoundState.SEALED, RoundState.GRADED),
            may_grade=services.may_move(user, round_, RoundState.SEALED),
            can_edit=False,  # a round is changed only by its actions
        )
        return context


class RoundDeleteView(core.ObjectDeleteView):
    queryset = Round.objects.filter(state=RoundState.DRAFT)


class RoundHistoryView(core.ObjectHistoryView):
    queryset = Round.objects.all()


class RoundActionView(core.ScopedMixin, generic.View):
    """POST: open / close / seal, through the service (a refusal: a message, or the 403 page)."""

    queryset = Round.objects.all()
    service = None
    success = ""

    def post(self, request, pk):
        round_ = get_object_or_404(Round.objects.visible_to(request.user), pk=pk)
        core.act(request, type(self).service, round_, by=request.user, success=str(self.success))
        return HttpResponseRedirect(round_.get_absolute_url())


class OpenView(RoundActionView):
    service = staticmethod(services.open_round)
    success = _("评议已开启，投票人可以投票")


class CloseView(RoundActionView):
    service = staticmethod(services.close_round)
    success = _("投票已截止")


class SealView(RoundActionView):
    service = staticmethod(services.seal)
    success = _("选票已封存，可以查看结果")


# --- Voting ---------------------------------------------------------------------------------------


class MyAppraisalsView(LoginRequiredMixin, generic.TemplateView):
    """The rounds the user is on a roll of, with their own 已投 / 未投."""

    template_name = "appraisals/my.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for round_ in services.rounds_for_voter(self.request.user).order_by("-year", "pk"):
            rows.append((round_, services.rolls_of(round_, self.request.user)))
        context["rows"] = rows
        return context


def _voter_round(request, pk) -> Round:
    return get_object_or_404(services.rounds_for_voter(request.user), pk=pk)


class BallotView(LoginRequiredMixin, generic.View):
    """The phone-size ballot: one subject per screen, every dimension on it; the draft stays in the
    browser (static/appraisals/ballot.js) until it is submitted; the receipt is shown once."""

    queryset = Round.objects.all()

    def context(self, round_, kind, request):
        voter = services.person_of(request.user)
        # an appraisal's voter does not rate themselves; an elector may vote for themselves
        subjects = [s for s in round_.subjects.order_by("pinyin") if round_.is_election or s != voter]
        reports = {} if round_.is_election else {
            r.person_id: r for r in DutyReport.objects.filter(person__in=subjects, year=round_.year)
        }  # fmt: skip
        return {
            "round": round_, "kind": kind, "subjects": [(s, reports.get(s.pk)) for s in subjects],
            "marks": services.choices_of(round_), "dimensions": list(enumerate(round_.dimensions)),
            "kind_label": ElectorateKind(kind).label,
        }  # fmt: skip

    def pick(self, request, round_):
        rolls = services.rolls_of(round_, request.user)
        wanted = request.POST.get("electorate") or request.GET.get("electorate")
        open_rolls = [r for r in rolls if not r.voted and (not wanted or r.electorate.kind == wanted)]
        return open_rolls[0].electorate.kind if open_rolls else None

    def get(self, request, pk):
        round_ = _voter_round(request, pk)
        kind = self.pick(request, round_)
        if kind is None or round_.state != RoundState.OPEN:
            messages.info(request, _("您在该评议中没有待投的选票"))
            return HttpResponseRedirect(reverse("appraisals:my"))
        return render(request, "appraisals/ballot.html", self.context(round_, kind, request))

    def post(self, request, pk):
        round_ = _voter_round(request, pk)
        kind = self.pick(request, round_) or request.POST.get("electorate") or None
        marks = {}
        for subject in round_.subjects.all():
            ratings = {d: request.POST.get(f"m-{subject.pk}-{i}") for i, d in enumerate(round_.dimensions)}
            given = {d: v for d, v in ratings.items() if v}
            if given:
                marks[str(subject.pk)] = given
        try:
            code = services.cast(round_, by=request.user, marks=marks, kind=kind)
        except ValidationError as exc:
            for message in messages_of(exc):
                messages.error(request, message)
            if kind is None:
                return HttpResponseRedirect(reverse("appraisals:my"))
            return render(request, "appraisals/ballot.html", self.context(round_, kind, request), status=400)
        return render(
            request,
            "appraisals/receipt.html",
            {"round": round_, "code": code, "kind_label": ElectorateKind(kind).label if kind else ""},
        )


class ReceiptsView(LoginRequiredMixin, generic.TemplateView):
    """After the seal: the sorted receipt digests and the two counts per electorate; a code check."""

    queryset = Round.objects.all()  # reached by the roll or by visibility (may_see_receipts), else 404
    template_name = "appraisals/receipts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_ = get_object_or_404(Round.objects.all(), pk=self.kwargs["pk"])
        if not services.may_see_receipts(round_, self.request.user):
            raise Http404
        context["round"] = round_
        if round_.state not in (RoundState.SEALED, RoundState.GRADED):
            context["not_sealed"] = True
            return context
        lists = []
        for electorate in round_.electorates.all():
            digests = services.receipts(round_, electorate)
            lists.append((electorate, digests, electorate.roll.filter(voted=True).count()))
        context["lists"] = lists
        code = self.request.GET.get("code", "")[:40]
        if code:
            context["code"] = code
            context["counted"] = services.receipt_counted(round_, code)
            context["code_digest"] = services.digest(code)
        return context


class ResultsView(core.ScopedMixin, generic.TemplateView):
    queryset = Round.objects.all()
    template_name = "appraisals/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_ = get_object_or_404(Round.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        context["round"] = round_
        try:
            context["results"] = services.results(round_, by=self.request.user)
        except ValidationError as exc:
            context["refusal"] = "；".join(exc.messages)
        context["marks"] = services.choices_of(round_)
        context["k"] = services.min_ballots()
        return context


# --- Grades ---------------------------------------------------------------------------------------


class GradingView(core.ScopedMixin, generic.TemplateView):
    """The branch committee's page: each subject with the tally beside the grade; verify at the end."""

    queryset = Round.objects.all()
    template_name = "appraisals/grading.html"

    def round(self):
        return get_object_or_404(Round.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_ = self.round()
        grades = {g.person_id: g for g in round_.grades.all()}
        try:
            results = services.results(round_, by=self.request.user)
        except ValidationError:
            results = []
        scores = {}
        for result in results:
            for s in result.subjects:
                scores.setdefault(s.person.pk, []).append((result.electorate.get_kind_display(), s.score))
        from qizhi.points.models import PointTotal  # the member's yearly points, shown beside the tally

        points = dict(
            PointTotal.objects.filter(membership__person__in=round_.subjects.all(), year=round_.year).values_list(
                "membership__person", "total"
            )
        )
        rows = [
            (p, grades.get(p.pk), scores.get(p.pk, []), points.get(p.pk)) for p in round_.subjects.order_by("pinyin")
        ]
        context.update(
            round=round_, rows=rows, marks=Mark.choices, quota=services.excellent_quota(len(rows)),
            may_grade=services.may_move(self.request.user, round_, RoundState.SEALED),
            may_verify=services.may_verify(self.request.user, round_),
            withheld=[r for r in results if r.withheld],
        )  # fmt: skip
        return context

    def post(self, request, pk):
        round_ = self.round()
        if "verify" in request.POST:
            core.act(request, services.verify_grades, round_, by=request.user, success=_("等次已确认"))
            return HttpResponseRedirect(round_.get_absolute_url())
        person = get_object_or_404(round_.subjects.all(), pk=to_id(request.POST.get("person")) or 0)
        form = GradeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请选择等次"))
        else:
            core.act(request, services.record_grade, round_, person, grade=form.cleaned_data["grade"],
                     reason=form.cleaned_data["reason"], by=request.user,
                     success=_("已评定{name}的等次").format(name=person.name))  # fmt: skip
        return HttpResponseRedirect(reverse("appraisals:grading", args=[round_.pk]))


class GradeListView(core.ObjectListView):
    queryset = Grade.objects.select_related("person", "round")
    filterset_class = GradeFilterSet
    table_class = GradeTable
    exportable = False


class GradeDetailView(core.ObjectDetailView):
    queryset = Grade.objects.select_related("person", "round")
    template_name = "appraisals/grade_detail.html"


class GradeHistoryView(core.ObjectHistoryView):
    queryset = Grade.objects.all()


# --- Duty reports ---------------------------------------------------------------------------------

REPORTS = DutyReport.objects.select_related("person")


class DutyReportListView(core.ObjectListView):
    queryset = REPORTS
    filterset_class = DutyReportFilterSet
    table_class = DutyReportTable
    exportable = False


class DutyReportDetailView(core.ObjectDetailView):
    queryset = REPORTS
    template_name = "appraisals/dutyreport_detail.html"


class DutyReportEditView(core.ObjectEditView):
    queryset = REPORTS
    form_class = DutyReportForm


class DutyReportDeleteView(core.ObjectDeleteView):
    queryset = DutyReport.objects.all()


class DutyReportHistoryView(core.ObjectHistoryView):
    queryset = DutyReport.objects.all()
