"""A roster lists leaders first, then by position, then by name: the rule in Python and in SQL agree."""

from __future__ import annotations

import pytest

from qizhi.org.models import Person
from qizhi.org.ranks import DEPUTY_HEAD, HEAD, NONE, SECTION_DEPUTY, SECTION_HEAD, STAFF, position_rank, roster_order
from qizhi.org.testing import make_person

TITLES = {
    "局长": HEAD, "党组书记、局长": HEAD, "院长": HEAD, "政委": DEPUTY_HEAD, "副局长": DEPUTY_HEAD,
    "党组成员、副局长": DEPUTY_HEAD, "纪检组长": DEPUTY_HEAD, "办公室主任": SECTION_HEAD, "所长": SECTION_HEAD,
    "科长": SECTION_HEAD, "副主任": SECTION_DEPUTY, "副所长": SECTION_DEPUTY, "干警": STAFF, "科员": STAFF,
    "退休干部": STAFF, "": NONE,
}  # fmt: skip


def test_titles_rank_leaders_first():
    assert {title: position_rank(title) for title in TITLES} == TITLES


@pytest.mark.django_db
def test_the_database_orders_a_roster_as_the_rule_does(personas):
    unit = personas.a.unit
    for n, title in enumerate(["干警", "副所长", "", "局长", "科长", "副局长", "科员"]):
        make_person(unit, f"名册{n}", position=title)
    people = roster_order(Person.objects.filter(name__startswith="名册"))
    # Same rank, same pinyin (the digits have none): the older record first.
    assert [p.position for p in people] == ["局长", "副局长", "科长", "副所长", "干警", "科员", ""]
    assert [p.roster_rank for p in people] == sorted(position_rank(p.position) for p in people)


@pytest.mark.django_db
def test_the_roster_export_lists_leaders_first(client, personas):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    unit = personas.a.judicial_office
    for name, title in (("阿干警", "干警"), ("赵所长", "所长"), ("白副所长", "副所长")):
        make_person(unit, name, position=title)
    client.force_login(personas.a.leader)
    response = client.get(reverse("org:person_export"), {"unit": unit.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    wanted = {"阿干警", "赵所长", "白副所长"}
    names = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell in wanted]
    assert names == ["赵所长", "白副所长", "阿干警"]  # not pinyin order (a, b, z)
