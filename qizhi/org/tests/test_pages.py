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
