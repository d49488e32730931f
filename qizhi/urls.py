from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from qizhi.core.home import healthz
from qizhi.meetings import api as meetings_api
from qizhi.org import api as org_api
from qizhi.party import api as party_api
from qizhi.statistics import api as statistics_api
from qizhi.study import api as study_api
from qizhi.targets import api as targets_api

api_patterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("org/figures/", org_api.figures, name="org-figures"),
    path("org/", include((org_api.router.urls, "org-api"))),
    path("party/figures/", party_api.figures, name="party-figures"),
    path("party/", include((party_api.router.urls, "party-api"))),
    path("statistics/rollup/", statistics_api.rollup, name="statistics-rollup"),
    path("statistics/paragraph/", statistics_api.paragraph, name="statistics-paragraph"),
    path("statistics/", include((statistics_api.router.urls, "statistics-api"))),
    path("targets/scores/", targets_api.scores, name="targets-scores"),
    path("targets/", include((targets_api.router.urls, "targets-api"))),
    path("meetings/compliance/", meetings_api.compliance, name="meetings-compliance"),
    path("meetings/", include((meetings_api.router.urls, "meetings-api"))),
    path("study/", include((study_api.router.urls, "study-api"))),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("qizhi.core.urls")),
    path("accounts/", include("qizhi.accounts.urls")),
    path("org/", include("qizhi.org.urls")),
    path("party/", include("qizhi.party.urls")),
    path("statistics/", include("qizhi.statistics.urls")),
    path("targets/", include("qizhi.targets.urls")),
    path("meetings/", include("qizhi.meetings.urls")),
    path("study/", include("qizhi.study.urls")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "qizhi.core.errors.permission_denied"
handler404 = "qizhi.core.errors.page_not_found"
handler500 = "qizhi.core.errors.server_error"
