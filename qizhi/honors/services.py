"""The honors register's figures, counted as the seeds write them: 人次, 集体荣誉 and members honored."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from qizhi.core.scoping import subtree_q
from qizhi.honors.choices import HonorKind, HonorLevel
from qizhi.honors.models import Honor
from qizhi.org.choices import PoliticalStatus

MEMBER_STATUSES = (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY)


def about(n: int) -> str:
    """How the bureau writes a count: 153 → "150余", 72 → "70余", 8 → "8"."""
    if n >= 20 and n % 10:
        return _("{n}余").format(n=n // 10 * 10)
    return str(n)


def honors_of(unit, year: int | None = None):
    honors = Honor.objects.filter(subtree_q("unit__path", unit.path))
    return honors.filter(granted_on__year=year) if year else honors


def figures(unit, year: int | None = None) -> dict:
    """Counts of the unit's subtree (all years, or one): individual honors are 人次 (one person honored
    twice counts twice); members honored counts each party member once (every level here is 县级以上)."""
    honors = honors_of(unit, year)
    individual = honors.filter(kind=HonorKind.INDIVIDUAL)
    person_times = individual.count()
    collective = honors.filter(kind=HonorKind.COLLECTIVE).count()
    members = individual.filter(person__political_status__in=MEMBER_STATUSES).values("person").distinct().count()
    persons = individual.values("person").distinct().count()
    levels = dict(honors.values_list("level").annotate(n=Count("pk")))
    by_level = {code: levels.get(code, 0) for code in HonorLevel.values}
    return {
        "unit": unit.name,
        "year": year,
        "person_times": person_times,
        "collective": collective,
        "persons": persons,
        "members_honored": members,
        "by_level": by_level,
        "sentences": [
            _("有{n}人次受到县、市、省和国家表彰").format(n=about(person_times)),
            _("共荣获集体荣誉{c}项，有{m}名党员干警受到县级以上表彰奖励").format(c=about(collective), m=about(members)),
        ],
    }


def wall(unit):
    """The honors wall of a unit's subtree: highest level first, newest first."""
    order = {HonorLevel.NATIONAL: 0, HonorLevel.PROVINCE: 1, HonorLevel.CITY: 2, HonorLevel.COUNTY: 3}
    honors = list(honors_of(unit).select_related("person", "unit"))
    honors.sort(key=lambda h: (order.get(h.level, 9), -h.granted_on.toordinal()))
    return honors


def person_honors(person):
    return Honor.objects.filter(person=person).order_by("-granted_on")
