from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.core import generations
from qizhi.core.filters import ObjectFilterSet
from qizhi.core.scoping import scope_of, subtree_q
from qizhi.org.choices import Education
from qizhi.org.filters import RETIRED_CHOICES, UnitSubtreeFilter, search_people
from qizhi.party.choices import AGE_BANDS, ElectionStatus, MembershipStatus, PartyOrgKind, TransferKind, TransferStatus
from qizhi.party.models import Election, Membership, PartyOrg, Transfer
from qizhi.party.services import age_band_q

AGE_CHOICES = [(str(i), label) for i, (_lo, _hi, label) in enumerate(AGE_BANDS)]


class PartyOrgSubtreeFilter(django_filters.NumberFilter):
    """``?party_org=<id>``: memberships of that organization and everything under it."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        org = PartyOrg.objects.visible_to(self.parent.request.user).filter(pk=value).only("path", "kind").first()
        if org is None:
            return qs.none()
        if org.kind == PartyOrgKind.GROUP:
            return qs.filter(group=org)
        return qs.filter(subtree_q("branch__path", org.path))


PARTY_ORG_CHOICES_READ = ("party", "org")  # the apps whose tables the options read


def party_org_choices(user) -> list[tuple]:
    """The organizations the user may see, as options (the first 500 in tree order): they follow the scope
    and the tree alone, so they are cached under the scope's signature until the next write of an organization
    or a unit."""

    def options() -> list[tuple]:
        orgs = PartyOrg.objects.visible_to(user).only("pk", "name", "depth")[:500]
        return [("", str(_("全部党组织")))] + [(o.pk, "\u3000" * (o.depth - 1) + o.name) for o in orgs]

    return generations.cached(("party_org_choices", scope_of(user).signature()), options, apps=PARTY_ORG_CHOICES_READ)


class YearFilter(django_filters.NumberFilter):
    """A four-digit year (a decimal or year 0 would reach the database as a bad date)."""

    field_class = forms.IntegerField


class MembershipFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    party_org = PartyOrgSubtreeFilter(label=_("党组织"), widget=forms.Select)
    unit = UnitSubtreeFilter(label=_("单位"), field_name="branch__unit__path", widget=forms.HiddenInput)
    status = django_filters.ChoiceFilter(label=_("党员类别"), choices=MembershipStatus.choices)
    retired = django_filters.ChoiceFilter(label=_("在职/退休"), choices=RETIRED_CHOICES, method="filter_retired")
    age = django_filters.ChoiceFilter(label=_("年龄段"), choices=AGE_CHOICES, method="filter_age")
    education = django_filters.ChoiceFilter(label=_("学历"), choices=Education.choices, field_name="person__education")
    joined_year = YearFilter(
        label=_("入党年份"), field_name="joined_on", lookup_expr="year", min_value=1921, max_value=2100
    )

    class Meta:
        model = Membership
        fields = ["q", "party_org", "unit", "status", "retired", "age", "education", "joined_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].field.widget.attrs["placeholder"] = _("姓名、拼音或首字母")
        if self.request is not None:
            self.form.fields["party_org"].widget.choices = party_org_choices(self.request.user)

    def filter_q(self, queryset, name, value):
        people = search_people(queryset.model.person.field.related_model.objects.all(), value)
        return queryset.filter(person__in=people.values("pk"))

    def filter_retired(self, queryset, name, value):
        return queryset.filter(person__retired=value == "1")

    def filter_age(self, queryset, name, value):
        return queryset.filter(age_band_q(int(value), timezone.localdate()))


class PartyOrgFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=PartyOrgKind.choices)
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.HiddenInput)

    class Meta:
        model = PartyOrg
        fields = ["q", "kind", "unit"]


class TransferFilterSet(ObjectFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=TransferStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=TransferKind.choices)

    class Meta:
        model = Transfer
        fields = ["status", "kind"]


class ElectionFilterSet(ObjectFilterSet):
    party_org = django_filters.NumberFilter(label=_("党组织编号"), field_name="party_org")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ElectionStatus.choices)
    year = django_filters.NumberFilter(
        label=_("年份"), field_name="held_on", lookup_expr="year", min_value=1921, max_value=2100
    )

    class Meta:
        model = Election
        fields = ["party_org", "status", "year"]
