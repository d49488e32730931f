from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.veterans import views

app_name = "veterans"

urlpatterns = [
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("aids/<int:pk>/decide/", views.DecideAidView.as_view(), name="hardshipaid_decide"),
    *crud_urls(
        "visits", "carevisit",
        list=views.CareVisitListView, add=views.CareVisitEditView, detail=views.CareVisitDetailView,
        edit=views.CareVisitEditView, delete=views.CareVisitDeleteView, history=views.CareVisitHistoryView,
    ),
    *crud_urls(
        "aids", "hardshipaid",
        list=views.HardshipAidListView, add=views.HardshipAidEditView, detail=views.HardshipAidDetailView,
        edit=views.HardshipAidEditView, delete=views.HardshipAidDeleteView, history=views.HardshipAidHistoryView,
    ),
]  # fmt: skip
