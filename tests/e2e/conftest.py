"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked ``e2e``. Data comes from the shared personas (two sibling
bureaus, see ``qizhi.core.testing``), built in the transactional database the live server reads.
"""

from __future__ import annotations

import contextlib
import re
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread
from playwright.sync_api import Page, expect

from qizhi.org.testing import PASSWORD, Personas, build_personas

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-results" / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",  # the browser's own UI (the file picker) in Chinese, as users see it
]


def pytest_collection_modifyitems(config, items):
    # A conftest hook sees the whole session's items: mark only those in this folder.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


class SerialWSGIServer(WSGIServer):
    """The live server answering one request at a time, each on a connection it then closes.

    On SQLite the test database lives in memory, and every thread of the live server uses the one
    connection that holds it: two requests at once (a page and its htmx fragment) then interleave on
    that connection and one of them fails with "database table is locked", which in CI showed as a
    sign-in that never finished. Django's own server, unthreaded, is what a single connection needs.
    On PostgreSQL it is what lets the flush after a test wait for the request in flight (below).
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        # LiveServerThread.run() has already put the shared connections into this thread.
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with DATABASE_TURN:
            super().process_request(request, client_address)


# Held by the live server while it answers a request, and by a test while it plays a background worker:
# the import test's worker wrote inside a transaction while the page's poll read on the same connection,
# and the import failed ("An error occurred in the current transaction", CI on a loaded machine).
DATABASE_TURN = threading.Lock()


@pytest.fixture
def database_turn():
    """``with database_turn():`` runs the test's own database work (a worker's job) between two requests."""
    return lambda: DATABASE_TURN if connection.vendor == "sqlite" else contextlib.nullcontext()


@pytest.fixture(autouse=True)
def _server_quiet_before_the_flush(transactional_db):
    """After the test, the browser is closed (its fixtures end before this one) and the live server has
    finished the request it was answering, before the database is flushed. On SQLite the server shares
    the test's connection: a request answered during the flush wrote a row into the flush's transaction,
    and the commit failed its foreign keys ("FOREIGN KEY constraint failed" at teardown, then a
    duplicate user in the next test; seen on a loaded machine). On PostgreSQL a 待办 badge still being
    read when the flush's TRUNCATE came deadlocked with it ("deadlock detected" at teardown, then the same
    duplicate user; seen in a full run)."""
    yield
    with DATABASE_TURN:
        pass


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server():
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The system chromium: `playwright install` cannot download a browser here.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.fixture
def personas(transactional_db) -> Personas:
    # The live server runs in another thread: data must be committed, hence transactional_db.
    return build_personas()


@pytest.fixture
def server(live_server) -> str:
    """The live server's base URL, without a trailing slash."""
    return live_server.url.rstrip("/")


@pytest.fixture
def snap(page: Page, request):
    """``snap("step")`` saves a full-page screenshot as ``<test name>-<step>.png`` (``of=`` another tab)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(step: str, of: Page | None = None) -> Path:
        name = re.sub(r"[^\w.-]+", "_", f"{request.node.originalname}-{step}")
        path = SCREENSHOTS / f"{name}.png"
        (of or page).screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page: Page, server: str):
    """``login(user)`` signs out whoever was signed in, signs in through the login form and waits for the home page."""

    def sign_in(user) -> None:
        # Whoever was signed in goes first. Every page asks for its 待办 count after it loads, and the
        # answer may renew the session cookie (SessionTouchMiddleware): a test that cleared the
        # cookies while that answer was on its way found the previous user signed in again.
        page.wait_for_load_state("networkidle")
        page.context.clear_cookies()
        page.goto(f"{server}/accounts/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(f"{server}/")
        # The URL changes before the scripts at the foot of the page have run: a menu clicked before
        # Bootstrap is there does not open (two CI failures on a loaded machine).
        page.wait_for_load_state("load")

    return sign_in


@pytest.fixture
def logout(page: Page):
    """``logout()`` signs out through the user menu, once the page's scripts have run."""

    def sign_out() -> None:
        page.wait_for_load_state("load")
        page.locator(".navbar .dropdown-toggle").last.click()
        page.get_by_role("button", name="退出登录").click()

    return sign_out
