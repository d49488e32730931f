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
