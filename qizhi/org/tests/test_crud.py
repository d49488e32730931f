"""CRUD and scoping of units and people, declared against the shared test base."""

import pytest

from qizhi.accounts.roles import Role
from qizhi.core.testing import ScopedCrudTests
from qizhi.org.models import Unit
from qizhi.org.testing import make_id_number, make_person

pytestmark = pytest.mark.django_db


class TestPersonCrud(ScopedCrudTests):
    url_base = "org:person"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return bureau.people[0]

    def create_data(self, bureau):
        return {
            "name": "新同志",
            "gender": "female",
            "birth_date": "1990-05-06",
            "ethnicity": "汉族",
            "education": "bachelor",
            "id_number": make_id_number(900, __import__("datetime").date(1990, 5, 6)),
            "phone": "13900001111",
            "unit": bureau.office.pk,
            "position": "科员",
            "political_status": "masses",
        }

    def edit_data(self, obj):
        return {
            "name": obj.name,
            "gender": obj.gender,
            "birth_date": obj.birth_date.isoformat(),
            "ethnicity": obj.ethnicity,
            "education": "postgraduate",
            "id_number": obj.id_number,
            "phone": obj.phone,
            "unit": obj.unit_id,
            "position": "副科长",
            "political_status": obj.political_status,
            "retired": obj.retired,
            "version": obj.version,
        }


class TestUnitCrud(ScopedCrudTests):
    url_base = "org:unit"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return bureau.judicial_office

    def deletable_sample(self, bureau):
        return Unit.objects.add_child(bureau.unit, create_kwargs={"name": "临时科室", "kind": "department"})

    def create_data(self, bureau):
        return {"parent": bureau.unit.pk, "name": "新司法所", "kind": "judicial_office"}

    def edit_data(self, obj):
        return {
            "name": obj.name + "（新）",
            "kind": obj.kind,
            "short_name": "",
            "code": "",
            "address": "",
            "phone": "",
            "version": obj.version,
        }


def test_a_unit_with_people_cannot_be_deleted(client, personas):
    client.force_login(personas.a.party_affairs)
    office = personas.a.office
    response = client.post(f"/org/units/{office.pk}/delete/")
    assert response.status_code == 302
    assert Unit.objects.filter(pk=office.pk).exists()
    response = client.delete(f"/api/org/units/{office.pk}/")  # the API answers 400 with the reason, not 500
    assert response.status_code == 400 and "仍被其他记录引用" in response.json()["errors"]["non_field_errors"][0]
    assert Unit.objects.filter(pk=office.pk).exists()


def test_a_new_unit_lands_under_its_parent(client, personas):
    client.force_login(personas.a.party_affairs)
    client.post("/org/units/add/", {"parent": personas.a.unit.pk, "name": "新科室", "kind": "department"})
    unit = Unit.objects.get(name="新科室")
    assert Unit.objects.get_parent(unit) == personas.a.unit
    personas.a.unit.refresh_from_db()
    assert personas.a.unit.numchild == 3


def test_a_person_cannot_be_moved_out_of_the_editors_scope(client, personas):
    person = make_person(personas.a.office, "调出者")
    client.force_login(personas.a.party_affairs)
    data = TestPersonCrud().edit_data(person)
    data["unit"] = personas.b.office.pk
    response = client.post(f"/org/people/{person.pk}/edit/", data)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.unit == personas.a.office
