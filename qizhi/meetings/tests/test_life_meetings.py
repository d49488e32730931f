"""A life meeting records each participant's self-criticism, criticisms and the problems raised."""

import datetime

import pytest
from django.urls import reverse

from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import LifeMeetingPoint
from qizhi.meetings.testing import meetings_of
from qizhi.meetings.tests.conftest import hold

pytestmark = pytest.mark.django_db


def test_a_secretary_records_a_criticism_between_two_participants(client, personas, branch):
    org, people = branch
    meeting = hold(personas, org, MeetingKind.ORGANIZATIONAL_LIFE, datetime.date(2025, 12, 18))
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        reverse("meetings:lifemeetingpoint_add"),
        {"meeting": meeting.pk, "kind": "criticism", "speaker": people[0].pk, "about": people[1].pk,
         "content": "调研不够深入"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("#points")
    point = LifeMeetingPoint.objects.get(meeting=meeting)
    assert (point.speaker, point.about, point.created_by) == (people[0], people[1], personas.a.branch_secretary)
    assert "调研不够深入" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_speaker_who_was_not_there_is_refused(client, personas, branch):
    org, _people = branch
    meeting = hold(personas, org, MeetingKind.ORGANIZATIONAL_LIFE, datetime.date(2025, 12, 18))
    stranger = personas.a.people[1]
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        reverse("meetings:lifemeetingpoint_add"),
        {"meeting": meeting.pk, "kind": "self_criticism", "speaker": stranger.pk, "content": "自我批评"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["speaker"] == [f"{stranger.name}不是此次会议的参会人"]
    assert not LifeMeetingPoint.objects.exists()


def test_points_belong_to_life_meetings_only(client, personas, branch):
    org, _people = branch
    committee = hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 12, 18))
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        reverse("meetings:lifemeetingpoint_add"),
        {"meeting": committee.pk, "kind": "problem", "content": "问题"},
    )
    assert "meeting" in response.context["form"].errors
    assert not LifeMeetingPoint.objects.exists()


def test_a_point_is_edited_and_deleted_back_on_its_meeting(client, personas):
    point = meetings_of(personas.a)["point"]
    client.force_login(personas.a.branch_secretary)
    response = client.post(
        reverse("meetings:lifemeetingpoint_edit", args=[point.pk]),
        {"meeting": point.meeting_id, "kind": "self_criticism", "speaker": point.speaker_id, "content": "改正",
         "version": point.version},
    )  # fmt: skip
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.content == "改正" and point.history.count() == 2
    response = client.post(reverse("meetings:lifemeetingpoint_delete", args=[point.pk]))
    assert response["Location"] == point.meeting.get_absolute_url()
    assert not LifeMeetingPoint.objects.filter(pk=point.pk).exists()


def test_a_leader_may_read_but_not_add_points(client, personas):
    point = meetings_of(personas.a)["point"]
    client.force_login(personas.a.leader)
    assert client.get(reverse("meetings:lifemeetingpoint_add")).status_code == 403
    assert client.post(reverse("meetings:lifemeetingpoint_edit", args=[point.pk]), {}).status_code == 403
