"""转正 is one conversion whichever page asks (issue #14): converting on the member's page or through
the party API moves a 发展党员 applicant on exactly as the procedure's own step does; a member
recorded without the procedure converts on the membership alone."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from qizhi.core.refusals import Refused
from qizhi.core.testing import snapshot_of
from qizhi.org.testing import make_person
from qizhi.party import services
from qizhi.party.choices import MembershipStatus
from qizhi.party.testing import party_of
from qizhi.recruitment import services as recruitment
from qizhi.recruitment.choices import Stage, Step
from qizhi.recruitment.tests.helpers import applicant, walk

pytestmark = pytest.mark.django_db

D = datetime.date
PROBATION_ENDS = D(2026, 6, 10)  # a year from the 支部大会 of the helpers' way


def probationary(bureau):
    """An applicant walked to 预备党员 (approved), with their probationary membership."""
    a = walk(bureau, applicant(bureau))
    assert a.stage == Stage.PROBATIONARY
    return a, a.membership


def test_it_advances_the_applicant_when_converted_on_the_members_page(client, personas):
    a, membership = probationary(personas.a)
    client.force_login(personas.a.branch_secretary)
    response = client.post(f"/party/members/{membership.pk}/convert/", {"full_on": "2026-06-10"})
    assert response["Location"] == membership.get_absolute_url()
    a.refresh_from_db()
    membership.refresh_from_db()
    assert (a.stage, a.converted_on) == (Stage.FULL, PROBATION_ENDS)
    assert (membership.status, membership.full_on) == (MembershipStatus.FULL, PROBATION_ENDS)
    assert a.history.filter(stage=Stage.FULL).count() == 1
    assert recruitment.next_steps(a) == []


def test_it_applies_the_procedures_rules_on_the_members_page(client, personas):
    a, membership = probationary(personas.a)
    client.force_login(personas.a.branch_secretary)
    response = client.post(f"/party/members/{membership.pk}/convert/", {"full_on": "2026-06-09"}, follow=True)
    assert "2026年6月10日届满" in response.content.decode()
    a.refresh_from_db()
    membership.refresh_from_db()
    assert (a.stage, membership.status) == (Stage.PROBATIONARY, MembershipStatus.PROBATIONARY)


def test_it_advances_the_applicant_when_converted_through_the_api(client, personas):
    a, membership = probationary(personas.a)
    client.force_login(personas.a.party_affairs)
    url = f"/api/party/memberships/{membership.pk}/convert/"
    early = client.post(url, {"full_on": "2026-06-09"}, content_type="application/json")
    # the date the API was sent is ``full_on``: the refusal names that field, not the procedure's ``on``
    assert early.status_code == 400 and set(early.json()["errors"]) == {"full_on"}
    assert "届满前不能转正" in early.json()["errors"]["full_on"][0]
    response = client.post(url, {"full_on": "2026-06-10"}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["full_on"]) == ("full", "2026-06-10")
    a.refresh_from_db()
    assert (a.stage, a.converted_on) == (Stage.FULL, PROBATION_ENDS)


def test_it_refuses_the_same_way_on_both_paths(personas):
    a, membership = probationary(personas.a)
    before = (snapshot_of(a), snapshot_of(membership))
    refusals = []
    for convert in (
        lambda by: services.convert_to_full(membership, on=PROBATION_ENDS, by=by),
        lambda by: recruitment.record(a, Step.CONVERSION, on=PROBATION_ENDS, by=by),
    ):
        with pytest.raises(Refused) as caught:
            convert(personas.a.leader)  # a leader reads party records but does not keep them
        refusals.append(caught.value.message)
    assert refusals[0] == refusals[1] == f"您不能办理{a.person}的发展工作"
    assert (snapshot_of(a), snapshot_of(membership)) == before


def test_a_refused_conversion_is_refused_on_both_pages_and_changes_nothing(client, personas):
    a, membership = probationary(personas.a)
    client.force_login(personas.a.leader)
    assert client.post(f"/party/members/{membership.pk}/convert/", {"full_on": "2026-06-10"}).status_code == 403
    step = f"/recruitment/applicants/{a.pk}/step/?step=conversion"
    assert client.post(step, {"on": "2026-06-10"}).status_code == 403
    client.force_login(personas.b.party_affairs)
    assert client.post(f"/party/members/{membership.pk}/convert/", {"full_on": "2026-06-10"}).status_code == 404
    a.refresh_from_db()
    membership.refresh_from_db()
    assert (a.stage, membership.status) == (Stage.PROBATIONARY, MembershipStatus.PROBATIONARY)


def test_a_member_without_an_application_converts_on_the_membership(personas):
    person = make_person(personas.a.office, "老预备")
    membership = services.join(
        person, branch=party_of(personas.a)["branch"], joined_on=D(2025, 1, 5), by=personas.a.party_affairs
    )
    services.convert_to_full(membership, on=D(2026, 1, 5), by=personas.a.branch_secretary)
    membership.refresh_from_db()
    assert (membership.status, membership.full_on) == (MembershipStatus.FULL, D(2026, 1, 5))
    person.refresh_from_db()
    assert person.political_status == "party_member"


def test_it_converts_a_member_transferred_during_probation_once(personas):
    a, membership = probationary(personas.a)
    second = party_of(personas.a)["second"]
    transfer = services.start_transfer(membership, to_org=second, by=personas.a.party_affairs)
    current = services.confirm_transfer(transfer, by=personas.a.party_affairs)
    services.convert_to_full(current, on=PROBATION_ENDS, by=personas.a.party_affairs)
    a.refresh_from_db()
    current.refresh_from_db()
    assert (a.stage, current.status) == (Stage.FULL, MembershipStatus.FULL)
    with pytest.raises(ValidationError):
        services.convert_to_full(current, on=PROBATION_ENDS, by=personas.a.party_affairs)
