from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core import publishing
from qizhi.core.tables import ObjectTable
from qizhi.disclosure.models import Disclosure, Publication

LINK = {"linkify": lambda record: record.get_absolute_url()}


class _KindColumn(tables.Column):
    def render(self, value):
        return dict(publishing.choices()).get(value, value)


class DisclosureTable(ObjectTable):
    title = tables.Column(**LINK)
    kind = _KindColumn()
    unit = tables.Column(order_by=("unit__path",))

    class Meta(ObjectTable.Meta):
        model = Disclosure
        fields = ["index_number", "title", "kind", "unit", "status", "made_on", "edition", "proposed_at"]


class PublicationTable(ObjectTable):
    title = tables.Column(**LINK)
    kind = _KindColumn()
    published_by = tables.Column(verbose_name=_("发布人"))
    withdrawn_at = tables.DateTimeColumn(format="Y-m-d H:i")
    published_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta(ObjectTable.Meta):
        model = Publication
        fields = ["index_number", "title", "kind", "channel", "edition", "published_at", "published_by",
                  "withdrawn_at", "withdraw_reason"]  # fmt: skip
