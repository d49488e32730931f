"""Transfers through the pages: the sender starts, the receiver confirms; each side only its own part."""

import pytest

from qizhi.org.testing import make_person
from qizhi.party import services
from qizhi.party.models import Transfer
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


def test_the_sender_starts_and_the_receiver_confirms(client, personas):
    party = party_of(personas.a)
    membership = party["membership"]
    client.force_login(personas.a.party_affairs)
    response = client.post(
        f"/party/members/{membership.pk}/transfer/",
        {"to_org": party["second"].pk, "letter_number": "云组转〔2026〕3号"},
    )
    transfer = Transfer.objects.get(membership=membership)
    assert response["Location"] == transfer.get_absolute_url()
    client.force_login(personas.a.branch_secretary)
    page = client.get(transfer.get_absolute_url()).content.decode()
    assert "确认接收" in page
    response = client.post(f"/party/transfers/{transfer.pk}/confirm/", {"group": ""})
    new = services.current_membership(membership.person)
    assert response["Location"] == new.get_absolute_url()
    assert new.branch == party["second"]
    history = client.get(new.get_absolute_url()).content.decode()
    assert "云溪机关党支部" in history and "云溪司法所党支部" in history


def test_the_sibling_bureau_cannot_confirm_or_withdraw(client, personas):
    transfer = party_of(personas.a)["transfer"]
    client.force_login(personas.b.party_affairs)
    for action in ("confirm", "reject", "withdraw"):
        assert client.post(f"/party/transfers/{transfer.pk}/{action}/").status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == "pending"


def test_a_viewer_cannot_confirm(client, personas):
    transfer = party_of(personas.a)["transfer"]
    client.force_login(personas.a.leader)
    assert client.post(f"/party/transfers/{transfer.pk}/confirm/").status_code == 403
    transfer.refresh_from_db()
    assert transfer.status == "pending"


def test_a_transfer_between_bureaus_is_seen_by_both_sides(client, personas):
    a, b = party_of(personas.a), party_of(personas.b)
    transfer = services.start_transfer(a["membership"], to_org=b["branch"], by=personas.a.party_affairs)
    for user in (personas.a.leader, personas.b.leader):
        client.force_login(user)
        assert client.get(transfer.get_absolute_url()).status_code == 200
    client.force_login(personas.b.branch_secretary)
    client.post(f"/party/transfers/{transfer.pk}/confirm/")
    assert services.current_membership(a["membership"].person).branch == b["branch"]
    client.force_login(personas.a.leader)  # the sender still sees the completed transfer
    assert "已完成" in client.get(transfer.get_absolute_url()).content.decode()


def test_the_receiver_returns_a_transfer_with_a_reason(client, personas):
    transfer = party_of(personas.a)["transfer"]
    client.force_login(personas.a.branch_secretary)
    client.post(f"/party/transfers/{transfer.pk}/reject/", {"note": "介绍信信息不全"})
    transfer.refresh_from_db()
    assert (transfer.status, transfer.note) == ("rejected", "介绍信信息不全")
    assert transfer.membership.current


def test_bad_transfer_input_answers_in_chinese_and_changes_nothing(client, personas):
    party = party_of(personas.a)
    client.force_login(personas.a.party_affairs)
    response = client.post(f"/party/members/{party['membership'].pk}/transfer/", {}, follow=True)
    assert "二者选一" in response.content.decode()
    assert not Transfer.objects.filter(membership=party["membership"]).exists()


def test_conversion_through_the_page(client, personas):
    party = party_of(personas.a)
    person = make_person(personas.a.office, "预备者")
    membership = services.join(
        person, branch=party["branch"], joined_on=__import__("datetime").date(2025, 1, 5), by=personas.a.party_affairs
    )
    client.force_login(personas.a.branch_secretary)
    response = client.post(f"/party/members/{membership.pk}/convert/", {"full_on": "2024-01-01"}, follow=True)
    assert "转正日期不能早于入党日期" in response.content.decode()
    client.post(f"/party/members/{membership.pk}/convert/", {"full_on": "2026-01-05"})
    membership.refresh_from_db()
    assert membership.status == "full"
