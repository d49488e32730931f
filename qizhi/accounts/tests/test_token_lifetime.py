"""API tokens end with a password change, a deactivation and their lifetime; sessions end when idle."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qizhi.org.testing import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(username: str) -> str:
    response = Client().post(reverse("api-token"), {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api_status(token: str) -> int:
    return Client().get("/api/org/people/", headers={"Authorization": f"Token {token}"}).status_code


def test_it_revokes_the_token_when_the_password_changes(personas):
    token = token_for("a_leader")
    assert api_status(token) == 200
    user = personas.a.leader
    user.set_password("a-new-pw-2026")
    user.save()
    assert api_status(token) in (401, 403)  # refused (DRF answers 403 while session auth comes first)


def test_it_revokes_the_token_when_the_account_is_deactivated(personas):
    token = token_for("a_leader")
    user = personas.a.leader
    user.is_active = False
    user.save()
    user.is_active = True  # even re-activated, the old token stays dead
    user.save()
    assert api_status(token) in (401, 403)  # refused (DRF answers 403 while session auth comes first)


def test_it_keeps_the_token_when_other_fields_change(personas):
    token = token_for("a_leader")
    user = personas.a.leader
    user.first_name = "领导"
    user.save()
    assert api_status(token) == 200


def test_a_token_expires_after_its_lifetime(personas, settings):
    settings.API_TOKEN_TTL_HOURS = 24
    token = token_for("a_leader")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23, minutes=59)):
        assert api_status(token) == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        response = Client().get("/api/org/people/", headers={"Authorization": f"Token {token}"})
        assert response.status_code in (401, 403)
        assert response.json()["detail"] == "令牌已过期，请重新获取"
        fresh = token_for("a_leader")  # asking again gives a new token, valid for another day
        assert fresh != token
        assert api_status(fresh) == 200


def test_the_session_ends_after_30_idle_minutes(client, personas, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client.post(reverse("accounts:login"), {"username": "a_leader", "password": PASSWORD})
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=29)):
        assert client.get(reverse("core:home")).status_code == 200  # activity renews the session
    with time_machine.travel(start + datetime.timedelta(minutes=58)):
        assert client.get(reverse("core:home")).status_code == 200  # 29 idle minutes since
    with time_machine.travel(start + datetime.timedelta(minutes=89)):
        response = client.get(reverse("core:home"))  # 31 idle minutes
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
