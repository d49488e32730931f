"""Reads of the report pages and figure APIs on PostgreSQL streaming replicas; everything else on the primary.

Installed only when ``DATABASE_REPLICA_URLS`` names replicas (settings.py adds the aliases ``replica1``,
``replica2``, … the router and the middleware); without them nothing here runs and every query goes to
``default`` as before.

- A view opts in: ``@replica_reads`` on a function view, ``replica_reads = True`` on a view class. The
  middleware reads the flag in ``process_view`` and sets a context variable for the rest of the request;
  the router sends that request's reads to a replica. Every other view reads the primary.
- Writes always go to the primary, and so do reads inside a transaction on the primary
  (``select_for_update``, a service's locked re-read, anything in ``atomic``).
- Read-your-writes: a request with an unsafe method (POST, PUT, PATCH, DELETE) sets a cookie that pins
  the user's reads to the primary for ``DATABASE_REPLICA_PIN_SECONDS`` (10 s), longer than the lag a
  replica may have before it is left out, so a user never reads a page older than their last write.
- A replica is asked at most every ``DATABASE_REPLICA_CHECK_SECONDS`` (per process) how far its replay
  is behind; one that cannot be reached or lags more than ``DATABASE_REPLICA_MAX_LAG_SECONDS`` is left
  out until the next check, and with none left the reads go to the primary.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import random
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

PRIMARY = "default"
PIN_COOKIE = "qizhi_primary_until"

# True while a view marked for replica reads runs (set by ReplicaMiddleware.process_view).
_replica_ok: contextvars.ContextVar[bool] = contextvars.ContextVar("qizhi_replica_ok", default=False)

# SELECT on a standby: seconds its replay is behind the WAL it has received (0 when it has replayed
# everything it received, so an idle primary does not make an up-to-date standby look stale). On a server
# that is no standby (a primary given as a replica by mistake, or the test database) it is 0.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replica_reads(view):
    """Mark a function view (also one wrapped by DRF's ``api_view``) as a read-only report."""
    view.replica_reads = True
    return view


def _marked(view_func) -> bool:
    if getattr(view_func, "replica_reads", False):
        return True
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    return bool(getattr(view_class, "replica_reads", False))


def replicas() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


class ReplicaHealth:
    """Per process: whether each replica answered the last check and how far behind it was."""

    def __init__(self):
        self._lock = threading.Lock()
        self._checked: dict[str, tuple[float, bool, float | None]] = {}  # alias -> (when, usable, lag)

    def clear(self) -> None:
        with self._lock:
            self._checked.clear()

    def lag(self, alias: str) -> float | None:
        """Seconds of replay lag, or None when the replica cannot be reached."""
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(LAG_SQL)
                else:
                    cursor.execute("SELECT 0")
                return float(cursor.fetchone()[0])
        except DatabaseError:
            # The broken connection must not be reused by the next check.
            with contextlib.suppress(DatabaseError):
                connection.close()
            return None

    def usable(self, alias: str) -> bool:
        now = time.monotonic()
        interval = settings.DATABASE_REPLICA_CHECK_SECONDS
        with self._lock:
            checked = self._checked.get(alias)
        if checked is not None and now - checked[0] < interval:
            return checked[1]
        lag = self.lag(alias)
        ok = lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS
        with self._lock:
            self._checked[alias] = (now, ok, lag)
        return ok

    def status(self) -> dict[str, tuple[bool, float | None]]:
        with self._lock:
            return {alias: (ok, lag) for alias, (_when, ok, lag) in self._checked.items()}


health = ReplicaHealth()


def read_alias() -> str:
    """Where a read of the current request goes: a usable replica if the view allows it, else the primary."""
    if not _replica_ok.get() or connections[PRIMARY].in_atomic_block:
        return PRIMARY
    usable = [alias for alias in replicas() if health.usable(alias)]
    return random.choice(usable) if usable else PRIMARY


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's rows: an object read from either may point to one from the other.
        databases = {PRIMARY, *replicas()}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    """Lets a marked view read a replica unless the user is pinned to the primary; pins after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_ok.set(False)
        try:
            response = self.get_response(request)
        finally:
            _replica_ok.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time() + seconds)),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD") and _marked(view_func) and not pinned(request):
            _replica_ok.set(True)


def pinned(request) -> bool:
    """Whether the user wrote within the pin time (the cookie's value is the second the pin ends)."""
    try:
        until = int(request.COOKIES.get(PIN_COOKIE, "0"))
    except ValueError:
        return False
    return until > time.time()


def use_replica(func):
    """Run ``func`` as a marked view would: its reads may go to a replica (for management commands, tests)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        token = _replica_ok.set(True)
        try:
            return func(*args, **kwargs)
        finally:
            _replica_ok.reset(token)

    return wrapper
