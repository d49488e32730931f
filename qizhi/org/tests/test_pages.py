import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_a_unit_page_with_figures(client, personas):
    client.force_login(personas.leader)
    response = client.get(reverse("org:unit_detail", args=[personas.a.unit.pk]))
    assert response.status_code == 200
    assert "云溪县司法局" in response.content.decode()


def test_pages_render(client, personas):
    client.force_login(personas.party_affairs)
    for name in (
        "org:unit_tree",
        "org:unit_list",
        "org:person_list",
        "org:person_add",
        "org:person_import",
        "core:home",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    person = personas.a.people[0]
    for name in ("org:person_detail", "org:person_edit", "org:person_history", "org:person_delete"):
        assert client.get(reverse(name, args=[person.pk])).status_code == 200, name


def test_the_tree_expands_a_node_with_htmx(client, personas):
    client.force_login(personas.root_admin)
    html = client.get("/org/units/tree/").content.decode()
    assert "测试市司法局" in html and "云溪县司法局" in html and "云溪司法所" not in html
    fragment = client.get(f"/org/units/tree/?parent={personas.a.unit.pk}", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "云溪司法所" in text and "<html" not in text
    assert "1 人 · 在职 1 · 党员 0" in text  # 云溪乙， serving, not a member


def test_the_tree_does_not_expand_a_node_out_of_scope(client, personas):
    client.force_login(personas.a.leader)
    response = client.get(f"/org/units/tree/?parent={personas.b.unit.pk}", headers={"HX-Request": "true"})
    assert response.status_code == 404
