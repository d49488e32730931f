"""Fixtures for every test folder (qizhi/ and tests/)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
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

    from qizhi.statistics.services import forget_catalog

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()
    forget_catalog()  # kept in the process under a generation, which the emptied cache starts anew
    yield


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 is tested on its own


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, request):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.AXES_ENABLED = False  # lock-out is tested on its own
    # Uploads stay out of the real var/media; a test on the shared demo finds the demo's own files.
    settings.MEDIA_ROOT = _demo.media if _demo.media and DEMO in request.fixturenames else tmp_path / "media"


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


# The demo bureau, built once for a run of consecutive test modules that read it.
#
# Building the demo takes 20-50 s; a dozen modules read it and most never write. The `demo_database`
# fixture builds it inside a transaction that stays open while tests follow one another that use it: each
# test's own transaction is then a savepoint inside it, rolled back when the test ends, so every test
# starts from the demo as built. When the next test does not read the demo (or there is none) the
# transaction is rolled back and the database is empty again, as every other test expects.
#
# Two rules keep that sound, and the collection hook below enforces both: a module's tests either all
# read the demo or none does (a module's fixture cannot be closed half way through it), and the modules
# that read it run one after another on one worker (one xdist group; `--dist loadgroup` in pyproject).
DEMO = "demo_database"
DEMO_UNIT = "云溪县司法局"


class _DemoDatabase:
    def __init__(self):
        self.open: contextlib.ExitStack | None = None
        self.blocker = None
        self.media = None
        self.keep = False  # the test that follows reads the demo too

    def build(self, blocker, media) -> None:
        from django.core.management import call_command
        from django.db import transaction
        from django.test import override_settings

        self.blocker, self.media = blocker, media
        stack = contextlib.ExitStack()
        with blocker.unblock():
            stack.enter_context(transaction.atomic())
            try:
                cache = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "demo"}}
                with override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media, CACHES=cache):
                    call_command("demo", stdout=io.StringIO())
            except BaseException:
                transaction.set_rollback(True)
                stack.close()
                raise
        self.open = stack

    def discard(self) -> None:
        from django.db import transaction

        if self.open is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.open.close()
        self.open = None


_demo = _DemoDatabase()


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo bureau's data, for every test of the module (see above); tests also ask for ``db``."""
    if _demo.open is None:
        _demo.build(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    yield
    if not _demo.keep:
        _demo.discard()


@pytest.fixture
def demo(demo_database, db):
    """The demo bureau (seed 000's 云溪县司法局), read afresh for each test."""
    from qizhi.org.models import Unit

    return Unit.objects.get(name=DEMO_UNIT)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: xdist's own hook reads the group marker after this one has set it.
    by_module: dict = {}
    for item in items:
        by_module.setdefault(getattr(item, "module", None), []).append(DEMO in item.fixturenames)
    mixed = [getattr(module, "__name__", None) for module, uses in by_module.items() if any(uses) and not all(uses)]
    if mixed:
        raise pytest.UsageError(f"a module's tests either all read the demo ({DEMO}) or none does: {mixed}")
    for item in items:
        if DEMO in item.fixturenames:
            item.add_marker(pytest.mark.xdist_group("demo"))
    items.sort(key=lambda item: DEMO in item.fixturenames)  # stable: the demo's modules last, together
    from django.db import connection

    if connection.vendor != "sqlite":
        # CI runs the suite on both engines within its time: what the engine cannot change (the markup of
        # pages walked in a browser, the mirror image of a symmetric walk) runs once, on SQLite.
        skip = pytest.mark.skip(reason="one_engine: runs on SQLite only (the engine does not change it)")
        for item in items:
            if item.get_closest_marker("one_engine"):
                item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _demo.open is not None and DEMO not in item.fixturenames:
        _demo.discard()  # the hooks above prevent it; should the order change, no other test sees the demo


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    # Read by demo_database's teardown, which runs after this hook when the module ends.
    _demo.keep = nextitem is not None and DEMO in nextitem.fixturenames
