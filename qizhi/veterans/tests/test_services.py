"""Deciding a hardship, and the year's figures against a hand count."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from qizhi.core.testing import snapshot_of
from qizhi.meetings.choices import AttendanceStatus, MeetingKind, MeetingStatus
from qizhi.meetings.models import Attendance, Meeting
from qizhi.party.testing import party_of
from qizhi.veterans import services
from qizhi.veterans.choices import AidStatus, CareKind, Occasion
from qizhi.veterans.models import CareVisit
from qizhi.veterans.testing import veterans_of

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_hardship_is_decided_once_by_one_who_may_approve(personas):
    aid = veterans_of(personas.a)["aid"]
    before = snapshot_of(aid)
    with pytest.raises(PermissionDenied):
        services.decide_aid(aid, grant=True, amount=Decimal("1000"), on=D(2026, 11, 5), by=personas.a.branch_secretary)
    with pytest.raises(PermissionDenied):
        services.decide_aid(aid, grant=True, amount=Decimal("1000"), on=D(2026, 11, 5), by=personas.b.party_affairs)
    with pytest.raises(ValidationError) as caught:
        services.decide_aid(aid, grant=True, amount=Decimal("0"), on=D(2026, 11, 5), by=personas.a.party_affairs)
    assert "帮扶金额" in caught.value.message_dict["amount"][0]
    assert snapshot_of(aid) == before
    services.decide_aid(
        aid,
        grant=True,
        amount=Decimal("1500.00"),
        on=D(2026, 11, 5),
        by=personas.a.party_affairs,
        decision="局党组研究，给予一次性帮扶",
    )
    assert aid.status == AidStatus.GRANTED and aid.decided_by == personas.a.party_affairs
    with pytest.raises(ValidationError):
        services.decide_aid(aid, grant=False, on=D(2026, 11, 6), by=personas.a.party_affairs, decision="重复")


def forum(bureau, day, present, absent=()):
    branch = party_of(bureau)["branch"]
    meeting = Meeting.objects.create(
        kind=MeetingKind.VETERANS_FORUM,
        party_org=branch,
        unit=bureau.unit,
        date=day,
        status=MeetingStatus.HELD,
        topic="重阳节老干部座谈会",
    )
    for person in present:
        Attendance.objects.create(meeting=meeting, person=person, status=AttendanceStatus.PRESENT)
    for person in absent:
        Attendance.objects.create(meeting=meeting, person=person, status=AttendanceStatus.ABSENT)
    return meeting


def test_the_years_figures_count_by_hand(personas):
    data = veterans_of(personas.a)  # 重阳节 慰问: 2 persons, 400.00 yuan
    old, actor = data["old"], personas.a.party_affairs
    outing = CareVisit.objects.create(
        unit=personas.a.unit,
        kind=CareKind.ACTIVITY,
        date=D(2026, 5, 1),
        occasion=Occasion.LABOUR_DAY,
        title="参观将军故里神剑园",
    )
    outing.veterans.set(old)
    visit = CareVisit.objects.create(
        unit=personas.a.judicial_office,
        kind=CareKind.VISIT,
        date=D(2026, 7, 1),
        occasion=Occasion.PARTY_DAY,
        title="七一走访",
        amount=Decimal("300.50"),
    )
    visit.veterans.set(old[:1])
    CareVisit.objects.create(unit=personas.a.unit, kind=CareKind.VISIT, date=D(2025, 10, 11), title="去年的走访")
    forum(personas.a, D(2026, 10, 29), present=old, absent=[party_of(personas.a)["membership"].person])
    forum(personas.a, D(2025, 10, 11), present=old)  # last year
    services.decide_aid(data["aid"], grant=True, amount=Decimal("1500.00"), on=D(2026, 11, 5), by=actor)
    veterans_of(personas.b)  # the sibling bureau's records count for it only

    f = services.year_figures(personas.a.unit, 2026)
    assert (f.retired, f.forums, f.forum_attendances) == (3, 1, 2)  # the personas have one retiree already
    assert (f.visits, f.visited, f.activities, f.activity_participants) == (2, 3, 1, 2)
    assert (f.given, f.aided, f.aid_amount) == (Decimal("700.50"), 1, Decimal("1500.00"))
    text = services.paragraph(f)
    assert (
        "老干部座谈会1次、参加2人次" in text
        and "走访慰问老同志2次、3人次" in text
        and "帮扶困难老同志1人、1500.00元" in text
    )
    office = services.year_figures(personas.a.judicial_office, 2026)
    assert (office.visits, office.given, office.forums) == (1, Decimal("300.50"), 0)


def test_the_figures_api(personas):
    veterans_of(personas.a)
    api = APIClient()
    api.force_authenticate(personas.a.leader)
    data = api.get(f"/api/veterans/figures/?unit={personas.a.unit.pk}&year=2026").json()
    assert (data["visits"], data["visited"], data["given"]) == (1, 2, "400.00")
    assert "走访慰问老同志1次、2人次" in data["paragraph"]
    assert api.get(f"/api/veterans/figures/?unit={personas.b.unit.pk}&year=2026").status_code == 404
    assert api.get(f"/api/veterans/figures/?unit={personas.a.unit.pk}&year=junk").status_code == 400


def test_the_decide_api_refuses_a_branch_secretary(personas):
    aid = veterans_of(personas.a)["aid"]
    api = APIClient()
    api.force_authenticate(personas.a.branch_secretary)
    body = {"grant": True, "on": "2026-11-05", "amount": "800.00"}
    assert api.post(f"/api/veterans/aids/{aid.pk}/decide/", body, format="json").status_code == 403
    api.force_authenticate(personas.a.party_affairs)
    response = api.post(f"/api/veterans/aids/{aid.pk}/decide/", body, format="json")
    assert response.status_code == 200 and response.json()["status"] == "granted"
