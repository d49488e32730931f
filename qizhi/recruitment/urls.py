from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("applicants/<int:pk>/step/", views.StepView.as_view(), name="applicant_step"),  # ?step=<Step>
    path("applicants/<int:pk>/archive/", views.ArchiveExportView.as_view(), name="applicant_archive"),
    *crud_urls(
        "applicants", "applicant",
        list=views.ApplicantListView, add=views.ApplicantEditView, detail=views.ApplicantDetailView,
        edit=views.ApplicantEditView, delete=views.ApplicantDeleteView, history=views.ApplicantHistoryView,
    ),
]  # fmt: skip
