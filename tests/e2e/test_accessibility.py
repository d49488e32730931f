"""Pages everyone can read: every page a 局领导 and a member reach from their home page (the link-walker's
breadth-first walk, one page of each kind) passes axe-core's WCAG 2 A and AA rules with no violation.

axe-core comes from npm (node_modules, as the other front-end packages) and is evaluated in the page
through the browser's debugging channel, which the page's Content-Security-Policy does not govern."""

from __future__ import annotations

import io
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page

from qizhi.dashboard.tests.test_no_dead_links import followable, shape

pytestmark = pytest.mark.one_engine  # the markup of each page, not the engine beneath it

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES_PER_LOGIN = 40
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations_on(page: Page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ' (' + v.nodes.length + '): ' + v.nodes.map(n => n.target.join(' ')).join(' | '))",
        RULES,
    )
    return found


def walk(page: Page, server: str) -> dict[str, list[str]]:
    seen, report = set(), {}
    queue = deque(["/"])
    while queue and len(report) < PAGES_PER_LOGIN:
        url = queue.popleft()
        if url in report or shape(url) in seen:
            continue
        seen.add(shape(url))
        response = page.goto(server + url)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        report[url] = violations_on(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urljoin(url, href.split("#")[0])
            if target and followable(target) and urlsplit(target).netloc == "":
                queue.append(target)
    return report


def test_every_page_a_leader_and_a_member_reach_passes_wcag_aa(page: Page, server, snap):
    call_command("demo", stdout=io.StringIO())
    users = get_user_model().objects.in_bulk(["leader", "staff"], field_name="username")
    failing = {}
    for name in ("leader", "staff"):
        page.context.clear_cookies()
        page.goto(f"{server}/accounts/login/")
        page.get_by_label("用户名").fill(users[name].username)
        page.get_by_label("密码").fill("qizhi-demo")
        page.get_by_role("button", name="登录").click()
        report = walk(page, server)
        assert len(report) >= 10, (name, list(report))
        failing.update({f"{name} {url}": found for url, found in report.items() if found})
    assert not failing, "\n".join(f"{where}: {'; '.join(found)}" for where, found in failing.items())
