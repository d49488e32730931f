"""The read-replica router against a real PostgreSQL streaming standby: run by `bench/replica.py`.

Skipped in the suite: they need `DATABASE_REPLICA_URLS` naming a standby of the test server and
`QIZHI_REPLICA_LIVE` saying whether it runs (`up`) or has been stopped (`down`). The rows are committed
(a transactional test) so that the standby replays them; the replica alias reads the test database
through `TEST: {"MIRROR": "default"}`.
"""

from __future__ import annotations

import contextlib
import os
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from qizhi.core import dbrouter
from qizhi.org.models import Unit
from qizhi.org.testing import build_personas

LIVE = os.environ.get("QIZHI_REPLICA_LIVE", "")
pytestmark = [
    pytest.mark.skipif(not (LIVE and settings.DATABASE_REPLICAS), reason="needs a standby: bench/replica.py"),
    pytest.mark.django_db(transaction=True, databases="__all__"),
]
up = pytest.mark.skipif(LIVE != "up", reason="the standby is stopped")
down = pytest.mark.skipif(LIVE != "down", reason="the standby runs")

REPLICA = "replica1"


def report(line: str) -> None:
    print(f"\nreplica: {line}")


def sql(alias: str, statement: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def wait_replayed(timeout: float = 30) -> float:
    """Wait until the standby has replayed everything the primary has written; the seconds it took."""
    target = sql("default", "SELECT pg_current_wal_lsn()::text")
    started = time.monotonic()
    while not sql(REPLICA, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
        assert time.monotonic() - started < timeout, "the standby did not catch up"
        time.sleep(0.01)
    return time.monotonic() - started


@pytest.fixture
def live(settings):
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0  # every read asks: the tests change the standby's state
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 60
    dbrouter.health.clear()
    yield
    if LIVE == "up" and sql(REPLICA, "SELECT pg_is_wal_replay_paused()"):
        sql(REPLICA, "SELECT pg_wal_replay_resume()::text")
    dbrouter.health.clear()


def figures(client, unit) -> tuple[dict, list[str], int]:
    """The figures API of a unit: its answer, the queries the replica ran besides the lag checks, and how
    many reads the primary ran (the replica's are not captured when it is stopped: capturing would connect).
    A request may also renew the session on the primary (the idle timeout, once a minute): a write, so it
    is not counted."""
    with contextlib.ExitStack() as stack:
        on_primary = stack.enter_context(CaptureQueriesContext(connections["default"]))
        on_replica = stack.enter_context(CaptureQueriesContext(connections[REPLICA])) if LIVE == "up" else None
        response = client.get("/api/org/figures/", {"unit": unit.pk})
    assert response.status_code == 200, response.content
    replica_sql = [q["sql"] for q in on_replica.captured_queries] if on_replica else []
    primary_reads = [q for q in on_primary.captured_queries if q["sql"].startswith("SELECT")]
    return response.json(), [q for q in replica_sql if "pg_is_in_recovery" not in q], len(primary_reads)


def departments(body: dict) -> int:
    return {kind["kind"]: kind["units"] for kind in body["by_kind"]}.get("department", 0)


@up
def test_the_replica_is_a_standby_on_another_server(live):
    assert sql(REPLICA, "SELECT pg_is_in_recovery()") is True
    assert sql("default", "SELECT pg_is_in_recovery()") is False
    ports = sql(REPLICA, "SELECT inet_server_port()"), sql("default", "SELECT inet_server_port()")
    report(f"standby on port {ports[0]}, primary on port {ports[1]}")
    assert ports[0] != ports[1]


@up
def test_a_report_reads_the_replica_and_a_write_goes_to_the_primary(live, client):
    personas = build_personas()
    client.force_login(personas.a.leader)
    report(f"the personas replayed on the standby in {wait_replayed():.3f} s")

    body, on_replica, on_primary = figures(client, personas.a.unit)
    assert (body["staff"], body["serving"], body["retired"]) == (3, 2, 1)
    report(f"figures API: {len(on_replica)} reads on the replica, {on_primary} on the primary")
    assert len(on_replica) >= 3 and on_primary == 0
    assert any("org_person" in q for q in on_replica)

    with CaptureQueriesContext(connections["default"]) as on_primary:
        unit = dbrouter.use_replica(Unit.objects.add_root)(create_kwargs={"name": "写在主库", "kind": "bureau"})
    assert unit._state.db == "default" and any("INSERT" in q["sql"] for q in on_primary.captured_queries)
    wait_replayed()
    assert Unit.objects.using(REPLICA).filter(pk=unit.pk).exists()


@up
def test_the_writer_is_pinned_to_the_primary_and_others_read_the_replica(live, client):
    personas = build_personas()
    client.force_login(personas.a.party_affairs)  # 党务干部: may add a unit under the bureau
    wait_replayed()
    sql(REPLICA, "SELECT pg_wal_replay_pause()::text")  # the standby now holds the state before the write

    response = client.post(
        "/api/org/units/",
        {"name": "接口科", "kind": "department", "parent": personas.a.unit.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert dbrouter.PIN_COOKIE in response.cookies

    body, on_replica, on_primary = figures(client, personas.a.unit)
    report(f"pinned writer: {len(on_replica)} on the replica, {on_primary} on the primary, {departments(body)} 科室")
    assert departments(body) == 2 and on_replica == [] and on_primary > 0

    del client.cookies[dbrouter.PIN_COOKIE]  # the pin has run out (or another user of the same rights reads)
    body, on_replica, on_primary = figures(client, personas.a.unit)
    report(f"unpinned, replay paused: {len(on_replica)} on the replica, {departments(body)} 科室 (the write not there)")
    assert departments(body) == 1 and on_replica and on_primary == 0


@up
def test_a_replica_lagging_more_than_the_setting_falls_back_to_the_primary(live, client, settings):
    personas = build_personas()
    client.force_login(personas.a.leader)
    wait_replayed()
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 1
    sql(REPLICA, "SELECT pg_wal_replay_pause()::text")
    Unit.objects.add_root(create_kwargs={"name": "暂停后写入", "kind": "bureau"})
    time.sleep(1.5)

    _, on_replica, on_primary = figures(client, personas.a.unit)
    lag = dbrouter.health.status()[REPLICA][1]
    report(f"replay paused: lag {lag:.1f} s > 1 s, {len(on_replica)} on the replica, {on_primary} on the primary")
    assert lag > 1 and on_replica == [] and on_primary > 0  # the replica answered its lag checks only

    sql(REPLICA, "SELECT pg_wal_replay_resume()::text")
    report(f"replay resumed: caught up in {wait_replayed():.3f} s")
    _, on_replica, on_primary = figures(client, personas.a.unit)
    assert on_replica and on_primary == 0
    assert dbrouter.health.status()[REPLICA] == (True, 0.0)


@down
def test_a_stopped_replica_falls_back_to_the_primary(live, client):
    personas = build_personas()
    client.force_login(personas.a.leader)
    started = time.monotonic()
    body, _, on_primary = figures(client, personas.a.unit)
    report(f"standby stopped: served by the primary ({on_primary} queries) in {time.monotonic() - started:.3f} s")
    assert (body["staff"], body["serving"], body["retired"]) == (3, 2, 1) and on_primary > 0
    assert dbrouter.health.status()[REPLICA] == (False, None)
