import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core.filters import ObjectFilterSet


class GrantFilterSet(ObjectFilterSet):
    user = django_filters.CharFilter(label=_("用户名"), field_name="user__username", lookup_expr="icontains")
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices)

    class Meta:
        model = Grant
        fields = ["user", "role"]
