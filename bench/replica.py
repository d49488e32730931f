"""The read-replica router against a real PostgreSQL streaming standby (issue 16 §3).

1. lets the local primary (127.0.0.1:5432, trust, user postgres) accept replication connections from
   127.0.0.1: if its pg_hba.conf has no ``replication`` line, one is appended and the configuration reloaded;
   the line is removed (and the configuration reloaded) when the script ends;
2. copies the primary into a temporary folder with ``pg_basebackup -R`` (the standby's settings written by
   it) and starts that copy as a hot standby on port 5433 (``pg_ctl``, as the ``postgres`` OS user);
3. runs ``qizhi/core/tests/test_dbrouter_live.py`` with ``DATABASE_REPLICA_URLS`` naming the standby: reads of
   the figures API go to the standby, writes to the primary, the writer's pin holds, a standby whose replay
   is paused (``pg_wal_replay_pause()``) further than the allowed lag is left out;
4. stops the standby and runs the test that a stopped standby falls back to the primary;
5. always stops the standby, removes its folder and the pg_hba line, and drops the test database.

    .venv/bin/python bench/replica.py [--port 5433]

Run it as root (it switches to the ``postgres`` OS user for the server's tools) on a machine whose
PostgreSQL 15 is the local primary. Not part of ``.ci/run``: the copy of the cluster takes its size in disk
and tens of seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PRIMARY = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
HBA_LINE = "host replication postgres 127.0.0.1/32 trust  # added by qizhi bench/replica.py, removed when it ends"
TEST_DATABASE = "test_replica_bench"
# A hot standby refuses to start with less of these than its primary has.
COPIED_SETTINGS = [
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
]


def psql(query: str, port: int = 5432, database: str = "postgres") -> str:
    result = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-Atc", query],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    return result.stdout.strip()


def as_postgres(*command: str, timeout: int = 600) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, timeout=timeout)


def allows_replication(hba_text: str) -> bool:
    for line in hba_text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 4 and fields[0] == "host" and fields[1] == "replication":
            return True
    return False


class ReplicationLine:
    """The pg_hba.conf line for the copy, if the primary has none; removed again on exit."""

    def __init__(self):
        self.path = Path(psql("SHOW hba_file"))
        self.added = False

    def __enter__(self):
        if allows_replication(self.path.read_text()):
            print(f"pg_hba: {self.path} already allows replication; unchanged")
            return self
        with self.path.open("a") as hba:
            hba.write(f"\n{HBA_LINE}\n")
        self.added = True
        psql("SELECT pg_reload_conf()")
        print(f"pg_hba: appended to {self.path} (removed at the end): {HBA_LINE}")
        return self

    def __exit__(self, *exc):
        if self.added:
            text = self.path.read_text()
            self.path.write_text(text.replace(f"\n{HBA_LINE}\n", "\n"))
            psql("SELECT pg_reload_conf()")
            print(f"pg_hba: the added line is removed from {self.path}")


class Standby:
    def __init__(self, port: int):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="qizhi-standby-"))
        shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.running = False

    def create(self) -> float:
        started = time.monotonic()
        as_postgres("pg_basebackup", *PRIMARY, "-D", str(self.data), "-R", "-X", "stream", "-c", "fast")
        settings = {name: psql(f"SHOW {name}") for name in COPIED_SETTINGS}
        config = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.folder}'",
            "hot_standby": "on",
            "shared_buffers": "'128MB'",
            "logging_collector": "off",
            **settings,
        }
        (self.data / "postgresql.conf").write_text("".join(f"{key} = {value}\n" for key, value in config.items()))
        (self.data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        for name in ("postgresql.conf", "pg_hba.conf"):
            shutil.chown(self.data / name, "postgres", "postgres")
        return time.monotonic() - started

    def start(self) -> None:
        self.running = True  # from here on, stop() tries: a server that is slow to start is still stopped
        # Recovery replays the WAL written during the copy first: on a busy primary that takes minutes.
        log = str(self.folder / "log")
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-t", "600", "-w", "start", timeout=700)
        deadline = time.monotonic() + 60
        while psql("SELECT pg_is_in_recovery()", port=self.port) != "t":
            if time.monotonic() > deadline:
                raise RuntimeError("the copy did not start as a standby")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.running:
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ],
                check=False,
                timeout=120,
            )
            self.running = False

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def run_tests(state: str, port: int, create: bool) -> tuple[int, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        "DATABASE_TEST_NAME": TEST_DATABASE,
        "DATABASE_REPLICA_URLS": f"postgres://postgres@127.0.0.1:{port}/test",
        "QIZHI_REPLICA_LIVE": state,
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-n",
        "0",
        "-s",
        "-v",
        "--reuse-db",  # the down run uses the database the up run created; dropped at the end
        *(["--create-db"] if create else []),
        "qizhi/core/tests/test_dbrouter_live.py",
    ]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    lines = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.startswith("replica:") or re.search(r"(PASSED|FAILED|ERROR|SKIPPED)", line) or " passed" in line
    ]
    if result.returncode != 0:
        lines.append(result.stdout[-6000:] + result.stderr[-3000:])
    return result.returncode, f"[{state}, {time.monotonic() - started:.0f} s]\n" + "\n".join(lines)


def main() -> int:
    # A kill (SIGTERM, a timeout) unwinds through the finally blocks: the standby and the pg_hba line go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=5433)
    args = parser.parse_args()
    print(psql("SELECT version()"))
    print(f"primary: wal_level={psql('SHOW wal_level')}, max_wal_senders={psql('SHOW max_wal_senders')}")
    failures = 0
    with ReplicationLine():
        standby = Standby(args.port)
        try:
            print(f"pg_basebackup -R of the primary into {standby.data}: {standby.create():.1f} s")
            standby.start()
            print(f"standby on 127.0.0.1:{args.port} is in recovery (hot standby)")
            code, output = run_tests("up", args.port, create=True)
            print(output)
            failures += code != 0
            standby.stop()
            print("standby stopped")
            code, output = run_tests("down", args.port, create=False)
            print(output)
            failures += code != 0
        finally:
            standby.remove()
            print(f"standby removed ({standby.folder})")
            psql(f"DROP DATABASE IF EXISTS {TEST_DATABASE}")
    print("all replica tests passed" if not failures else f"{failures} run(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
