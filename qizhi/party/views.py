from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import generations, params
from qizhi.core import views as core
from qizhi.core.import_views import ObjectImportView
from qizhi.core.refusals import form_messages, messages_of
from qizhi.core.scoping import subtree_q
from qizhi.org.models import Unit
from qizhi.party import elections, services
from qizhi.party.choices import ElectionStatus, TransferStatus
from qizhi.party.exports import roster_xlsx
from qizhi.party.filters import ElectionFilterSet, MembershipFilterSet, PartyOrgFilterSet, TransferFilterSet
from qizhi.party.forms import (
    ApproveElectionForm,
    CandidateForm,
    ConfirmTransferForm,
    ConvertForm,
    ElectionForm,
    JoinForm,
    MembershipForm,
    OfficerForm,
    PartyOrgForm,
    TermForm,
    TransferForm,
)
from qizhi.party.models import Election, Membership, Officer, PartyOrg, Term, Transfer
from qizhi.party.resources import RosterResource
from qizhi.party.tables import ElectionTable, MembershipTable, PartyOrgTable, TransferTable

# --- Party organizations ------------------------------------------------------------------------


class PartyOrgTreeView(core.ScopedMixin, generic.TemplateView):
    """The party tree of the user's units (or of ``?unit=``), with member counts on every node."""

    queryset = PartyOrg.objects.all()
    template_name = "party/partyorg_tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        unit_id = params.optional_id(self.request.GET, "unit")
        unit = get_object_or_404(Unit.objects.visible_to(user), pk=unit_id) if unit_id else None
        context["unit"] = unit

        def tree() -> tuple[list, list]:
            orgs = PartyOrg.objects.visible_to(user).select_related("unit")
            if unit is not None:
                orgs = orgs.filter(subtree_q("unit__path", unit.path))
            orgs = list(orgs)
            counts = services.tree_counts(orgs, unit=unit)
            return services.tree_rows(orgs, counts), services.expiring_terms(orgs)  # each 党组 above its organizations

        # Read only when the tree's rendering is not in the cache (partyorg_tree.html): it follows the visible
        # organizations (the scope's signature), the unit, the data and the day (terms that expire).
        found = SimpleLazyObject(tree)
        context["rows"] = SimpleLazyObject(lambda: found[0])
        context["expiring"] = SimpleLazyObject(lambda: found[1])
        context["tree_key"] = generations.page_key(user, unit_id or "")
        return context


class PartyOrgListView(core.ObjectListView):
    queryset = PartyOrg.objects.select_related("unit")
    filterset_class = PartyOrgFilterSet
    table_class = PartyOrgTable
    exportable = False


class PartyOrgDetailView(core.ObjectDetailView):
    queryset = PartyOrg.objects.select_related("unit")
    template_name = "party/partyorg_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        today = timezone.localdate()
        term = services.current_term(org, today)
        children = list(PartyOrg.objects.filter(subtree_q("path", org.path), depth=org.depth + 1))
        child_counts = services.tree_counts(children)
        context.update(
            figures=services.figures(party_org=org),
            term=term,
            term_expiring=term is not None and term.expires_soon(today),
            officers=term.officers.select_related("person") if term else [],
            children=[(child, child_counts[child.pk]) for child in children],
            members=services.members_in(party_org=org).select_related("person", "group", "branch")[:300],
            due_conversions=[
                m
                for m in services.members_in(party_org=org).filter(status="probationary").select_related("person")
                if m.conversion_due_on() <= today
            ],
            pending_in=Transfer.objects.filter(to_org=org, status="pending").select_related("person", "from_org"),
        )
        return context


class PartyOrgEditView(core.ObjectEditView):
    queryset = PartyOrg.objects.all()
    form_class = PartyOrgForm

    def get_initial(self):
        return {"parent": self.request.GET.get("parent"), "unit": self.request.GET.get("unit")}


class PartyOrgDeleteView(core.ObjectDeleteView):
    queryset = PartyOrg.objects.all()


class PartyOrgHistoryView(core.ObjectHistoryView):
    queryset = PartyOrg.objects.all()


class TermEditView(core.ObjectEditView):
    queryset = Term.objects.select_related("party_org")
    form_class = TermForm

    def get_initial(self):
        return {"party_org": self.request.GET.get("party_org")}


class OfficerEditView(core.ObjectEditView):
    queryset = Officer.objects.select_related("term__party_org", "person")
    form_class = OfficerForm

    def get_initial(self):
        return {"term": self.request.GET.get("term")}


class OfficerDeleteView(core.ObjectDeleteView):
    queryset = Officer.objects.all()


# --- Members ------------------------------------------------------------------------------------

MEMBER_QUERYSET = Membership.objects.select_related("person", "branch", "group")


class MembershipListView(core.ObjectListView):
    """The member roster: current memberships, filtered."""

    queryset = MEMBER_QUERYSET.filter(ended_on__isnull=True)
    filterset_class = MembershipFilterSet
    table_class = MembershipTable
    template_name = "party/membership_list.html"
    importable = True


class MembershipDetailView(core.ObjectDetailView):
    queryset = MEMBER_QUERYSET
    template_name = "party/membership_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object.person
        context.update(
            history=person.memberships.select_related("branch", "group").order_by("-started_on", "-pk"),
            transfers=person.transfers.select_related("from_org", "to_org").order_by("-requested_on", "-pk"),
            offices=person.party_offices.select_related("term__party_org"),
            convert_form=ConvertForm(),
            transfer_form=TransferForm(membership=self.object),
            conversion_due_on=self.object.conversion_due_on(),
        )
        return context


class MembershipCreateView(core.ServiceFormView):
    """Record a member (入党, 补录): person, branch, dates."""

    queryset = Membership.objects.all()
    form_class = JoinForm

    def get_initial(self):
        return {"person": self.request.GET.get("person"), "branch": self.request.GET.get("branch")}

    def form_valid(self, form):
        membership = form.save_as(self.request.user)
        if membership is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已登记党员“{person}”").format(person=membership.person))
        return redirect(membership.get_absolute_url())


class MembershipEditView(core.ObjectEditView):
    queryset = MEMBER_QUERYSET
    form_class = MembershipForm


class MembershipHistoryView(core.ObjectHistoryView):
    queryset = Membership.objects.all()


class MembershipExportView(core.ObjectExportView):
    """The filtered roster in the layout of a 党员花名册."""

    queryset = MEMBER_QUERYSET.filter(ended_on__isnull=True)
    filterset_class = MembershipFilterSet

    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        queryset = self.filterset_class(
            request.GET, queryset=self.queryset.visible_to(request.user), request=request
        ).qs
        title = self._title(request)
        memberships = list(queryset)
        show_personal = self.scope().can(Action.PERSONAL, "org")
        content = roster_xlsx(memberships, title=title, show_personal=show_personal, **core.export_marks(request))
        core.log_export(request, what=_("党员花名册"), rows=len(memberships), data=queryset)
        return core.xlsx_response(content, f"{title}党员花名册-{timezone.localdate():%Y%m%d}.xlsx")

    @staticmethod
    def _title(request) -> str:
        org_id = params.optional_id(request.GET, "party_org")
        org = PartyOrg.objects.visible_to(request.user).filter(pk=org_id).first() if org_id else None
        return org.name if org else ""


class MembershipImportView(ObjectImportView):
    queryset = Membership.objects.all()
    resource_class = RosterResource


class MembershipImportTemplateView(core.ImportTemplateView):
    queryset = Membership.objects.all()
    resource_class = RosterResource
    filename = "党员花名册导入模板"


class MemberActionView(core.EditableObjectMixin, generic.View):
    """POST-only actions on a membership, each a service call; errors come back as messages."""

    queryset = Membership.objects.select_related("person", "branch")
    form_class = None

    def post(self, request, pk: int):
        self.object = self.get_object()
        form = self.form_class(request.POST, **self.form_kwargs())
        if form.is_valid():
            try:
                with transaction.atomic():
                    return self.act(form)
            except ValidationError as exc:  # a Refused goes on to the 403 page
                for message in messages_of(exc):
                    messages.error(request, message)
        else:
            for message in form_messages(form):
                messages.error(request, message)
        return redirect(self.object.get_absolute_url())

    def form_kwargs(self) -> dict:
        return {}


class ConvertView(MemberActionView):
    form_class = ConvertForm

    def act(self, form):
        services.convert_to_full(self.object, on=form.cleaned_data["full_on"], by=self.request.user)
        messages.success(self.request, _("{person}已转为正式党员").format(person=self.object.person))
        return redirect(self.object.get_absolute_url())


class StartTransferView(MemberActionView):
    form_class = TransferForm

    def form_kwargs(self):
        return {"membership": self.object}

    def act(self, form):
        data = form.cleaned_data
        transfer = services.start_transfer(
            self.object,
            to_org=data["to_org"],
            to_outside=data["to_outside"],
            letter_number=data["letter_number"],
            reason=data["reason"],
            by=self.request.user,
        )
        messages.success(self.request, _("已发起组织关系转接：{transfer}").format(transfer=transfer))
        return redirect(transfer.get_absolute_url())


# --- Transfers ----------------------------------------------------------------------------------


class TransferListView(core.ObjectListView):
    queryset = Transfer.objects.select_related("person", "from_org", "to_org")
    filterset_class = TransferFilterSet
    table_class = TransferTable
    exportable = False


class TransferDetailView(core.ObjectDetailView):
    queryset = Transfer.objects.select_related("person", "from_org__unit", "to_org__unit", "membership")
    template_name = "party/transfer_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        transfer = self.object
        pending = transfer.status == TransferStatus.PENDING
        context.update(
            can_receive=pending and services.may_receive(transfer, self.request.user),
            can_withdraw=pending and services.may_withdraw(transfer, self.request.user),
            confirm_form=ConfirmTransferForm(transfer=transfer) if pending and transfer.to_org else None,
        )
        return context


class TransferActionView(core.ScopedMixin, generic.View):
    """Confirm or return (the receiver), or withdraw (the sender) a pending transfer."""

    queryset = Transfer.objects.select_related("to_org__unit", "from_org__unit", "membership")
    action = ""  # confirm, reject or withdraw: set by the URL

    def post(self, request, pk: int):
        action = self.action
        transfer = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        try:
            if action == "confirm":
                form = ConfirmTransferForm(request.POST, transfer=transfer)
                group = form.cleaned_data["group"] if form.is_valid() else None
                membership = services.confirm_transfer(transfer, group=group, by=request.user)
                messages.success(request, _("已接收{person}的组织关系").format(person=membership.person))
                return redirect(membership.get_absolute_url())
            services.cancel_transfer(
                transfer, by=request.user, rejected=action == "reject", note=request.POST.get("note", "")
            )
            messages.success(request, _("转接状态：{status}").format(status=transfer.get_status_display()))
        except ValidationError as exc:  # a Refused goes on to the 403 page
            for message in messages_of(exc):
                messages.error(request, message)
        return redirect(transfer.get_absolute_url())


# --- Elections (换届选举) --------------------------------------------------------------------------

ELECTIONS = Election.objects.select_related("party_org", "new_term")


class ElectionListView(core.ObjectListView):
    queryset = ELECTIONS
    filterset_class = ElectionFilterSet
    table_class = ElectionTable
    exportable = False


class ElectionDetailView(core.ObjectDetailView):
    queryset = ELECTIONS
    template_name = "party/election_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        election, user = self.object, self.request.user
        counted = election.status in (ElectionStatus.COUNTED, ElectionStatus.APPROVED)
        winners = {c.pk for c in elections.elected(election)} if counted else set()
        draft = election.status == ElectionStatus.DRAFT
        context.update(
            candidates=[(c, c.pk in winners) for c in election.candidates.select_related("person")],
            counted=counted,
            quorate=elections.quorate(election),
            candidate_form=CandidateForm(user=user, election=election) if draft and context["can_edit"] else None,
            may_start_voting=elections.may_start_voting(election, user),
            approve_form=(
                ApproveElectionForm()
                if election.status == ElectionStatus.COUNTED and elections.may_approve(election, user)
                else None
            ),
        )
        return context


class ElectionEditView(core.ObjectEditView):
    queryset = ELECTIONS
    form_class = ElectionForm


class ElectionDeleteView(core.ObjectDeleteView):
    queryset = Election.objects.all()


class ElectionHistoryView(core.ObjectHistoryView):
    queryset = Election.objects.all()


class ElectionActionView(core.EditableObjectMixin, generic.View):
    """POST actions on an election: add or remove a candidate, approve; each a service call."""

    queryset = ELECTIONS
    action_name = ""

    def post(self, request, pk: int):
        election = self.get_object()
        try:
            with transaction.atomic():
                self.act(election)
        except ValidationError as exc:
            for message in messages_of(exc):
                messages.error(request, message)
        return redirect(election.get_absolute_url())

    def act(self, election):
        if self.action_name == "remove":
            candidate = get_object_or_404(
                election.candidates, pk=params.optional_id(self.request.POST, "candidate") or 0
            )
            if election.status != ElectionStatus.DRAFT:
                raise ValidationError(_("投票已开始，不能再修改候选人"))
            candidate._history_user = self.request.user
            candidate.delete()
            return
        form_class = CandidateForm if self.action_name == "candidate" else ApproveElectionForm
        kwargs = {"user": self.request.user, "election": election} if form_class is CandidateForm else {}
        form = form_class(self.request.POST, **kwargs)
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        if form_class is CandidateForm:
            elections.add_candidate(election, by=self.request.user, **form.cleaned_data)
            messages.success(self.request, _("已添加候选人"))
        else:
            term = elections.approve(election, by=self.request.user, **form.cleaned_data)
            messages.success(self.request, _("已批复，产生{term}").format(term=term))
