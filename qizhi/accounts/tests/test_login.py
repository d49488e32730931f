"""Login, lock-out after repeated failures, logout, and API tokens."""

import pytest
from django.urls import reverse

from qizhi.org.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_logs_in_and_out(client, personas):
    response = client.post(reverse("accounts:login"), {"username": "a_leader", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_a_wrong_password_is_answered_in_chinese(client, personas):
    response = client.post(reverse("accounts:login"), {"username": "a_leader", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


def test_it_locks_out_after_repeated_failures(client, personas, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "a_leader", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "a_leader", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_behind_nginx_the_lock_out_counts_the_clients_own_address(client, personas, settings):
    """Every connection comes from nginx: failures from one address must not lock the account out for another."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.CLIENT_ADDRESS_HEADER = "X-Real-IP"
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "a_leader", "password": "wrong"},
                    HTTP_X_REAL_IP="203.0.113.66", **proxied)  # fmt: skip
    right = {"username": "a_leader", "password": PASSWORD}
    assert client.post(reverse("accounts:login"), right, HTTP_X_REAL_IP="203.0.113.66", **proxied).status_code == 429
    assert client.post(reverse("accounts:login"), right, HTTP_X_REAL_IP="198.51.100.20", **proxied).status_code == 302


def test_passwords_are_hashed_with_argon2(settings, db):
    from django.conf import settings as live

    assert live.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.MD5PasswordHasher"  # test speed-up
    from qizhi import settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_token_is_exchanged_for_username_and_password(client, personas):
    response = client.post(reverse("api-token"), {"username": "a_leader", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    api = client.__class__()
    answer = api.get("/api/org/people/", headers={"Authorization": f"Token {token}"})
    assert answer.status_code == 200
    assert answer.json()["count"] == 3


def test_the_api_refuses_anonymous_requests(client, db):
    response = client.get("/api/org/people/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()
