"""Every edit page and every API update carries the version it started from; lost updates cannot happen.

The routes are found by walking the URL configuration: every ``ObjectEditView`` with a ``pk`` and every
``ScopedModelViewSet`` route that takes ``PATCH``. For each, on the sibling-free bureau ``a``:
- an edit from a stale version, or without one, gets 409 and changes nothing;
- (PostgreSQL) N simultaneous edits from one version: exactly one wins, the others get 409. A barrier
  holds every request after its form or serializer has checked the version, so all N pass that check
  before any saves: only the conditional UPDATE can stop them — the test proves it by breaking it.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django import forms
from django.db import connection, connections
from django.db.models import Model
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from qizhi.core.api import ScopedModelViewSet, TrackedSerializer
from qizhi.core.forms import TrackedModelForm
from qizhi.core.testing import SAMPLES
from qizhi.core.views import ObjectEditView
from qizhi.org.testing import make_user

N = 4


def walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def edit_routes() -> list[tuple[str, type]]:
    """``(url name, model)`` of every edit page of an existing record."""
    found = []
    for name, pattern in walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        if view and issubclass(view, ObjectEditView) and "pk" in pattern.pattern.converters:
            found.append((name, view.queryset.model))
    return sorted(found, key=lambda item: item[0])


def api_routes() -> list[tuple[str, type]]:
    """``(url name, model)`` of every API detail route that takes PATCH."""
    found = []
    for name, pattern in walk(get_resolver().url_patterns):
        cls = getattr(pattern.callback, "cls", None)
        actions = getattr(pattern.callback, "actions", None) or {}
        if cls and issubclass(cls, ScopedModelViewSet) and "patch" in actions:
            found.append((name, cls.queryset.model))
    return sorted(found, key=lambda item: item[0])


EDIT_ROUTES = edit_routes()
API_ROUTES = api_routes()


def test_the_walk_finds_the_edit_routes():
    names = dict(EDIT_ROUTES)
    assert "org:person_edit" in names and "party:partyorg_edit" in names and "accounts:grant_edit" in names
    assert "org-api:person-detail" in dict(API_ROUTES) and len(API_ROUTES) >= 10


@pytest.fixture
def editor(db):
    return make_user("version_editor", is_superuser=True)  # every action on every row: the version decides


def sample_of(model: type[Model], personas):
    assert model in SAMPLES, f"{model.__name__} has an edit route but no sample in qizhi.core.testing.SAMPLES"
    return SAMPLES[model](personas.a)


def form_data(client: Client, url: str, obj) -> dict:
    """What the edit page's form posts back unchanged (its initial values, as a browser sends them;
    a field the page leaves blank gets the record's value — blank edit forms are issue 10 §8's)."""
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    form = response.context["form"]
    record = model_to_dict(obj)
    data = {}
    for name in form.fields:
        if isinstance(form.fields[name], forms.FileField):
            continue  # a browser sends nothing for a file input left alone (the stored file stays)
        value = form[name].value()
        if value in (None, "") and record.get(name) is not None:
            value = record[name]
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    return data


def api_url(name: str, obj) -> str:
    return reverse(name, args=[obj.pk])


def stored(obj) -> dict:
    return model_to_dict(type(obj)._base_manager.get(pk=obj.pk))


# --- Stale and missing versions (both engines) --------------------------------------------------


@pytest.mark.parametrize(("name", "model"), EDIT_ROUTES, ids=[n for n, _m in EDIT_ROUTES])
def test_an_edit_page_refuses_a_stale_or_missing_version(name, model, personas, editor, client):
    obj = sample_of(model, personas)
    client.force_login(editor)
    url = reverse(name, args=[obj.pk])
    data = form_data(client, url, obj)
    assert data["version"] == obj.version
    missing = client.post(url, {k: v for k, v in data.items() if k != "version"})
    assert missing.status_code == 409, f"{name} without a version: {missing.status_code}"
    first = client.post(url, data)
    assert first.status_code == 302, f"{name}: {first.context['form'].errors if first.context else first}"
    before = stored(obj)
    stale = client.post(url, data)
    assert stale.status_code == 409
    assert "已被他人修改" in stale.content.decode()
    assert stale.context["form"]["version"].value() in (data["version"], str(data["version"]))
    assert stored(obj) == before


@pytest.mark.parametrize(("name", "model"), API_ROUTES, ids=[n for n, _m in API_ROUTES])
def test_an_api_update_refuses_a_stale_or_missing_version(name, model, personas, editor, client):
    obj = sample_of(model, personas)
    client.force_login(editor)
    url = api_url(name, obj)
    body = client.get(url).json()
    assert body["version"] == obj.version
    before = stored(obj)
    missing = client.patch(url, {}, content_type="application/json")
    assert missing.status_code == 409 and missing.json()["errors"]["version"] == [
        "版本：缺少记录的版本号，请刷新页面后重新编辑"
    ]
    assert stored(obj) == before
    first = client.patch(url, {"version": body["version"]}, content_type="application/json")
    assert first.status_code == 200, first.content.decode()
    assert first.json()["version"] == body["version"] + 1
    before = stored(obj)
    stale = client.patch(url, {"version": body["version"]}, content_type="application/json")
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    assert stored(obj) == before


# --- Simultaneous edits (PostgreSQL) ----------------------------------------------------------


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serializes writers; the race needs PostgreSQL"
)


@pytest.fixture
def held_after_check(monkeypatch):
    """Every request waits, once its version check has passed, until all N have passed it."""
    barrier = threading.Barrier(N, timeout=30)
    form_clean, to_internal_value = TrackedModelForm.clean, TrackedSerializer.to_internal_value

    def clean(self):
        cleaned = form_clean(self)
        barrier.wait()
        return cleaned

    def checked(self, data):
        validated = to_internal_value(self, data)
        barrier.wait()
        return validated

    monkeypatch.setattr(TrackedModelForm, "clean", clean)
    monkeypatch.setattr(TrackedSerializer, "to_internal_value", checked)
    return barrier


def race(send) -> Counter:
    """Run ``send()`` in N threads at once; the status codes they got."""
    statuses: list[int] = []

    def run():
        try:
            statuses.append(send())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return Counter(statuses)


def race_edit_page(name, model, personas, editor) -> tuple[Counter, object]:
    obj = sample_of(model, personas)
    setup = Client()
    setup.force_login(editor)
    url = reverse(name, args=[obj.pk])
    data = form_data(setup, url, obj)

    def send():
        client = Client()
        client.force_login(editor)
        return client.post(url, data).status_code

    return race(send), obj


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("name", "model"), EDIT_ROUTES, ids=[n for n, _m in EDIT_ROUTES])
def test_simultaneous_edits_from_one_version_let_exactly_one_win(name, model, personas, editor, held_after_check):
    statuses, obj = race_edit_page(name, model, personas, editor)
    assert statuses == Counter({302: 1, 409: N - 1}), statuses
    assert type(obj)._base_manager.get(pk=obj.pk).version == obj.version + 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("name", "model"), API_ROUTES, ids=[n for n, _m in API_ROUTES])
def test_simultaneous_api_updates_from_one_version_let_exactly_one_win(name, model, personas, editor, held_after_check):
    obj = sample_of(model, personas)
    url = api_url(name, obj)

    def send():
        client = Client()
        client.force_login(editor)
        return client.patch(url, {"version": obj.version}, content_type="application/json").status_code

    statuses = race(send)
    assert statuses == Counter({200: 1, 409: N - 1}), statuses
    assert type(obj)._base_manager.get(pk=obj.pk).version == obj.version + 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_race_test_catches_an_unconditional_save(personas, editor, held_after_check, monkeypatch):
    """With the version left out of the UPDATE (the old save), every one of the N edits 'wins'."""
    monkeypatch.setattr("qizhi.core.models.TrackedModel._do_update", Model._do_update)
    name, model = next((n, m) for n, m in EDIT_ROUTES if n == "org:person_edit")
    statuses, _obj = race_edit_page(name, model, personas, editor)
    assert statuses == Counter({302: N})
