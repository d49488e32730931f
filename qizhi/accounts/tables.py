import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.models import Grant
from qizhi.core.tables import ObjectTable


class GrantTable(ObjectTable):
    user = tables.Column(verbose_name=_("用户"), linkify=lambda record: record.get_absolute_url())
    full_name = tables.Column(verbose_name=_("姓名"), accessor="user__first_name")

    class Meta(ObjectTable.Meta):
        model = Grant
        fields = ["user", "full_name", "role", "unit", "created_at"]
