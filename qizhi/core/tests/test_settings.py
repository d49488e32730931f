"""Settings come from the environment; production refuses unsafe defaults; check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def clean_environment() -> dict:
    """The test run's environment without what the test plugin set for pytest itself."""
    dropped = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "STATICFILES_BACKEND", "TASKS_BACKEND"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


def run_python(code: str, **env):
    environment = clean_environment()
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "QIZHI_ENV": "production",
    "SECRET_KEY": "x" * 60 + "production-secret-for-the-test-only",
    "ALLOWED_HOSTS": "qizhi.example.gov.cn",
    "CLIENT_ADDRESS_HEADER": "X-Real-IP",  # nginx sets it (README, "Deployment")
    "DJANGO_SETTINGS_MODULE": "qizhi.settings",
}


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean_environment(), **PRODUCTION, "QIZHI_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_behind_a_proxy_that_names_no_client_address(tmp_path):
    """Every visitor would be nginx's 127.0.0.1 to the rate limits and the lock-out."""
    env = {**clean_environment(), **PRODUCTION, "QIZHI_VAR_DIR": str(tmp_path)}
    env.pop("CLIENT_ADDRESS_HEADER")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0 and "qizhi.W001" in result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_a_missing_variable(missing, tmp_path):
    env = {**PRODUCTION, "QIZHI_VAR_DIR": str(tmp_path)}
    env.pop(missing)
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_a_bad_boolean_is_refused(tmp_path):
    result = run_python(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="qizhi.settings",
        DEBUG="perhaps",
        QIZHI_VAR_DIR=str(tmp_path),
    )
    assert "DEBUG must be a boolean" in result.stderr


def test_development_generates_a_secret_key_once(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"DJANGO_SETTINGS_MODULE": "qizhi.settings", "QIZHI_VAR_DIR": str(tmp_path)}
    first = run_python(code, **env).stdout
    second = run_python(code, **env).stdout
    assert first == second and len(first.strip()) > 40
    assert (tmp_path / "secret_key").exists()


def test_defaults(settings):
    from qizhi import settings as project

    assert project.TIME_ZONE == "Asia/Shanghai"
    assert project.LANGUAGE_CODE == "zh-hans"
    assert project.DEBUG is False


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The in-memory test database cannot use WAL; the file database of `make run` does.
    assert mode in ("wal", "memory")


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_error_pages_are_in_chinese(client, personas):
    client.force_login(personas.a.leader)
    assert "页面不存在" in client.get("/org/people/999999/").content.decode()
    assert "没有执行此操作的权限" in client.get("/org/people/add/").content.decode()


def redis_reachable(host: str = "127.0.0.1", port: int = 6379) -> bool:
    import socket

    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_the_redis_cache_the_readme_offers_works(tmp_path):
    # REDIS_URL was documented while the client library was not a dependency: the first cache read failed.
    code = (
        "import django; django.setup()\n"
        "from django.core.cache import cache; from qizhi.core import generations\n"
        "from django.contrib.sessions.backends.cached_db import SessionStore\n"
        "from django.core.cache import caches; assert type(caches['default']).__name__ == 'RedisCache'\n"
        "before = generations.current(); generations.bump(); assert generations.current() == before + 1\n"
        "s = SessionStore(); s['k'] = 'v'; s.save(); assert SessionStore(s.session_key)['k'] == 'v'\n"
        "print(generations.cached(['t'], lambda: 42), generations.cached(['t'], lambda: 0))\n"
    )
    # The session needs its table: a throw-away SQLite database, migrated first.
    env = {"DJANGO_SETTINGS_MODULE": "qizhi.settings", "QIZHI_VAR_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/15",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}  # fmt: skip
    migrated = run_python("import django; django.setup(); from django.core.management import call_command; "
                          "call_command('migrate', 'sessions', verbosity=0)", **env)  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["42", "42"]
