"""Terms and officers from the organization's page; term expiry is flagged 90 days ahead."""

import datetime

import pytest
from django.utils import timezone

from qizhi.party.models import Officer, Term
from qizhi.party.testing import party_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def test_a_new_term_and_an_appointment(client, personas):
    party = party_of(personas.a)
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        "/party/terms/add/",
        {"party_org": party["second"].pk, "number": 1, "start_date": "2025-01-01", "end_date": "2028-01-01"},
    )
    assert response.status_code == 302
    term = Term.objects.get(party_org=party["second"])
    response = client.post(
        "/party/officers/add/", {"term": term.pk, "person": personas.a.people[1].pk, "role": "secretary"}
    )
    assert response.status_code == 302
    assert "书记" in client.get(party["second"].get_absolute_url()).content.decode()


def test_a_term_must_end_after_it_starts(client, personas):
    party = party_of(personas.a)
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        "/party/terms/add/",
        {"party_org": party["second"].pk, "number": 1, "start_date": "2025-01-01", "end_date": "2024-01-01"},
    )
    assert "任期届满日期应晚于开始日期" in response.content.decode()
    assert not Term.objects.filter(party_org=party["second"]).exists()


def test_a_retired_secretary_of_a_serving_branch_needs_the_checkbox(client, personas):
    party = party_of(personas.a)
    term = Term.objects.create(
        party_org=party["second"], number=1, start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2028, 1, 1)
    )
    client.force_login(personas.a.branch_secretary)
    data = {"term": term.pk, "person": personas.a.people[2].pk, "role": "secretary"}
    response = client.post("/party/officers/add/", data)
    assert response.status_code == 200 and "请勾选确认" in response.content.decode()
    assert not Officer.objects.filter(term=term).exists()
    assert client.post("/party/officers/add/", {**data, "confirm_retired": "on"}).status_code == 302
    assert Officer.objects.filter(term=term).exists()


def test_an_expiring_term_is_flagged(client, personas):
    party = party_of(personas.a)
    today = timezone.localdate()
    Term.objects.create(
        party_org=party["second"],
        number=1,
        start_date=today - datetime.timedelta(days=1000),
        end_date=today + datetime.timedelta(days=60),
    )
    client.force_login(personas.a.leader)
    assert "届满" in client.get(party["second"].get_absolute_url()).content.decode()
    assert "云溪司法所党支部本届任期将于" in client.get("/party/orgs/tree/").content.decode()
    assert "届满" not in client.get(party["branch"].get_absolute_url()).content.decode()  # ends 2029


def test_officers_of_the_sibling_bureau_cannot_be_removed(client, personas):
    officer = party_of(personas.a)["officer"]
    client.force_login(personas.b.branch_secretary)
    assert client.post(f"/party/officers/{officer.pk}/delete/").status_code == 404
    assert Officer.objects.filter(pk=officer.pk).exists()


def test_removing_an_officer_returns_to_the_organizations_page(client, personas):
    officer = party_of(personas.a)["officer"]
    org_url = officer.term.party_org.get_absolute_url()
    client.force_login(personas.a.branch_secretary)
    response = client.post(f"/party/officers/{officer.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == org_url  # (was a 500: officers have no list)
    assert not Officer.objects.filter(pk=officer.pk).exists()
