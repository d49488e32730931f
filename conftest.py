"""Fixtures for every test folder (qizhi/ and tests/)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

# Every test runs on one known day, so that nothing falls due, expires or turns a year because the
# calendar moved on (a browser test once broke when its task's deadline came within 30 days).
# `QIZHI_TEST_TODAY=2027-12-03 pytest -m dated` runs the tests that read the date a year ahead.
from qizhi.core.pytest_plugin import TEST_TODAY as TODAY

FROZEN_AT = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def pytest_configure(config):
    # From collection on: test modules that compute `TODAY = timezone.localdate()` at import see the frozen day.
    time_machine.travel(FROZEN_AT, tick=True).start()


@pytest.fixture(autouse=True)
def _frozen_today():
    # tick=True: the clock runs from 10:00 on that day, so timeouts and orderings still behave.
    with time_machine.travel(FROZEN_AT, tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    # Each test starts with an empty cache of its own process (parallel workers must not clear each
    # other's): counters (sign-in attempts, rate limits) and cached lists from an earlier test must not leak in.
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 is tested
    settings.AXES_ENABLED = False  # lock-out is tested on its own
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads stay out of the real var/media


@pytest.fixture(autouse=True)
def _shipped_rows(request):
    """Rows the migrations ship (the 组织生活 compliance rules) are there in every database test, as in
    every deployment: a transactional test empties all tables when it ends, and a later test in the same
    process found no rules (five failures on PostgreSQL, where the order of tests put one first)."""
    names = set(request.fixturenames)
    database = next((name for name in ("transactional_db", "db") if name in names), None)
    if database is None and request.node.get_closest_marker("django_db") is None:
        return
    if database is not None:
        request.getfixturevalue(database)
    from django.apps import apps

    from qizhi.meetings import default_rules

    default_rules.load(apps)  # adds only the kinds missing: one query when they are there
