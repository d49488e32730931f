from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.study import views

app_name = "study"

urlpatterns = [
    path("mine/", views.MyStudyView.as_view(), name="my_study"),
    *crud_urls(
        "plans", "studyplan",
        list=views.StudyPlanListView, add=views.StudyPlanEditView, detail=views.StudyPlanDetailView,
        edit=views.StudyPlanEditView, delete=views.StudyPlanDeleteView, history=views.StudyPlanHistoryView,
    ),
    path("plans/<int:pk>/completion/export/", views.CompletionExportView.as_view(), name="studyplan_completion_export"),
    *crud_urls(
        "materials", "material",
        add=views.MaterialEditView, edit=views.MaterialEditView, delete=views.MaterialDeleteView,
    ),
    *crud_urls(
        "records", "studyrecord",
        list=views.StudyRecordListView, add=views.StudyRecordEditView, detail=views.StudyRecordDetailView,
        edit=views.StudyRecordEditView, delete=views.StudyRecordDeleteView, history=views.StudyRecordHistoryView,
    ),
    *crud_urls(
        "reflections", "reflection",
        list=views.ReflectionListView, add=views.ReflectionEditView, detail=views.ReflectionDetailView,
        edit=views.ReflectionEditView, delete=views.ReflectionDeleteView, history=views.ReflectionHistoryView,
    ),
    *[
        path(f"reflections/<int:pk>/{action}/", views.ReflectionActionView.as_view(action=action),
             name=f"reflection_{action}")
        for action in ("submit", "approve", "return")
    ],
    *crud_urls(
        "work-logs", "worklog",
        list=views.WorkLogListView, add=views.WorkLogEditView, detail=views.WorkLogDetailView,
        edit=views.WorkLogEditView, delete=views.WorkLogDeleteView, history=views.WorkLogHistoryView,
        export=views.WorkLogExportView,
    ),
]  # fmt: skip
