"""No form field gives a 500 either (issue 10 §7): every page that shows a form to post, as every
persona who can open it, sent junk in each of its fields in turn (the other fields keep the values the
page opened with). Text for numbers and dates, NUL, 30-digit integers, impossible dates, ids of no
row, and a text one character over the limit: each is a form error (or a refusal), never a 5xx."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import get_resolver

from qizhi.core import bounds
from qizhi.core.tests.test_junk_parameters import SKIPPED, url_of
from qizhi.core.tests.test_scoping_matrix import walk
from qizhi.org.testing import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("personas_per_module")]  # see qizhi/conftest.py

JUNK = ["abc", "\x00", "9" * 30, "-1", "0001-01-01", "9999-12-31", "字" * (bounds.TEXT_MAX + 1)]
NOT_POSTED = {"csrfmiddlewaretoken", "version"}  # the version has its own walker (test_edit_versions)

POST_ROUTES = [
    (name, pattern)
    for name, pattern in walk(get_resolver().url_patterns)
    if name not in SKIPPED
    and not name.endswith(("_delete", "_restore", "_list", "_detail", "_history", "_export", "_import"))
    and not name.startswith(("api", "schema")) and "-api:" not in name
    and "history_id" not in pattern.pattern.regex.groupindex
]  # fmt: skip


def posted_form(response):
    """The form a page shows for posting, or None (a filter form, no form)."""
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    if not isinstance(form, forms.BaseForm):
        return None
    helper = getattr(form, "helper", None)
    if helper is not None and getattr(helper, "form_method", "post").lower() == "get":
        return None
    return form


def opening_values(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    return data


def openers(personas):
    """The superuser first (every form opens for it); a form only some role sees is reached by that role."""
    yield make_user("junk_superuser", is_superuser=True)
    yield from personas.a.users.values()


@pytest.mark.parametrize(("name", "pattern"), POST_ROUTES, ids=[name for name, _ in POST_ROUTES])
def test_no_form_field_makes_a_post_fail(client, personas, name, pattern):
    url = url_of(name, pattern, personas)
    if url is None:
        pytest.skip("no sample row to address")
    client.raise_request_exception = False
    failures, posted = [], 0
    for user in openers(personas):
        client.force_login(user)
        form = posted_form(client.get(url))
        if form is None:
            continue
        base = opening_values(form)
        for field in sorted(set(form.fields) - NOT_POSTED):
            for junk in JUNK:
                response = client.post(url, base | {field: junk})
                posted += 1
                if response.status_code >= 500:
                    failures.append(f"{user.username}: {field}={junk[:12]!r}")
        if posted:
            break  # one persona who can post is enough per route; the others see the same form
    if not posted:
        pytest.skip("shows no form to post")
    assert not failures, f"{name} ({url}) answers 5xx to: {', '.join(failures)}"
