from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qizhi.core import generations
from qizhi.core.filters import ObjectFilterSet
from qizhi.core.params import to_id
from qizhi.core.scoping import scope_of, subtree_q
from qizhi.org.choices import Education, Gender, PoliticalStatus, UnitKind
from qizhi.org.models import Person, Unit

UNIT_CHOICES_READ = ("org",)  # the apps whose tables the unit options read
RETIRED_CHOICES = (("0", _("在职")), ("1", _("退休")))


def search_people(queryset, text: str):
    """Name, pinyin (``zhangwei``), pinyin initials (``zw``, ``zhw``) or the ID number's last digits."""
    text = (text or "").strip()
    if not text:
        return queryset
    condition = Q(name__contains=text)
    if text.isascii() and text.isalpha():
        condition |= Q(pinyin__contains=" " + text.lower())
    digits = text.upper()
    if len(digits) >= 3 and (digits.isdigit() or (digits[:-1].isdigit() and digits.endswith("X"))):
        condition |= Q(id_number__endswith=digits)
    return queryset.filter(condition)


class UnitSubtreeFilter(django_filters.NumberFilter):
    """``?unit=<id>``: the unit's whole subtree, if the user may see that unit."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        unit = Unit.objects.visible_to(self.parent.request.user).filter(pk=value).only("path").first()
        if unit is None:
            return qs.none()
        return qs.filter(subtree_q(self.field_name, unit.path))


def unit_choices(user, selected=None, max_depth_below: int = 2) -> list[tuple]:
    """Select options: the user's top units and two levels below them (a province lists its counties).

    Deeper units are reached from their unit page, which links to the list filtered to them. The options
    follow the scope and the unit tree alone: cached under the scope's signature until the next write of a unit
    (``apps``: writes elsewhere leave them cached).
    """
    selected = str(to_id(selected) or "")  # junk ("²", 5,000 digits) is no unit, not a 500
    key = ("unit_choices", scope_of(user).signature(), selected, max_depth_below)
    return generations.cached(key, lambda: _unit_choices(user, selected, max_depth_below), apps=UNIT_CHOICES_READ)


def _unit_choices(user, selected: str, max_depth_below: int) -> list[tuple]:
    units = Unit.objects.visible_to(user).only("pk", "name", "depth")
    top = units.order_by("depth").values_list("depth", flat=True).first()
    everything = ("", str(_("全部单位")))
    if top is None:
        return [everything]
    choices = [everything]
    for unit in units.filter(depth__lte=top + max_depth_below):
        choices.append((unit.pk, "\u3000" * (unit.depth - top) + unit.name))
    if selected and selected not in {str(c[0]) for c in choices}:
        extra = units.filter(pk=selected).first()
        if extra:
            choices.append((extra.pk, extra.name))
    return choices


class PersonFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_q")
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.Select)
    retired = django_filters.ChoiceFilter(label=_("状态"), choices=RETIRED_CHOICES, method="filter_retired")
    political_status = django_filters.ChoiceFilter(label=_("政治面貌"), choices=PoliticalStatus.choices)
    education = django_filters.ChoiceFilter(label=_("学历"), choices=Education.choices)
    gender = django_filters.ChoiceFilter(label=_("性别"), choices=Gender.choices)

    class Meta:
        model = Person
        fields = ["q", "unit", "retired", "political_status", "education", "gender"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["q"].field.widget.attrs["placeholder"] = _("姓名、拼音、首字母或身份证号后几位")
        if self.request is not None:
            selected = self.data.get("unit") if self.data else None
            self.form.fields["unit"].widget.choices = unit_choices(self.request.user, selected)

    def filter_q(self, queryset, name, value):
        return search_people(queryset, value)

    def filter_retired(self, queryset, name, value):
        return queryset.filter(retired=value == "1")


class UnitFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=UnitKind.choices)

    class Meta:
        model = Unit
        fields = ["q", "kind"]
