"""Deleted people wait in the recycle bin and come back as they were."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_deleted_person_is_restored_with_its_id_and_fields(client, personas):
    person = personas.a.people[0]
    client.force_login(personas.a.party_affairs)
    client.post(f"/org/people/{person.pk}/delete/")
    html = client.get("/org/people/deleted/").content.decode()
    assert person.name in html
    record = person.history.model.objects.get(id=person.pk, history_type="-")
    response = client.post(f"/org/people/deleted/{record.history_id}/restore/")
    assert response.status_code == 302 and response["Location"] == f"/org/people/{person.pk}/"
    restored = person.__class__.objects.get(pk=person.pk)
    assert (restored.name, restored.id_number, restored.unit) == (person.name, person.id_number, person.unit)
    assert f"/deleted/{record.history_id}/restore/" not in client.get("/org/people/deleted/").content.decode()


def test_restoring_over_a_reused_id_number_is_refused(client, personas):
    from qizhi.org.testing import make_person

    person = personas.a.people[0]
    client.force_login(personas.a.party_affairs)
    client.post(f"/org/people/{person.pk}/delete/")
    make_person(personas.a.office, "新人", id_number=person.id_number)
    record = person.history.model.objects.get(id=person.pk, history_type="-")
    response = client.post(f"/org/people/deleted/{record.history_id}/restore/", follow=True)
    assert "无法恢复" in response.content.decode()
    assert not person.__class__.objects.filter(pk=person.pk).exists()


def test_viewers_have_no_recycle_bin(client, personas):
    client.force_login(personas.a.leader)
    assert client.get("/org/people/deleted/").status_code == 403
