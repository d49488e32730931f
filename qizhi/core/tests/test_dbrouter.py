"""The read-replica router's decisions (qizhi/core/dbrouter.py), on SQLite and PostgreSQL without a standby.

The replicas here are real connections that the router opens through its own connection handler: an
SQLite file that answers, one in a folder that does not exist (the connection fails as a stopped server's
would). `bench/replica.py` runs `test_dbrouter_live.py` against a real PostgreSQL streaming standby.
"""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections, transaction
from django.db.utils import ConnectionHandler
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from qizhi.core import dbrouter
from qizhi.core.tests.test_settings import run_python
from qizhi.org.models import Unit

SQLITE = "django.db.backends.sqlite3"


class Connections:
    """The project's connections plus the replicas of one test."""

    def __init__(self, replicas: dict):
        self.names = list(replicas)
        self.replicas = ConnectionHandler({"default": {"ENGINE": "django.db.backends.dummy"}, **replicas})

    def __getitem__(self, alias):
        return self.replicas[alias] if alias in self.names else connections[alias]

    def close(self):
        for alias in self.names:
            self.replicas[alias].close()


@pytest.fixture
def replicas(monkeypatch, settings, tmp_path, django_db_blocker):
    """Two replicas that answer; a test may point one at a folder that does not exist to take it down."""

    def make(**paths):
        handler = Connections({alias: {"ENGINE": SQLITE, "NAME": str(path)} for alias, path in paths.items()})
        monkeypatch.setattr(dbrouter, "connections", handler)
        settings.DATABASE_REPLICAS = list(paths)
        made.append(handler)
        return handler

    made: list[Connections] = []
    settings.DATABASE_REPLICA_CHECK_SECONDS = 5
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 5
    settings.DATABASE_REPLICA_PIN_SECONDS = 10
    dbrouter.health.clear()
    with django_db_blocker.unblock():
        yield make
    for handler in made:
        handler.close()
    dbrouter.health.clear()


UP = "up.sqlite3"
DOWN = "no-such-folder/down.sqlite3"

router = dbrouter.ReplicaRouter()


def test_a_read_of_an_unmarked_view_goes_to_the_primary(replicas, tmp_path):
    replicas(replica1=tmp_path / UP)
    assert router.db_for_read(Unit) == "default"


def test_a_read_of_a_marked_view_goes_to_a_replica_and_a_write_to_the_primary(replicas, tmp_path):
    replicas(replica1=tmp_path / UP)
    assert dbrouter.use_replica(router.db_for_read)(Unit) == "replica1"
    assert dbrouter.use_replica(router.db_for_write)(Unit) == "default"


def test_a_replica_that_cannot_be_reached_is_left_out_until_the_next_check(replicas, tmp_path, settings):
    handler = replicas(replica1=tmp_path / DOWN)
    read = dbrouter.use_replica(router.db_for_read)
    assert read(Unit) == "default"
    assert dbrouter.health.status() == {"replica1": (False, None)}
    (tmp_path / "no-such-folder").mkdir()  # the server is back
    assert read(Unit) == "default", "asked again only after DATABASE_REPLICA_CHECK_SECONDS"
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0
    assert read(Unit) == "replica1"
    assert handler["replica1"].connection is not None


def test_with_one_replica_down_every_read_goes_to_the_other(replicas, tmp_path):
    replicas(replica1=tmp_path / DOWN, replica2=tmp_path / UP)
    read = dbrouter.use_replica(router.db_for_read)
    assert {read(Unit) for _ in range(20)} == {"replica2"}


def test_both_replicas_share_the_reads(replicas, tmp_path):
    replicas(replica1=tmp_path / "one.sqlite3", replica2=tmp_path / "two.sqlite3")
    read = dbrouter.use_replica(router.db_for_read)
    assert {read(Unit) for _ in range(60)} == {"replica1", "replica2"}


@pytest.mark.parametrize(("lag", "alias"), [(30.0, "default"), (5.0, "replica1"), (0.0, "replica1")])
def test_a_replica_lagging_more_than_the_setting_is_left_out(replicas, tmp_path, monkeypatch, lag, alias):
    replicas(replica1=tmp_path / UP)
    monkeypatch.setattr(dbrouter.health, "lag", lambda _alias: lag)
    assert dbrouter.use_replica(router.db_for_read)(Unit) == alias


@pytest.mark.django_db
def test_a_read_inside_a_transaction_on_the_primary_stays_there(replicas, tmp_path):
    # A service's locked re-read (select_for_update) and whatever follows it in the transaction.
    replicas(replica1=tmp_path / UP)
    with transaction.atomic():
        assert dbrouter.use_replica(router.db_for_read)(Unit) == "default"


@pytest.mark.django_db
def test_the_lag_query_answers_zero_on_a_server_that_is_no_standby():
    if connection.vendor != "postgresql":
        pytest.skip("pg_last_xact_replay_timestamp() is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(dbrouter.LAG_SQL)
        assert cursor.fetchone()[0] == 0


def test_relations_between_the_primary_and_a_replica_are_allowed_and_only_the_primary_migrates(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    one, other = Unit(), Unit()
    one._state.db, other._state.db = "default", "replica1"
    assert router.allow_relation(one, other) is True
    assert router.allow_migrate("default", "org") is True
    assert router.allow_migrate("replica1", "org") is False


# --- The middleware: marked views, the pin after a write ---------------------------------------------


def through_middleware(request, view):
    """What Django's handler does: the middleware's __call__, then process_view, then the view."""

    def handler(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = dbrouter.ReplicaMiddleware(handler)
    return middleware(request)


def where_it_reads(request):
    return HttpResponse(router.db_for_read(Unit))


@dbrouter.replica_reads
def marked(request):
    return where_it_reads(request)


def test_only_a_marked_view_reads_the_replica_and_only_while_it_runs(replicas, tmp_path):
    replicas(replica1=tmp_path / UP)
    factory = RequestFactory()
    assert through_middleware(factory.get("/"), marked).content == b"replica1"
    assert through_middleware(factory.get("/"), where_it_reads).content == b"default"
    assert router.db_for_read(Unit) == "default"  # the request has ended


def test_a_post_pins_the_user_to_the_primary_for_the_pin_time(replicas, tmp_path):
    replicas(replica1=tmp_path / UP)
    factory = RequestFactory()
    posted = through_middleware(factory.post("/"), where_it_reads)
    cookie = posted.cookies[dbrouter.PIN_COOKIE]
    assert cookie["max-age"] == 10
    assert int(cookie.value) == pytest.approx(time.time() + 10, abs=2)

    pinned = factory.get("/")
    pinned.COOKIES[dbrouter.PIN_COOKIE] = cookie.value
    assert through_middleware(pinned, marked).content == b"default"
    assert dbrouter.PIN_COOKIE not in through_middleware(pinned, marked).cookies, "a read does not extend the pin"

    expired = factory.get("/")
    expired.COOKIES[dbrouter.PIN_COOKIE] = str(int(time.time()) - 1)
    assert through_middleware(expired, marked).content == b"replica1"
    garbled = factory.get("/")
    garbled.COOKIES[dbrouter.PIN_COOKIE] = "soon"
    assert through_middleware(garbled, marked).content == b"replica1"


def test_a_post_to_a_marked_view_reads_the_primary(replicas, tmp_path):
    replicas(replica1=tmp_path / UP)
    assert through_middleware(RequestFactory().post("/"), marked).content == b"default"


@pytest.mark.parametrize(
    "path",
    [
        "/statistics/rollup/",
        "/statistics/board/",
        "/meetings/compliance/",
        "/api/statistics/rollup/",
        "/api/meetings/compliance/",
        "/api/org/figures/",
        "/screen/1/data/",
    ],
)
def test_the_report_pages_and_figure_apis_are_marked(path):
    assert dbrouter._marked(resolve(path).func)


@pytest.mark.parametrize("path", ["/", "/org/people/", "/statistics/reports/", "/api/org/units/", "/accounts/login/"])
def test_lists_forms_and_the_start_page_are_not(path):
    assert not dbrouter._marked(resolve(path).func)


# --- Settings ------------------------------------------------------------------------------------------

SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASE_REPLICAS, s.DATABASE_ROUTERS, 'qizhi.core.dbrouter.ReplicaMiddleware' in s.MIDDLEWARE); "
    "print(s.DATABASES.get('replica2', {}).get('HOST'), s.DATABASES.get('replica2', {}).get('PORT'), "
    "s.DATABASES.get('replica2', {}).get('TEST', {}).get('MIRROR'), s.DATABASES.get('replica2', {}).get('OPTIONS')); "
    "print(s.DATABASES['default'].get('CONN_MAX_AGE'), s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS'))"
)


def test_without_replicas_nothing_is_installed(tmp_path):
    result = run_python(SHOW, DJANGO_SETTINGS_MODULE="qizhi.settings", QIZHI_VAR_DIR=str(tmp_path))
    assert result.stdout.splitlines()[0] == "[] [] False", result.stderr


def test_replica_urls_become_aliases_mirroring_the_primary_in_tests(tmp_path):
    result = run_python(
        SHOW,
        DJANGO_SETTINGS_MODULE="qizhi.settings",
        QIZHI_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://app@db1:5432/qizhi",
        DATABASE_REPLICA_URLS="postgres://app@db2:5432/qizhi, postgres://app@db3:5433/qizhi",
        DB_CONN_MAX_AGE="0",
        DISABLE_SERVER_SIDE_CURSORS="true",
    )
    lines = result.stdout.splitlines()
    assert lines == [
        "['replica1', 'replica2'] ['qizhi.core.dbrouter.ReplicaRouter'] True",
        "db3 5433 default {'connect_timeout': 2, 'options': '-c jit=off'}",
        "0 True",
    ], result.stderr


def test_jit_can_be_left_on(tmp_path):
    """``DB_JIT_OFF=false`` leaves PostgreSQL's JIT as the server sets it (no startup option is sent)."""
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default'].get('OPTIONS'))"
    )
    on = run_python(show, DJANGO_SETTINGS_MODULE="qizhi.settings", QIZHI_VAR_DIR=str(tmp_path),
                    DATABASE_URL="postgres://app@db1:5432/qizhi", DB_JIT_OFF="false")  # fmt: skip
    off = run_python(show, DJANGO_SETTINGS_MODULE="qizhi.settings", QIZHI_VAR_DIR=str(tmp_path),
                     DATABASE_URL="postgres://app@db1:5432/qizhi")  # fmt: skip
    assert on.stdout.strip() == "{}", on.stderr
    assert off.stdout.strip() == "{'options': '-c jit=off'}", off.stderr
