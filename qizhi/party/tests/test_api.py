"""The party API: scoped lists, joining and transfers through services, figures by unit or organization."""

import pytest

from qizhi.party.models import Membership
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


def test_memberships_are_listed_within_scope(client, personas):
    party_of(personas.a), party_of(personas.b)
    client.force_login(personas.a.leader)
    names = {m["person_name"] for m in client.get("/api/party/memberships/").json()["results"]}
    assert names == {"云溪甲", "云溪丙"}


def test_joining_through_the_api_applies_the_rules(client, personas):
    party = party_of(personas.a)
    client.force_login(personas.a.party_affairs)
    data = {
        "person": personas.a.people[1].pk,
        "branch": party["branch"].pk,
        "status": "probationary",
        "joined_on": "2026-01-01",
        "full_on": "2026-02-01",
    }
    response = client.post("/api/party/memberships/", data, content_type="application/json")
    assert response.status_code == 400
    assert "预备党员不能有转正日期" in response.json()["errors"]["full_on"][0]
    data.pop("full_on")
    assert client.post("/api/party/memberships/", data, content_type="application/json").status_code == 201
    assert Membership.objects.filter(person=personas.a.people[1], ended_on__isnull=True).exists()


def test_a_transfer_through_the_api(client, personas):
    party = party_of(personas.a)
    client.force_login(personas.a.party_affairs)
    response = client.post(
        f"/api/party/memberships/{party['membership'].pk}/transfer/",
        {"to_org": party["second"].pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    transfer_id = response.json()["id"]
    client.force_login(personas.b.party_affairs)
    assert client.post(f"/api/party/transfers/{transfer_id}/confirm/").status_code == 404
    client.force_login(personas.a.branch_secretary)
    assert client.post(f"/api/party/transfers/{transfer_id}/confirm/").status_code == 200


def test_figures_by_unit_and_by_organization(client, personas):
    party = party_of(personas.a)
    client.force_login(personas.a.leader)
    by_unit = client.get("/api/party/figures/", {"unit": personas.a.unit.pk}).json()
    assert (by_unit["members"], by_unit["serving_member_share_percent"], by_unit["branches"]) == (2, 50, 2)
    by_org = client.get("/api/party/figures/", {"party_org": party["group"].pk}).json()
    assert by_org["members"] == 1
    client.force_login(personas.b.leader)
    assert client.get("/api/party/figures/", {"party_org": party["group"].pk}).status_code == 404


def test_the_form_and_the_api_offer_the_same_destinations(client, personas):
    """The member's own branch and a party group are not destinations, through either door; another bureau's
    branch is (the receiver confirms). One rule: ``services.transfer_destinations``."""
    from django.urls import reverse

    from qizhi.party.models import Transfer

    party, other = party_of(personas.a), party_of(personas.b)
    membership = party["membership"]
    client.force_login(personas.a.party_affairs)
    page = reverse("party:membership_transfer", args=[membership.pk])
    api = f"/api/party/memberships/{membership.pk}/transfer/"
    before = Transfer.objects.count()  # the fixture's pending transfer of another member
    for refused in (membership.branch, party["group"]):
        said = [str(m) for m in client.post(page, {"to_org": refused.pk}, follow=True).context["messages"]]
        assert any(m.startswith("转入党组织（系统内）：") for m in said), said
        answer = client.post(api, {"to_org": refused.pk}, content_type="application/json")
        assert answer.status_code == 400 and "to_org" in answer.json()["errors"]
    assert Transfer.objects.count() == before
    answer = client.post(api, {"to_org": other["branch"].pk}, content_type="application/json")
    assert answer.status_code == 201
