from __future__ import annotations

from qizhi.core import views as core
from qizhi.publicity import services
from qizhi.publicity.filters import ArticleFilterSet, BulletinFilterSet, BulletinIssueFilterSet
from qizhi.publicity.forms import ArticleForm, BulletinForm, BulletinIssueForm
from qizhi.publicity.models import Article, Bulletin, BulletinIssue
from qizhi.publicity.tables import ArticleTable, BulletinIssueTable, BulletinTable

BULLETINS = Bulletin.objects.select_related("unit")
ISSUES = BulletinIssue.objects.select_related("bulletin__unit")
ARTICLES = Article.objects.select_related("unit")


class BulletinListView(core.ObjectListView):
    queryset = BULLETINS
    filterset_class = BulletinFilterSet
    table_class = BulletinTable
    exportable = False


class BulletinDetailView(core.ObjectDetailView):
    queryset = BULLETINS
    template_name = "publicity/bulletin_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issues"] = self.object.issues.order_by("-year", "-number")[:50]
        context["may_issue"] = self.object.active and services.may_issue(self.object, self.request.user)
        return context


class BulletinEditView(core.ObjectEditView):
    queryset = BULLETINS
    form_class = BulletinForm


class BulletinDeleteView(core.ObjectDeleteView):
    queryset = Bulletin.objects.all()  # a bulletin with issues is protected (PROTECT): only an empty one goes


class BulletinHistoryView(core.ObjectHistoryView):
    queryset = Bulletin.objects.all()


class BulletinIssueListView(core.ObjectListView):
    queryset = ISSUES
    filterset_class = BulletinIssueFilterSet
    table_class = BulletinIssueTable
    exportable = False


class BulletinIssueDetailView(core.ObjectDetailView):
    queryset = ISSUES
    template_name = "publicity/issue_detail.html"


class BulletinIssueEditView(core.ObjectEditView):
    """New issue (numbered by ``services.issue_bulletin``) or an edit of its title, text and date."""

    queryset = ISSUES
    form_class = BulletinIssueForm

    def get_initial(self):
        return {} if "pk" in self.kwargs else {"bulletin": self.request.GET.get("bulletin")}


class BulletinIssueHistoryView(core.ObjectHistoryView):
    queryset = BulletinIssue.objects.all()


class ArticleListView(core.ObjectListView):
    queryset = ARTICLES
    filterset_class = ArticleFilterSet
    table_class = ArticleTable
    exportable = False


class ArticleDetailView(core.ObjectDetailView):
    queryset = ARTICLES
    template_name = "publicity/article_detail.html"


class ArticleEditView(core.ObjectEditView):
    queryset = ARTICLES
    form_class = ArticleForm


class ArticleDeleteView(core.ObjectDeleteView):
    queryset = Article.objects.all()


class ArticleHistoryView(core.ObjectHistoryView):
    queryset = Article.objects.all()
