from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.reception import views

app_name = "reception"

urlpatterns = [
    path("deadlines/", views.DeadlinesView.as_view(), name="deadlines"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("figures/export/", views.FiguresExportView.as_view(), name="figures_export"),
    path("letters/write/", views.WriteLetterView.as_view(), name="letter_write"),
    path("letters/mine/", views.MyLettersView.as_view(), name="my_letters"),
    path("cases/<int:pk>/act/<slug:name>/", views.CaseActView.as_view(), name="case_act"),
    path("duty-slots/generate/", views.RosterView.as_view(), name="roster"),
    path("duty-slots/<int:pk>/swap/", views.SwapView.as_view(), name="dutyslot_swap"),
    *crud_urls(
        "cases", "case",
        list=views.CaseListView, add=views.CaseAddView, detail=views.CaseDetailView, history=views.CaseHistoryView,
        export=views.CaseExportView,
    ),
    *crud_urls(
        "duty-slots", "dutyslot",
        list=views.DutySlotListView, add=views.DutySlotEditView, detail=views.DutySlotDetailView,
        edit=views.DutySlotEditView, delete=views.DutySlotDeleteView, history=views.DutySlotHistoryView,
    ),
    *crud_urls(
        "calendar-days", "calendarday",
        list=views.CALENDAR["list"], add=views.CALENDAR["edit"], detail=views.CALENDAR["detail"],
        edit=views.CALENDAR["edit"], delete=views.CALENDAR["delete"], history=views.CALENDAR["history"],
    ),
    *crud_urls(
        "clock-rules", "clockrule",
        list=views.RULES["list"], detail=views.RULES["detail"], edit=views.RULES["edit"],
        history=views.RULES["history"],
    ),
]  # fmt: skip
