from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.publicity.models import Article, Bulletin, BulletinIssue

LINK = {"linkify": lambda record: record.get_absolute_url()}


class BulletinTable(ObjectTable):
    name = tables.Column(**LINK)
    unit = tables.Column(order_by=("unit__path",))

    class Meta(ObjectTable.Meta):
        model = Bulletin
        fields = ["name", "unit", "issuer", "active"]


class BulletinIssueTable(ObjectTable):
    label = tables.Column(verbose_name=_("期号"), empty_values=(), order_by=("year", "number"), **LINK)
    title = tables.Column(**LINK)
    bulletin = tables.Column(order_by=("bulletin__name",))

    class Meta(ObjectTable.Meta):
        model = BulletinIssue
        fields = ["label", "bulletin", "title", "issued_on", "editor"]


class ArticleTable(ObjectTable):
    title = tables.Column(**LINK)
    unit = tables.Column(order_by=("unit__path",))

    class Meta(ObjectTable.Meta):
        model = Article
        fields = ["title", "kind", "outlet", "outlet_level", "published_on", "unit", "author"]
