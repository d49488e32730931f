"""No parameter gives a 500: every URL pattern and API route, sent junk for every parameter it reads.

Which parameters a view reads is found by watching it: each route is first requested cleanly
while every ``QueryDict`` lookup is recorded (``request.GET.get("unit")``, a filter form reading
``unit``, ``request.query_params["plan"]``); then each recorded name gets each kind of junk.
"""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.urls import get_resolver, reverse

from qizhi.core.testing import SAMPLES
from qizhi.core.tests.test_scoping_matrix import has_pk, route_model, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("personas_per_module")]  # see qizhi/conftest.py

JUNK = ["abc", "\x00", "9" * 30, "-1", "0", "99999", "2026-13", "0001-01", "0001-01-01", "9999-12-31", "²", "1" * 5000]
IGNORED = {"csrfmiddlewaretoken", "next", "page", "sort", "per_page", "format", "_export"}


class Recorder:
    """Records the names looked up in any ``QueryDict`` while it is installed."""

    def __init__(self, monkeypatch):
        self.names: set[str] = set()
        for method in ("get", "__getitem__", "__contains__", "getlist"):
            original = getattr(QueryDict, method)
            monkeypatch.setattr(QueryDict, method, self._wrap(original))

    def _wrap(self, original):
        names = self.names

        def recorded(query, key, *args, **kwargs):
            if isinstance(key, str):
                names.add(key)
            return original(query, key, *args, **kwargs)

        return recorded


def url_of(name, pattern, personas):
    if not has_pk(pattern):
        return reverse(name)
    model = route_model(pattern)
    if model is None or model not in SAMPLES:
        return None
    return reverse(name, kwargs={"pk": SAMPLES[model](personas.a).pk})


SKIPPED = {
    "accounts:logout": "ends the session the walk runs in",
    "core:attachment_add": "POST-only upload addressed by a record; reads no query parameter",
    "targets:target_add": "addressed by its plan; ?parent= is parsed as an id there (targets/tests)",
}
GET_ROUTES = [
    (name, pattern)
    for name, pattern in walk(get_resolver().url_patterns)
    if name not in SKIPPED and not name.endswith(("_delete", "_restore"))
]


def baseline(personas) -> dict:
    """Sane values for the parameters figure pages need, so that junk in one reaches the code that
    reads it (a year is only parsed once the unit is known)."""
    return {"unit": personas.a.unit.pk, "year": "2026", "start": "2026-01", "end": "2026-06", "month": "2026-05"}


# The administrator reaches every management page; a staff member (干警) the pages of one's own
# (我的学习, 我的积分, …), which read their parameters on other paths.
PERSONAS = ["admin", "staff"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "pattern"), GET_ROUTES, ids=[name for name, _ in GET_ROUTES])
def test_no_parameter_makes_a_route_fail(client, personas, monkeypatch, name, pattern, persona):
    if "history_id" in pattern.pattern.regex.groupindex:
        pytest.skip("addressed by a history row; no query parameters")
    url = url_of(name, pattern, personas)
    if url is None:
        pytest.skip("no sample row to address")
    client.force_login(getattr(personas.a, persona))
    recorder = Recorder(monkeypatch)
    first = client.get(url)
    assert first.status_code < 500, (name, first.status_code)
    sane = {key: value for key, value in baseline(personas).items() if key in recorder.names}
    assert client.get(url, sane).status_code < 500, (name, sane)
    monkeypatch.undo()
    client.raise_request_exception = False  # collect every failure of the route, not only the first
    failures = []
    for param in sorted(recorder.names - IGNORED):
        for junk in JUNK:
            response = client.get(url, sane | {param: junk})
            if response.status_code >= 500:
                failures.append(f"{param}={junk!r}")
    assert not failures, f"{name} ({url}) answers 5xx to: {', '.join(failures)}"
