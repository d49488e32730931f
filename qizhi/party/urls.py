from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.party import views

app_name = "party"

urlpatterns = [
    path("orgs/tree/", views.PartyOrgTreeView.as_view(), name="partyorg_tree"),
    *crud_urls(
        "orgs", "partyorg",
        list=views.PartyOrgListView, add=views.PartyOrgEditView, detail=views.PartyOrgDetailView,
        edit=views.PartyOrgEditView, delete=views.PartyOrgDeleteView, history=views.PartyOrgHistoryView,
    ),
    *crud_urls("terms", "term", add=views.TermEditView, edit=views.TermEditView),
    *crud_urls("officers", "officer", add=views.OfficerEditView, delete=views.OfficerDeleteView),
    *crud_urls(
        "members", "membership",
        list=views.MembershipListView, add=views.MembershipCreateView, detail=views.MembershipDetailView,
        edit=views.MembershipEditView, history=views.MembershipHistoryView, export=views.MembershipExportView,
        import_=views.MembershipImportView, import_template=views.MembershipImportTemplateView,
    ),
    path("members/<int:pk>/convert/", views.ConvertView.as_view(), name="membership_convert"),
    path("members/<int:pk>/transfer/", views.StartTransferView.as_view(), name="membership_transfer"),
    *crud_urls("transfers", "transfer", list=views.TransferListView, detail=views.TransferDetailView),
    path("transfers/<int:pk>/confirm/", views.TransferActionView.as_view(action="confirm"), name="transfer_confirm"),
    path("transfers/<int:pk>/reject/", views.TransferActionView.as_view(action="reject"), name="transfer_reject"),
    path("transfers/<int:pk>/withdraw/", views.TransferActionView.as_view(action="withdraw"), name="transfer_withdraw"),
    *crud_urls(
        "elections", "election",
        list=views.ElectionListView, add=views.ElectionEditView, detail=views.ElectionDetailView,
        edit=views.ElectionEditView, delete=views.ElectionDeleteView, history=views.ElectionHistoryView,
    ),
    path("elections/<int:pk>/candidates/", views.ElectionActionView.as_view(action_name="candidate"),
         name="election_candidate"),
    path("elections/<int:pk>/candidates/remove/", views.ElectionActionView.as_view(action_name="remove"),
         name="election_candidate_remove"),
    path("elections/<int:pk>/approve/", views.ElectionActionView.as_view(action_name="approve"),
         name="election_approve"),
]  # fmt: skip
