"""No link or button on a page leads to a 403 or 404 for the user who sees it: every demo login walks
the pages it can reach from its home page (same site, GET links), breadth first, up to a budget."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

LOGINS = ("admin", "leader", "party", "secretary", "head", "stats", "staff", "sibling", "court")
PAGES_PER_LOGIN = 60
SKIP = ("/static/", "/admin/", "/api/", "/accounts/logout", "/files/", "/healthz")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')


def followable(url: str) -> bool:
    path = urlsplit(url).path
    return path.startswith("/") and not path.startswith(SKIP) and "/export" not in path and "/template" not in path


def shape(url: str) -> str:
    """One page of each kind: record ids and query values do not make a new page."""
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(sorted(k.split("=")[0] for k in parts.query.split("&")))


def walk(client, start: str = "/") -> dict[str, tuple[int, str]]:
    """Status of every page reached: {url: (status, the page that linked to it)}."""
    seen_shapes, found = set(), {}
    queue = deque([(start, "")])
    while queue and len(found) < PAGES_PER_LOGIN:
        url, source = queue.popleft()
        if url in found or shape(url) in seen_shapes:
            continue
        seen_shapes.add(shape(url))
        response = client.get(url)
        found[url] = (response.status_code, source)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            if followable(target):
                queue.append((target, url))
    return found


def test_no_link_leads_a_demo_user_to_a_403_or_404(client, demo):
    users = get_user_model().objects.in_bulk(LOGINS, field_name="username")
    dead = []
    for name in LOGINS:
        client.force_login(users[name])
        for url, (status, source) in walk(client).items():
            if status in (403, 404):
                dead.append(f"{name}: {url} ({status}) linked from {source}")
        client.logout()
    assert not dead, "\n".join(dead)
