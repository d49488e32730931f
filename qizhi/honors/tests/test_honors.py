"""The honors register: CRUD and scoping, figures counted as the seeds write them, refusals, the wall and register."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.honors import services
from qizhi.honors.choices import HonorKind, HonorLevel
from qizhi.honors.models import Honor
from qizhi.honors.testing import honors_of
from qizhi.org.choices import PoliticalStatus

pytestmark = pytest.mark.django_db


class TestHonorCrud(ScopedCrudTests):
    url_base = "honors:honor"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return honors_of(bureau)["collective"]

    def create_data(self, bureau):
        return {
            "kind": HonorKind.INDIVIDUAL, "unit": bureau.unit.pk, "person": bureau.people[0].pk,
            "title": "全国模范人民调解员", "level": HonorLevel.NATIONAL, "issuer": "司法部", "granted_on": "2026-03-01",
        }  # fmt: skip

    def edit_data(self, obj):
        return {
            "kind": obj.kind, "unit": obj.unit_id, "title": "全国模范司法所（复查）", "level": obj.level,
            "issuer": obj.issuer, "granted_on": obj.granted_on.isoformat(), "version": obj.version,
        }  # fmt: skip


def add(unit, kind, person=None, level=HonorLevel.COUNTY, day=datetime.date(2026, 5, 1)):
    return Honor.objects.create(kind=kind, unit=unit if person is None else person.unit, person=person,
                                title="先进", level=level, issuer="县委", granted_on=day)  # fmt: skip


def test_figures_count_person_times_collective_honors_and_members_once(personas):
    """Person 0 (a member) honored three times, person 1 (not a member) once, the retiree (a member)
    once in 2025; two collective honors: 5 人次, 2 collective, 2 members, 3 persons; 2026 alone: 4 人次."""
    bureau = personas.a
    member, masses, retiree = bureau.people
    assert masses.political_status == PoliticalStatus.MASSES
    for level in (HonorLevel.COUNTY, HonorLevel.CITY, HonorLevel.NATIONAL):
        add(bureau.unit, HonorKind.INDIVIDUAL, member, level)
    add(bureau.unit, HonorKind.INDIVIDUAL, masses)
    add(bureau.unit, HonorKind.INDIVIDUAL, retiree, day=datetime.date(2025, 4, 1))
    add(bureau.judicial_office, HonorKind.COLLECTIVE)
    add(bureau.unit, HonorKind.COLLECTIVE, level=HonorLevel.PROVINCE)
    add(personas.b.unit, HonorKind.COLLECTIVE)  # the sibling's: not counted
    figures = services.figures(bureau.unit)
    assert (figures["person_times"], figures["collective"], figures["members_honored"], figures["persons"]) == (
        5,
        2,
        2,
        3,
    )
    assert figures["by_level"] == {"national": 1, "province": 1, "city": 1, "county": 4}
    assert services.figures(bureau.unit, 2026)["person_times"] == 4
    assert services.figures(bureau.judicial_office)["collective"] == 1


def test_about_writes_counts_as_the_bureau_does():
    assert [services.about(n) for n in (153, 72, 150, 31, 8)] == ["150余", "70余", "150", "30余", "8"]


def test_an_honor_dated_in_the_future_is_refused_everywhere(client, personas):
    client.force_login(personas.a.party_affairs)
    data = {"kind": HonorKind.COLLECTIVE, "unit": personas.a.unit.pk, "title": "未来的荣誉", "level": HonorLevel.COUNTY,
            "issuer": "县委", "granted_on": "2026-12-04"}  # fmt: skip
    response = client.post(reverse("honors:honor_add"), data)
    assert response.status_code == 200 and "表彰日期不能晚于今天" in response.content.decode()
    api = client.post("/api/honors/honors/", data, content_type="application/json")
    assert api.status_code == 400 and "表彰日期不能晚于今天" in api.content.decode()
    assert not Honor.objects.exists()


def test_an_individual_honor_needs_its_person_and_a_collective_one_none(client, personas):
    client.force_login(personas.a.party_affairs)
    base = {"unit": personas.a.unit.pk, "title": "优秀党员", "level": HonorLevel.COUNTY, "issuer": "县委",
            "granted_on": "2026-07-01"}  # fmt: skip
    assert client.post(reverse("honors:honor_add"), {**base, "kind": HonorKind.INDIVIDUAL}).status_code == 200
    both = {**base, "kind": HonorKind.COLLECTIVE, "person": personas.a.people[0].pk}
    assert client.post(reverse("honors:honor_add"), both).status_code == 200
    assert not Honor.objects.exists()


def test_the_figures_endpoint_answers_the_seed_counts_and_refuses_junk(client, personas):
    honors_of(personas.a)
    client.force_login(personas.a.leader)
    body = client.get("/api/honors/figures/", {"unit": personas.a.unit.pk}).json()
    assert (body["person_times"], body["collective"], body["members_honored"]) == (1, 1, 1)
    assert client.get("/api/honors/figures/", {"unit": personas.a.unit.pk, "year": "20x6"}).status_code == 400
    assert client.get("/api/honors/figures/", {"unit": personas.b.unit.pk}).status_code == 404


def test_the_wall_and_the_register_show_the_units_honors_only(client, personas):
    own, other = honors_of(personas.a), honors_of(personas.b)
    client.force_login(personas.a.leader)
    html = client.get(reverse("honors:wall")).content.decode()
    assert own["collective"].title in html and other["collective"].title not in html
    assert client.get(reverse("honors:wall"), {"unit": personas.b.unit.pk}).status_code == 404
    response = client.get(reverse("honors:register"), {"unit": personas.a.unit.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert own["individual"].title in values and other["individual"].title not in values
    assert client.get(reverse("honors:register"), {"unit": personas.b.unit.pk}).status_code == 404


def test_the_members_honors_are_listed_for_their_page(personas):
    own = honors_of(personas.a)
    assert list(services.person_honors(personas.a.people[0])) == [own["individual"]]


def test_the_import_template_and_a_row_check_refuse_a_future_date(personas):
    from qizhi.honors.resources import HonorResource

    resource = HonorResource(user=personas.a.party_affairs)
    assert "荣誉称号" in [c.label for c in resource.template_columns()]
    widget = resource.fields["granted_on"].widget
    with pytest.raises(ValueError, match="晚于今天"):
        widget.clean("2027-01-01")
    assert widget.clean("2026年7月1日") == datetime.date(2026, 7, 1)
