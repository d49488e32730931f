"""Province-scale page benchmark: one county's pages under gunicorn, measured with wrk on loopback.

For each engine (SQLite file under var/bench/, PostgreSQL database ``qizhi_bench``): migrate,
generate the province (``manage.py generate_province``), start gunicorn, log in as the county user
and measure ``/healthz``, the county's person list and the county's unit page, each with one
connection (median latency) and with 16 (p99 latency, throughput). See bench/README.md.

    .venv/bin/python bench/run.py [--engines sqlite,postgres] [--duration 10] [--regenerate]
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/qizhi_bench"
USERNAME, PASSWORD = "bench_county", "qizhi-demo"

# Issue 16's targets for every list and figure page (issue 3 asked the party pages for a median under 100 ms,
# issue 2 the others for 50: both are within these).
MAX_MEDIAN_MS = 30.0  # one user
MAX_P99_MS = 150.0  # 16 connections
MIN_SHARE_OF_HEALTHZ = 0.08  # 16 connections, throughput relative to /healthz in the same run


@dataclass
class WrkResult:
    median_ms: float
    p99_ms: float
    rps: float
    requests: int
    errors: int  # non-2xx/3xx responses plus socket errors


@dataclass
class PageResult:
    engine: str
    name: str
    path: str
    single: WrkResult
    loaded: WrkResult
    share: float | None = None  # throughput as a fraction of /healthz throughput


# --- wrk -----------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> WrkResult:
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    rps = float(re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE).group(1))
    requests = int(re.search(r"^\s+(\d+) requests in", output, re.MULTILINE).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in match.groups())
    return WrkResult(_ms(percentiles["50"]), _ms(percentiles["99"]), rps, requests, errors)


def wrk(url: str, *, connections: int, duration: int, cookie: str | None) -> WrkResult:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    return parse_wrk(output)


def busy_share(seconds: float = 1.0) -> float | None:
    """The share of CPU time in use over ``seconds`` (Linux /proc/stat): others' load skews a run."""

    def sample():
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    try:
        idle1, total1 = sample()
        time.sleep(seconds)
        idle2, total2 = sample()
    except OSError:
        return None
    return 1 - (idle2 - idle1) / max(1, total2 - total1)


# --- the server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def engine_env(engine: str, pg_url: str, *, pooled: bool = False, pooled_max_age: int = 0) -> dict[str, str]:
    var_dir = BENCH_DIR / ("postgres" if engine == "postgres+pgbouncer" else engine)
    var_dir.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{var_dir / 'qizhi.sqlite3'}" if engine == "sqlite" else pg_url
    env = dict(os.environ)
    env.update(
        QIZHI_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DEBUG="false",
        DB_CONN_MAX_AGE="600",
        QIZHI_ENV="development",
    )
    if pooled:  # pgbouncer in transaction mode: no named cursors (docs/design.md); kept connections or not
        env.update(DB_CONN_MAX_AGE=str(pooled_max_age), DISABLE_SERVER_SIDE_CURSORS="true")
    return env


PGBOUNCER_INI = """[databases]
* = host=127.0.0.1 port={pg_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
auth_type = trust
auth_file = {folder}/users.txt
pool_mode = transaction
default_pool_size = 10
max_client_conn = 200
ignore_startup_parameters = extra_float_digits,options
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
unix_socket_dir =
"""


class PgBouncer:
    """Debian's pgbouncer in transaction mode on a free loopback port, in front of the PostgreSQL of ``pg_url``;
    run as the ``postgres`` user when started as root (pgbouncer refuses root)."""

    def __init__(self, pg_url: str):
        self.parts = urllib.parse.urlsplit(pg_url)
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="qizhi-pgbouncer-"))
        self.process: subprocess.Popen | None = None

    def url(self) -> str:
        return urllib.parse.urlunsplit(self.parts._replace(netloc=f"{self.parts.username}@127.0.0.1:{self.port}"))

    def start(self) -> None:
        binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        if not Path(binary).exists():
            sys.exit("pgbouncer is not installed (apt-get install pgbouncer)")
        ini = self.folder / "pgbouncer.ini"
        ini.write_text(PGBOUNCER_INI.format(pg_port=self.parts.port or 5432, port=self.port, folder=self.folder))
        (self.folder / "users.txt").write_text(f'"{self.parts.username}" ""\n')
        command = [binary, str(ini)]
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            for path in self.folder.iterdir():
                shutil.chown(path, "postgres")
            command = ["runuser", "-u", "postgres", "--", *command]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        sys.exit(f"pgbouncer did not listen on {self.port}; see {self.folder}/pgbouncer.log")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark database if it is missing (connecting to the server's ``postgres`` db)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"  created database {name}")


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Gunicorn:
    """gunicorn in the background; ``stop`` ends exactly the master it started (and so its workers)."""

    def __init__(self, env: dict[str, str], port: int, workers: int, log: Path):
        self.env, self.port, self.workers, self.log = env, port, workers, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        pid_file = self.log.with_suffix(".pid")
        command = [
            str(VENV_BIN / "gunicorn"),
            "qizhi.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--no-control-socket",
            "--pid",
            str(pid_file),
        ]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=10) as response:
                    if response.status == 200:
                        return
            except OSError:  # refused while booting, or a slow first answer
                pass
            time.sleep(0.2)
        sys.exit(f"gunicorn did not answer /healthz within 30 s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def login(base: str, username: str = USERNAME) -> str:
    """Log in through the real form (with its CSRF token); returns the ``Cookie`` header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{base}/accounts/login/", data=data.encode(), headers={"Referer": base})
    opener.open(request).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        sys.exit(f"login as {username} failed (no session cookie)")
    return f"sessionid={cookies['sessionid']}"


def check_page(base: str, path: str, cookie: str) -> None:
    """The page answers 200 for the logged-in user (not a redirect to the login page)."""
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request) as response:
        body = response.read().decode()
        if response.status != 200 or "/accounts/login/" in response.url:
            sys.exit(f"{path} answered {response.status} at {response.url}")
    if "/org/people/" in path and body.count("<tr>") < 51:
        sys.exit(f"{path} shows fewer than 50 rows: is the county empty?")


# --- the query plan ------------------------------------------------------------------------------

EXPLAIN_SCRIPT = """
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from qizhi.org.filters import PersonFilterSet
from qizhi.org.models import Person
user = get_user_model().objects.get(username="{username}")
request = RequestFactory().get("/org/people/", {{"unit": "{county}"}})
request.user = user
queryset = Person.objects.select_related("unit").visible_to(user)
page = PersonFilterSet(request.GET, queryset=queryset, request=request).qs[:50]
print(page.explain())
"""


# The whole province's party counts: one grouped query (issue 3), timed in-process.
PROVINCE_FIGURES_SCRIPT = """
import time
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from qizhi.party import services
from qizhi.party.models import PartyOrg
orgs = list(PartyOrg.objects.all())
with CaptureQueriesContext(connection) as queries:
    started = time.perf_counter()
    counts = services.tree_counts(orgs)
    elapsed = (time.perf_counter() - started) * 1000
members = sum(counts[o.pk].members for o in orgs if o.depth == 1)
print(f"whole-province party counts: {len(orgs)} organizations, {members} members, "
      f"{len(queries)} query, {elapsed:.0f} ms")
"""


def explain_county_query(env: dict[str, str], county: str) -> str:
    """The database's plan for the person list's page query, built as the view builds it."""
    return manage(env, "shell", "-v", "0", "-c", EXPLAIN_SCRIPT.format(username=USERNAME, county=county)).strip()


def uses_path_range(plan: str, engine: str) -> bool:
    """Whether the plan reads org_unit through its path index with a range (not a scan, not LIKE)."""
    if engine == "sqlite":
        return bool(re.search(r"SEARCH org_unit USING (COVERING )?INDEX \S+ \(path>\? AND path<\?\)", plan))
    # PostgreSQL: an index scan on org_unit's path index whose condition is the range ``path >= … AND path < …``.
    scan = re.search(r"Index (Only )?Scan (using|on) org_unit_path\S*( on org_unit)?.*\n\s+Index Cond: (.*)", plan)
    return bool(scan) and bool(re.search(r"path\)?(::text)? >= .* AND .*path\)?(::text)? < ", scan.group(4)))


# --- one engine ----------------------------------------------------------------------------------


def run_engine(engine: str, args) -> list[PageResult]:
    print(f"\n== {engine} ==")
    bouncer = None
    if engine == "postgres+pgbouncer":
        ensure_postgres_database(args.pg_url)
        bouncer = PgBouncer(args.pg_url)
        bouncer.start()
        print(f"  pgbouncer (transaction pooling) on 127.0.0.1:{bouncer.port} in front of {args.pg_url}")
        try:
            env = engine_env(engine, bouncer.url(), pooled=True, pooled_max_age=args.pooled_conn_max_age)
            return run_engine_on(engine, args, env)
        finally:
            bouncer.stop()
    env = engine_env(engine, args.pg_url)
    if engine == "postgres":
        ensure_postgres_database(args.pg_url)
    return run_engine_on(engine, args, env)


def run_engine_on(engine: str, args, env: dict[str, str]) -> list[PageResult]:
    manage(env, "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    output = manage(env, "generate_province", *(["--reset"] if args.regenerate else []))
    print("  " + "\n  ".join(line for line in output.strip().splitlines() if not line.startswith("BENCH")))
    print(f"  (generate_province: {time.monotonic() - started:.1f} s including start-up)")
    ids = dict(re.findall(r"(\w+_id)=(\d+)", re.search(r"^BENCH .*$", output, re.MULTILINE).group(0)))
    county = ids["county_id"]
    plan = explain_county_query(env, county)
    verdict_text = "yes" if uses_path_range(plan, engine) else "NO"
    print(f"  county person-list query uses the org_unit.path index with a range: {verdict_text}")
    print("    " + "\n    ".join(plan.splitlines()))
    groups = {
        "county": [
            ("person list (county)", f"/org/people/?unit={county}", True),
            ("unit page (county)", f"/org/units/{county}/", True),
        ],
        "party": [
            ("party tree (county)", f"/party/orgs/tree/?unit={county}", True),
            ("member roster (county)", f"/party/members/?unit={county}", True),
        ],
        "portal": [  # the public side: no login, served from the portal's cache between publications
            ("portal home", "/public/", False),
            ("portal (county)", f"/public/?unit={county}", False),
            ("kiosk", "/public/kiosk/", False),
            ("feed", "/public/feed.xml", False),
        ],
    }
    if "figures" in args.pages:  # the county's plan, and statistics to sum (both kept between runs)
        manage(env, "generate_statistics", "--years", "2")
        plan_id = re.search(r"^BENCH plan_id=(\d+)", manage(env, "generate_targets"), re.MULTILINE).group(1)
        today = datetime.date.today()
        last_month = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
        groups["figures"] = [
            ("cockpit (county)", "/", True),
            ("plan tree (county)", f"/targets/plans/{plan_id}/", True),
            ("ranking (county)", f"/targets/ranking/?unit={county}", True),
            ("compliance (county)", f"/meetings/compliance/?unit={county}", True),
            ("statistics roll-up (county)", f"/statistics/rollup/?unit={county}&start={today.year}-01&end={last_month}",
             True),
        ]  # fmt: skip
    pages = [("healthz", "/healthz", False)] + [page for group in args.pages for page in groups[group]]
    print("  " + manage(env, "shell", "-v", "0", "-c", PROVINCE_FIGURES_SCRIPT).strip())

    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = Gunicorn(env, port, args.workers, Path(env["QIZHI_VAR_DIR"]) / f"gunicorn-{engine}.log")
    busy = busy_share()
    if busy is not None:
        print(f"  CPU busy before the run (other processes): {100 * busy:.0f} %")
    try:
        server.start()
        cookie = login(base)
        for _, path, needs_login in pages:
            check_page(base, path, cookie if needs_login else "")
            wrk(base + path, connections=4, duration=2, cookie=cookie if needs_login else None)  # warm up
        best: dict[str, PageResult] = {}
        for round_ in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"  round {round_}/{args.rounds}")
            for name, path, needs_login in pages:
                page_cookie = cookie if needs_login else None
                single = wrk(base + path, connections=1, duration=args.duration, cookie=page_cookie)
                loaded = wrk(base + path, connections=args.connections, duration=args.duration, cookie=page_cookie)
                print(
                    f"  {name:<22} median {single.median_ms:7.2f} ms   "
                    f"p99 {loaded.p99_ms:7.2f} ms   {loaded.rps:8.1f} req/s"
                )
                if name in best:  # best of the rounds: the least disturbed by other processes
                    single = min(single, best[name].single, key=lambda r: r.median_ms)
                    loaded = min(loaded, best[name].loaded, key=lambda r: (-r.rps, r.p99_ms))
                best[name] = PageResult(engine, name, path, single, loaded)
    finally:
        server.stop()
    results = list(best.values())
    healthz_rps = results[0].loaded.rps
    for result in results:
        result.share = result.loaded.rps / healthz_rps if healthz_rps else None
    return results


# --- report --------------------------------------------------------------------------------------


# Issue 13's public pages: with 16 connections, p99 under 100 ms and at least 30 % of /healthz's throughput.
PORTAL_PAGES = {"portal home", "portal (county)", "kiosk", "feed"}
PORTAL_MAX_P99_MS = 100
PORTAL_MIN_SHARE = 0.30


def verdict(result: PageResult) -> str:
    if result.name == "healthz":
        return "(baseline)"
    misses = []
    if result.name in PORTAL_PAGES:
        if result.loaded.p99_ms >= PORTAL_MAX_P99_MS:
            misses.append("p99")
        if result.share is not None and result.share < PORTAL_MIN_SHARE:
            misses.append("throughput")
        return "met" if not misses else "MISSED: " + ", ".join(misses)
    if result.single.median_ms >= MAX_MEDIAN_MS:
        misses.append("median")
    if result.loaded.p99_ms >= MAX_P99_MS:
        misses.append("p99")
    if result.share is not None and result.share < MIN_SHARE_OF_HEALTHZ:
        misses.append("throughput")
    return "met" if not misses else "MISSED: " + ", ".join(misses)


def table(results: list[PageResult], connections: int) -> str:
    lines = [
        f"| engine | page | median, 1 conn (ms) | p99, {connections} conn (ms) | req/s, {connections} conn "
        "| % of /healthz | errors | targets |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        share = f"{100 * r.share:.1f} %" if r.share is not None else "—"
        errors = r.single.errors + r.loaded.errors
        lines.append(
            f"| {r.engine} | {r.name} `{r.path}` | {r.single.median_ms:.1f} | {r.loaded.p99_ms:.1f} "
            f"| {r.loaded.rps:.0f} | {share} | {errors} | {verdict(r)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--engines",
        default="sqlite,postgres",
        help="comma-separated: sqlite, postgres, postgres+pgbouncer (the same database through pgbouncer in "
        "transaction mode, with DB_CONN_MAX_AGE=0 and no server-side cursors)",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure each page this many times and keep the best (default 1)"
    )
    parser.add_argument("--connections", type=int, default=16, help="connections of the loaded run (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--pages",
        default="county,party,portal",
        help="comma-separated groups: county (person list, unit page), party (tree, roster), portal (public side), "
        "figures (the county's cockpit, plan tree, ranking, compliance and statistics roll-up; generates the "
        "statistics and the targets first if missing)",
    )
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn (default: a free one)")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help=f"PostgreSQL database (default {DEFAULT_PG_URL})")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the province data (--reset)")
    parser.add_argument(
        "--pooled-conn-max-age",
        type=int,
        default=0,
        help="DB_CONN_MAX_AGE behind pgbouncer (default 0: a new connection to pgbouncer per request)",
    )
    args = parser.parse_args()

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - {"sqlite", "postgres", "postgres+pgbouncer"}
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    args.pages = [g.strip() for g in args.pages.split(",") if g.strip()]
    groups = {"county", "party", "portal", "figures"}
    if set(args.pages) - groups:
        parser.error(f"unknown page group(s): {', '.join(sorted(set(args.pages) - groups))}")
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")

    results: list[PageResult] = []
    for engine in engines:
        results += run_engine(engine, args)
    print(f"\nTargets: median < {MAX_MEDIAN_MS:.0f} ms with 1 connection; with {args.connections} connections")
    print(f"p99 < {MAX_P99_MS:.0f} ms and throughput >= {100 * MIN_SHARE_OF_HEALTHZ:.0f} % of /healthz.\n")
    print(table(results, args.connections))
    if any(verdict(r).startswith("MISSED") for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
