from qizhi.core.urls_helpers import crud_urls
from qizhi.publicity import views

app_name = "publicity"

urlpatterns = [
    *crud_urls(
        "bulletins", "bulletin",
        list=views.BulletinListView, add=views.BulletinEditView, detail=views.BulletinDetailView,
        edit=views.BulletinEditView, delete=views.BulletinDeleteView, history=views.BulletinHistoryView,
    ),
    # Issues are never deleted: their numbers have no gaps (services.py).
    *crud_urls(
        "issues", "bulletinissue",
        list=views.BulletinIssueListView, add=views.BulletinIssueEditView, detail=views.BulletinIssueDetailView,
        edit=views.BulletinIssueEditView, history=views.BulletinIssueHistoryView,
    ),
    *crud_urls(
        "articles", "article",
        list=views.ArticleListView, add=views.ArticleEditView, detail=views.ArticleDetailView,
        edit=views.ArticleEditView, delete=views.ArticleDeleteView, history=views.ArticleHistoryView,
    ),
]  # fmt: skip
