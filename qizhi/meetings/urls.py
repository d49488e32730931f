from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.meetings import views

app_name = "meetings"

urlpatterns = [
    path("calendar/", views.MeetingCalendarView.as_view(), name="meeting_calendar"),
    path("compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("compliance/export/", views.ComplianceExportView.as_view(), name="compliance_export"),
    *crud_urls(
        "meetings", "meeting",
        list=views.MeetingListView, add=views.MeetingEditView, detail=views.MeetingDetailView,
        edit=views.MeetingEditView, delete=views.MeetingDeleteView, history=views.MeetingHistoryView,
    ),
    path("meetings/<int:pk>/attendance/", views.AttendanceSheetView.as_view(), name="meeting_attendance"),
    path("meetings/<int:pk>/attendance/add/", views.AddAttendeeView.as_view(), name="meeting_add_attendee"),
    path(
        "meetings/<int:pk>/attendance/export/", views.AttendanceExportView.as_view(), name="meeting_attendance_export"
    ),
    path("meetings/<int:pk>/hold/", views.MeetingActionView.as_view(action_name="hold"), name="meeting_hold"),
    path("meetings/<int:pk>/cancel/", views.MeetingActionView.as_view(action_name="cancel"), name="meeting_cancel"),
    path("meetings/<int:pk>/notice/", views.MeetingActionView.as_view(action_name="notice"), name="meeting_notice"),
    path(
        "meetings/<int:pk>/sign-in/open/", views.MeetingActionView.as_view(action_name="open_sign_in"),
        name="meeting_open_sign_in",
    ),
    path(
        "meetings/<int:pk>/sign-in/close/", views.MeetingActionView.as_view(action_name="close_sign_in"),
        name="meeting_close_sign_in",
    ),
    path("meetings/<int:pk>/sign-in/", views.SignInView.as_view(), name="meeting_sign_in"),
    *crud_urls(
        "compliance-rules", "compliancerule",
        list=views.ComplianceRuleListView, add=views.ComplianceRuleEditView, edit=views.ComplianceRuleEditView,
        history=views.ComplianceRuleHistoryView,
    ),
    *crud_urls(
        "life-meeting-points", "lifemeetingpoint",
        add=views.LifeMeetingPointEditView, edit=views.LifeMeetingPointEditView,
        delete=views.LifeMeetingPointDeleteView,
    ),
]  # fmt: skip
