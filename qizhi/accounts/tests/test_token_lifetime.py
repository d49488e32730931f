"""API tokens end with a password change, a deactivation and their lifetime; sessions end when idle."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_TOUCH_SECONDS == 60
    client.post(reverse("accounts:login"), {"username": "a_leader", "password": PASSWORD})
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=29)):
        assert client.get(reverse("core:home")).status_code == 200  # activity renews the session
    with time_machine.travel(start + datetime.timedelta(minutes=58)):
        assert client.get(reverse("core:home")).status_code == 200  # 29 idle minutes since
    with time_machine.travel(start + datetime.timedelta(minutes=89)):
        response = client.get(reverse("core:home"))  # 31 idle minutes
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def session_writes(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(1 for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"])


def test_a_session_is_renewed_at_most_once_a_minute_and_still_ends_when_idle(client, personas):
    """The idle timeout without a write per page: within a minute of its last renewal a session is not
    written; a request a minute later renews it; it ends 30 minutes after the last renewal, which is at most
    a minute before the user's last request."""
    home = reverse("core:home")
    client.post(reverse("accounts:login"), {"username": "a_leader", "password": PASSWORD})
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert session_writes(client, home) == 1  # the first page after signing in renews it
        assert session_writes(client, home) == 0
    with time_machine.travel(start + datetime.timedelta(seconds=59), tick=False):
        assert session_writes(client, home) == 0  # the last request: renewed 59 s before
    with time_machine.travel(start + datetime.timedelta(minutes=29, seconds=58), tick=False):
        assert session_writes(client, home) == 1  # 28 min 59 s idle: alive, and renewed
    last = start + datetime.timedelta(minutes=29, seconds=58)
    with time_machine.travel(last + datetime.timedelta(seconds=30), tick=False):
        assert session_writes(client, home) == 0
    with time_machine.travel(last + datetime.timedelta(seconds=30, minutes=30), tick=False):
        response = client.get(home)  # 30 idle minutes since the last request, 30 min 30 s since the renewal
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_visitor_without_a_session_gets_none(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200 and "sessionid" not in response.cookies
