"""The meetings API: records, the hold action, attendance rules, and the compliance figures."""

import datetime

import pytest
from django.utils import timezone

from qizhi.meetings import services
from qizhi.meetings.api import compliance_data
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.services import parse_period
from qizhi.meetings.tests.conftest import hold

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def test_the_compliance_figures_are_the_services(client, personas, branch):
    org, people = branch
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 31), absent=people[:1])
    client.force_login(personas.a.leader)
    body = client.get("/api/meetings/compliance/", {"unit": personas.a.unit.pk, "year": 2025}).json()
    expected = compliance_data(services.compliance(unit=personas.a.unit, period=parse_period("2025")))
    assert {k: body[k] for k in expected} == expected
    figures = body["organizations"][0]
    assert (figures["name"], figures["due"], figures["held"], figures["missing"]) == (org.name, 33, 1, 32)
    assert figures["attendance_rate"] == 75.0
    assert {"kind": "branch_committee", "period": "2025-03", "state": "held", "held": 1, "backfilled": 1} in figures[
        "periods"
    ]  # entered afterwards, no notice


@pytest.mark.parametrize("params,field", [({"year": "20x5"}, "year"), ({"period": "2025-13"}, "period"), ({}, "unit")])
def test_bad_parameters_are_named(client, personas, params, field):
    client.force_login(personas.a.leader)
    params = {"unit": personas.a.unit.pk, **params} if field != "unit" else params
    response = client.get("/api/meetings/compliance/", params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_meeting_is_created_and_held_through_the_api(client, personas, branch):
    org, _people = branch
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        "/api/meetings/meetings/",
        {
            "kind": "theme_day",
            "party_org": org.pk,
            "date": "2025-07-01",
            "topic": "七一",
            "minutes": "<script>x</script>好",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["unit"] == personas.a.unit.pk and body["minutes"] == "好" and body["status"] == "planned"
    assert client.get("/api/meetings/attendances/", {"meeting": body["id"]}).json()["count"] == 4
    assert client.post(f"/api/meetings/meetings/{body['id']}/hold/").json()["status"] == "held"


def test_a_future_meeting_cannot_be_held_through_the_api(client, personas, branch):
    org, _people = branch
    client.force_login(personas.a.branch_secretary)
    day = timezone.localdate() + datetime.timedelta(days=5)
    created = client.post(
        "/api/meetings/meetings/", {"kind": "theme_day", "party_org": org.pk, "date": day.isoformat(), "topic": "计划"},
        content_type="application/json",
    ).json()  # fmt: skip
    response = client.post(f"/api/meetings/meetings/{created['id']}/hold/")
    assert response.status_code == 400
    assert "不能确认为已召开" in response.json()["errors"]["date"][0]


def test_attendance_for_a_non_member_is_refused_through_the_api(client, personas, branch):
    org, people = branch
    meeting = hold(personas, org, MeetingKind.THEME_DAY, datetime.date(2025, 7, 1))
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        "/api/meetings/attendances/", {"meeting": meeting.pk, "person": personas.a.people[1].pk},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "不是审计支部的成员" in response.json()["errors"]["person"][0]
    row = meeting.attendances.get(person=people[0])
    response = client.patch(
        f"/api/meetings/attendances/{row.pk}/", {"status": "absent", "absence_reason": "sick", "version": row.version},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["absence_reason"] == "sick"
    assert meeting.attendances.count() == 4


def test_a_leader_reads_but_cannot_write(client, personas, branch):
    org, _people = branch
    client.force_login(personas.a.leader)
    response = client.post(
        "/api/meetings/meetings/", {"kind": "theme_day", "party_org": org.pk, "date": "2025-07-01", "topic": "x"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
