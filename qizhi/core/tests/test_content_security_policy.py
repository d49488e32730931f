"""Pages carry a Content-Security-Policy that allows no inline script, and no template needs one."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:json|ld\+json)\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/api/docs/", "/admin/login/", "/org/people/"])
def test_every_page_forbids_inline_script(client, personas, path):
    client.force_login(personas.a.party_affairs)
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("default-src", []) + policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


def project_templates() -> list[Path]:
    folders = [Path(folder) for folder in engines["django"].engine.dirs]
    folders += [Path(settings.BASE_DIR) / "qizhi"]
    return sorted({path for folder in folders for path in folder.rglob("*.html") if "node_modules" not in path.parts})


def test_no_project_template_has_inline_script_or_handlers():
    templates = project_templates()
    assert len(templates) > 50
    offenders = [
        str(path) for path in templates
        if INLINE_SCRIPT.search(text := path.read_text(encoding="utf-8")) or INLINE_HANDLER.search(text)
    ]  # fmt: skip
    assert offenders == []


def test_the_scan_finds_an_inline_script():
    assert INLINE_SCRIPT.search("<p>x</p><script>alert(1)</script>")
    assert INLINE_HANDLER.search('<button onclick="go()">')
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script><script type="application/json">{}</script>')
