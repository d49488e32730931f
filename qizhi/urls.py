from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from qizhi.accounts.api import ObtainExpiringToken
from qizhi.appraisals import api as appraisals_api
from qizhi.campaigns import api as campaigns_api
from qizhi.campaigns import urls as campaigns_urls
from qizhi.core import api as core_api
from qizhi.core import urls as core_urls
from qizhi.core.home import healthz
from qizhi.core.schema import SchemaView
from qizhi.dashboard.views import HomeView  # the start page: the cockpit by role (issue 17)
from qizhi.disclosure import api as disclosure_api
from qizhi.documents import api as documents_api
from qizhi.dues import api as dues_api
from qizhi.honors import api as honors_api
from qizhi.meetings import api as meetings_api
from qizhi.org import api as org_api
from qizhi.party import api as party_api
from qizhi.points import api as points_api
from qizhi.publicity import api as publicity_api
from qizhi.reception import api as reception_api
from qizhi.recruitment import api as recruitment_api
from qizhi.statistics import api as statistics_api
from qizhi.study import api as study_api
from qizhi.targets import api as targets_api
from qizhi.veterans import api as veterans_api

api_patterns = [
    path("auth/token/", ObtainExpiringToken.as_view(), name="api-token"),
    path("core/todo/", core_api.todo_items, name="core-todo"),
    path("org/figures/", org_api.figures, name="org-figures"),
    path("org/", include((org_api.router.urls, "org-api"))),
    path("party/figures/", party_api.figures, name="party-figures"),
    path("party/dues/standard/", dues_api.standard, name="dues-standard"),
    path("party/dues/ledger/", dues_api.ledger, name="dues-ledger"),
    path("party/dues/", include((dues_api.router.urls, "dues-api"))),
    path("party/", include((party_api.router.urls, "party-api"))),
    path("statistics/rollup/", statistics_api.rollup, name="statistics-rollup"),
    path("statistics/paragraph/", statistics_api.paragraph, name="statistics-paragraph"),
    path("statistics/", include((statistics_api.router.urls, "statistics-api"))),
    path("targets/scores/", targets_api.scores, name="targets-scores"),
    path("targets/", include((targets_api.router.urls, "targets-api"))),
    path("meetings/compliance/", meetings_api.compliance, name="meetings-compliance"),
    path("meetings/", include((meetings_api.router.urls, "meetings-api"))),
    path("study/", include((study_api.router.urls, "study-api"))),
    path("points/ranking/", points_api.ranking, name="points-ranking"),
    path("points/", include((points_api.router.urls, "points-api"))),
    path("publicity/figures/", publicity_api.figures, name="publicity-figures"),
    path("publicity/", include((publicity_api.router.urls, "publicity-api"))),
    path("disclosure/", include((disclosure_api.router.urls, "disclosure-api"))),
    path("reception/figures/", reception_api.figures, name="reception-figures"),
    path("reception/", include((reception_api.router.urls, "reception-api"))),
    path("campaigns/figures/", campaigns_api.figures, name="campaigns-figures"),
    path("campaigns/", include((campaigns_api.router.urls, "campaigns-api"))),
    path("recruitment/", include((recruitment_api.router.urls, "recruitment-api"))),
    path("veterans/figures/", veterans_api.figures, name="veterans-figures"),
    path("veterans/", include((veterans_api.router.urls, "veterans-api"))),
    path("appraisals/", include((appraisals_api.router.urls, "appraisals-api"))),
    path("honors/figures/", honors_api.figures, name="honors-figures"),
    path("honors/", include((honors_api.router.urls, "honors-api"))),
    path("documents/", include((documents_api.router.urls, "documents-api"))),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include(([path("", HomeView.as_view(), name="home"), *core_urls.urlpatterns], "core"))),
    path("accounts/", include("qizhi.accounts.urls")),
    path("org/", include("qizhi.org.urls")),
    path("party/", include("qizhi.party.urls")),
    path("statistics/", include("qizhi.statistics.urls")),
    path("targets/", include("qizhi.targets.urls")),
    path("meetings/", include("qizhi.meetings.urls")),
    path("study/", include("qizhi.study.urls")),
    path("documents/", include("qizhi.documents.urls")),
    path("screen/", include("qizhi.dashboard.urls")),  # the big screen of a unit (issue 15 §4)
    path("dues/", include("qizhi.dues.urls")),
    path("points/", include("qizhi.points.urls")),
    path("publicity/", include("qizhi.publicity.urls")),
    path("disclosure/", include("qizhi.disclosure.urls")),
    path("public/", include("qizhi.disclosure.public_urls")),
    path("reception/", include("qizhi.reception.urls")),
    path("public/", include("qizhi.reception.public_urls")),  # /public/cases/, /public/letters/new/
    path("campaigns/", include("qizhi.campaigns.urls")),
    path("public/", include(campaigns_urls.public_patterns)),
    path("recruitment/", include("qizhi.recruitment.urls")),
    path("veterans/", include("qizhi.veterans.urls")),
    path("appraisals/", include("qizhi.appraisals.urls")),
    path("honors/", include("qizhi.honors.urls")),
    path("api/", include(api_patterns)),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),  # kept per process and language
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "qizhi.core.errors.permission_denied"
handler404 = "qizhi.core.errors.page_not_found"
handler500 = "qizhi.core.errors.server_error"
