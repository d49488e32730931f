from django.contrib.auth import views as auth_views
from django.urls import path

from qizhi.accounts import views
from qizhi.core.urls_helpers import crud_urls

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("roles/", views.role_table_view, name="role_table"),
    path("users/add/", views.AccountCreateView.as_view(), name="user_add"),
    *crud_urls(
        "grants",
        "grant",
        list=views.GrantListView,
        add=views.GrantEditView,
        detail=views.GrantDetailView,
        edit=views.GrantEditView,
        delete=views.GrantDeleteView,
        history=views.GrantHistoryView,
    ),
]
