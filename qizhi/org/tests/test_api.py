"""The org API: scoped reads, writes within the editor's subtree, masked personal data, figures."""

import pytest

from qizhi.org.models import Person, Unit
from qizhi.org.testing import make_id_number

pytestmark = pytest.mark.django_db


def test_people_are_listed_within_scope_with_search(client, personas):
    client.force_login(personas.a.leader)
    body = client.get("/api/org/people/").json()
    assert {p["name"] for p in body["results"]} == {"云溪甲", "云溪乙", "云溪丙"}
    body = client.get("/api/org/people/", {"search": "yxj"}).json()  # pinyin initials of 云溪甲
    assert [p["name"] for p in body["results"]] == ["云溪甲"]


def test_units_are_searched_by_name(client, personas):
    client.force_login(personas.a.leader)
    body = client.get("/api/org/units/", {"search": "司法所"}).json()
    assert [u["name"] for u in body["results"]] == ["云溪司法所"]
    assert body["results"][0]["parent_id"] == personas.a.unit.pk


def test_the_topmost_unit_of_a_scope_names_no_parent_outside_it(client, personas):
    """A county's own bureau lies under the root, which the county may not see: its parent's id is not shown (a
    missing parent reads the same), while the root's administrator sees it."""
    client.force_login(personas.a.leader)
    own = client.get(f"/api/org/units/{personas.a.unit.pk}/").json()
    assert own["parent_id"] is None
    listed = {u["id"]: u["parent_id"] for u in client.get("/api/org/units/").json()["results"]}
    assert listed[personas.a.unit.pk] is None and personas.root.pk not in listed.values()
    client.force_login(personas.root_admin)
    assert client.get(f"/api/org/units/{personas.a.unit.pk}/").json()["parent_id"] == personas.root.pk


def test_id_numbers_are_masked_unless_the_role_may_see_them(client, personas):
    person = personas.a.people[0]
    client.force_login(personas.a.staff)  # staff of the judicial office does not see 办公室's people
    assert client.get(f"/api/org/people/{person.pk}/").status_code == 404
    client.force_login(personas.a.branch_secretary)
    assert "*" in client.get(f"/api/org/people/{person.pk}/").json()["id_number"]
    client.force_login(personas.a.party_affairs)
    assert client.get(f"/api/org/people/{person.pk}/").json()["id_number"] == person.id_number


def test_an_editor_creates_a_person_in_scope_and_not_outside(client, personas):
    client.force_login(personas.a.party_affairs)
    data = {"name": "接口新人", "gender": "male", "id_number": make_id_number(950), "unit": personas.a.office.pk}
    response = client.post("/api/org/people/", data, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Person.objects.get(name="接口新人").created_by == personas.a.party_affairs
    data.update(name="越界", id_number=make_id_number(951), unit=personas.b.office.pk)
    response = client.post("/api/org/people/", data, content_type="application/json")
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]
    assert not Person.objects.filter(name="越界").exists()


def test_bad_input_is_answered_with_field_and_chinese_message(client, personas):
    client.force_login(personas.a.party_affairs)
    data = {"name": "", "gender": "x", "id_number": "123", "unit": personas.a.office.pk}
    body = client.post("/api/org/people/", data, content_type="application/json").json()
    assert set(body["errors"]) >= {"name", "gender", "id_number"}
    assert "身份证号码应为18位" in body["errors"]["id_number"][0]


def test_a_viewer_cannot_write(client, personas):
    client.force_login(personas.a.leader)
    person = personas.a.people[0]
    response = client.patch(f"/api/org/people/{person.pk}/", {"position": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert client.delete(f"/api/org/people/{person.pk}/").status_code == 403


def test_a_unit_is_created_under_a_parent_in_scope(client, personas):
    client.force_login(personas.a.party_affairs)
    response = client.post(
        "/api/org/units/",
        {"name": "接口科", "kind": "department", "parent": personas.a.unit.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Unit.objects.get_parent(Unit.objects.get(name="接口科")) == personas.a.unit
    response = client.post("/api/org/units/", {"name": "无上级", "kind": "department"}, content_type="application/json")
    assert response.status_code == 400 and "parent" in response.json()["errors"]


def test_figures_give_counts_of_the_subtree(client, personas):
    client.force_login(personas.a.leader)
    body = client.get("/api/org/figures/", {"unit": personas.a.unit.pk}).json()
    assert (body["staff"], body["serving"], body["retired"]) == (3, 2, 1)
    assert (body["party_members"], body["serving_party_members"], body["party_share_percent"]) == (2, 1, 50)
    assert {k["kind"]: k["units"] for k in body["by_kind"]} == {"bureau": 1, "department": 1, "judicial_office": 1}


def test_figures_need_a_unit(client, personas):
    client.force_login(personas.a.leader)
    body = client.get("/api/org/figures/").json()
    assert "unit" in body["errors"]
    assert client.get("/api/org/figures/", {"unit": "x"}).status_code == 400


def test_the_schema_and_docs_are_served_offline(client, personas):
    client.force_login(personas.a.leader)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/org/people/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower() and "//unpkg" not in docs
