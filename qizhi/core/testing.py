"""Shared test machinery with no domain in it: sample rows per model, declared CRUD tests, races.

Behaviour tests speak in personas (``personas.a.leader``, ``personas.b.party_affairs``: two sibling
bureaus, built in ``qizhi.org.testing``); the scoping meta-test asks ``SAMPLES`` for a row of each
model in a given bureau, so a new model registers a sample in its app's ``testing`` module (or the
meta-test fails and names it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

from qizhi.core.models import Attachment, ChannelPreference, Delivery, ImportJob, Notification

# Apps add the reference data their tests rely on (a transactional test empties every table,
# including rows that data migrations wrote).
PERSONA_HOOKS: list[Callable[[], None]] = []


# --- Samples: one row of a model inside a bureau, for the scoping meta-test ---------------------

SAMPLES: dict[type, Callable[[Any], object]] = {}  # model → a row of it in a bureau (org.testing.Bureau)


def sample(model: type):
    """Register how to find (or make) a row of ``model`` that belongs to a bureau."""

    def register(function):
        SAMPLES[model] = function
        return function

    return register


@sample(ImportJob)
def _import_job_sample(bureau):
    return ImportJob.objects.create(
        user=bureau.party_affairs,
        resource="qizhi.org.resources.PersonResource",
        file_name="花名册.xlsx",
        stored_path="/nonexistent.xlsx",
        total_rows=1,
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@sample(Notification)
def _notification_sample(bureau):
    return Notification.objects.create(recipient=bureau.leader, title=f"请{bureau.unit.name}按时报送统计报表")


@sample(ChannelPreference)
def _channel_preference_sample(bureau):
    return ChannelPreference.objects.create(user=bureau.leader, kind="meetings", email=True)


@sample(Delivery)
def _delivery_sample(bureau):
    notification = Notification.objects.create(recipient=bureau.leader, title=f"{bureau.unit.name}会议通知")
    return Delivery.objects.create(notification=notification, channel="email", destination="leader@sfj.local")


@sample(Attachment)
def _attachment_sample(bureau):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    person = bureau.people[0]
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(person), object_id=person.pk,
        file=ContentFile(PDF_BYTES, name="scan.pdf"), name=f"{bureau.unit.name}介绍信.pdf", size=len(PDF_BYTES),
    )  # fmt: skip


# --- Declared CRUD tests ---------------------------------------------------------------------


class ScopedCrudTests:
    """List/detail/create/edit/delete/history for one model, declared by an app's test class.

    A subclass sets ``url_base`` (``"org:person"``), ``editor`` and ``viewer`` (role names: one
    that may change the model, one that may only see it) and implements ``sample(bureau)``,
    ``create_data(bureau)`` and ``edit_data(obj)``; the tests below then run as anonymous, as a
    viewer, as an editor and as the sibling bureau's editor.
    """

    url_base: str
    editor: str
    viewer: str
    creatable = True
    editable = True
    deletable = True

    def sample(self, bureau):
        raise NotImplementedError

    def create_data(self, bureau) -> dict:
        raise NotImplementedError

    def edit_data(self, obj) -> dict:
        raise NotImplementedError

    def url(self, action: str, obj=None) -> str:
        from django.urls import reverse

        return reverse(f"{self.url_base}_{action}", args=[obj.pk] if obj is not None else [])

    def model(self, personas):
        return type(self.sample(personas.a))

    def test_it_sends_anonymous_users_to_login(self, client, personas):
        obj = self.sample(personas.a)
        for url in (self.url("list"), self.url("detail", obj)):
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_it_lists_the_bureaus_own_rows_only(self, client, personas):
        own, other = self.sample(personas.a), self.sample(personas.b)
        client.force_login(getattr(personas.a, self.viewer))
        html = client.get(self.url("list")).content.decode()
        assert own.get_absolute_url() in html
        assert other.get_absolute_url() not in html

    def test_it_shows_a_visible_row(self, client, personas):
        client.force_login(getattr(personas.a, self.viewer))
        obj = self.sample(personas.a)
        assert client.get(self.url("detail", obj)).status_code == 200
        assert client.get(self.url("history", obj)).status_code == 200

    def test_it_creates_a_row_as_editor(self, client, personas):
        if not self.creatable:
            return
        model = self.model(personas)
        client.force_login(getattr(personas.a, self.editor))
        count = model.objects.count()
        response = client.post(self.url("add"), self.create_data(personas.a))
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert model.objects.count() == count + 1
        created = model.objects.order_by("-pk").first()
        assert created.created_by == getattr(personas.a, self.editor)
        assert created.history.count() == 1

    def test_it_refuses_to_create_into_the_sibling_bureau(self, client, personas):
        if not self.creatable:
            return
        model = self.model(personas)
        client.force_login(getattr(personas.b, self.editor))
        count = model.objects.count()
        response = client.post(self.url("add"), self.create_data(personas.a))
        assert response.status_code == 200  # the form again, with the unit refused
        assert response.context["form"].errors
        assert model.objects.count() == count

    def test_it_refuses_create_and_edit_to_a_viewer(self, client, personas):
        client.force_login(getattr(personas.a, self.viewer))
        obj = self.sample(personas.a)
        before = snapshot_of(obj)
        if self.creatable:
            assert client.get(self.url("add")).status_code == 403
        if self.editable:
            assert client.post(self.url("edit", obj), self.edit_data(obj)).status_code == 403
        assert snapshot_of(obj) == before

    def test_it_edits_a_row_as_editor_and_records_history(self, client, personas):
        if not self.editable:
            return
        client.force_login(getattr(personas.a, self.editor))
        obj = self.sample(personas.a)
        data = self.edit_data(obj)
        response = client.post(self.url("edit", obj), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        obj.refresh_from_db()
        assert obj.version == data["version"] + 1
        assert obj.history.first().history_user == getattr(personas.a, self.editor)

    def test_it_refuses_a_stale_edit(self, client, personas):
        if not self.editable:
            return
        client.force_login(getattr(personas.a, self.editor))
        obj = self.sample(personas.a)
        stale = self.edit_data(obj)
        assert client.post(self.url("edit", obj), self.edit_data(obj)).status_code == 302
        obj.refresh_from_db()
        before = snapshot_of(obj)
        response = client.post(self.url("edit", obj), stale)
        assert response.status_code == 409
        assert "已被他人修改" in response.content.decode()
        assert snapshot_of(obj) == before

    def test_it_refuses_an_edit_without_a_version_and_keeps_the_input(self, client, personas):
        if not self.editable:
            return
        client.force_login(getattr(personas.a, self.editor))
        obj = self.sample(personas.a)
        before = snapshot_of(obj)
        data = {name: value for name, value in self.edit_data(obj).items() if name != "version"}
        response = client.post(self.url("edit", obj), data)
        assert response.status_code == 409
        assert "缺少记录的版本号" in response.content.decode()
        assert response.context["form"].data == client_data(data)  # what the user typed is shown again
        assert snapshot_of(obj) == before

    def test_the_sibling_bureaus_editor_gets_404_and_changes_nothing(self, client, personas):
        client.force_login(getattr(personas.b, self.editor))
        obj = self.sample(personas.a)
        before = snapshot_of(obj)
        actions = ["detail", "history"] + ["edit"] * self.editable + ["delete"] * self.deletable
        for action in actions:
            assert client.get(self.url(action, obj)).status_code == 404
        if self.editable:
            assert client.post(self.url("edit", obj), self.edit_data(obj)).status_code == 404
        if self.deletable:
            assert client.post(self.url("delete", obj)).status_code == 404
        assert snapshot_of(obj) == before

    def test_it_deletes_as_editor_and_keeps_the_history(self, client, personas):
        if not self.deletable:
            return
        client.force_login(getattr(personas.a, self.editor))
        obj = self.deletable_sample(personas.a)
        model = type(obj)
        response = client.post(self.url("delete", obj))
        assert response.status_code == 302
        assert not model.objects.filter(pk=obj.pk).exists()
        assert model.history.filter(id=obj.pk, history_type="-").exists()

    def deletable_sample(self, bureau):
        return self.sample(bureau)


def client_data(data: dict):
    """``data`` as the test client posts it (a QueryDict of strings), to compare with a bound form's data."""
    from django.test.client import MULTIPART_CONTENT, RequestFactory

    return RequestFactory().post("/", data, content_type=MULTIPART_CONTENT).POST


def snapshot_of(obj) -> dict:
    from django.forms.models import model_to_dict

    return model_to_dict(type(obj)._base_manager.get(pk=obj.pk))


def discover_samples() -> None:
    """Each app registers the samples of its models in its own ``testing`` module; ``qizhi/conftest.py``
    imports them all once (not this module: the apps' ``testing`` modules import it)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("testing")


# --- Races: N simultaneous attempts, each in its own thread and database connection --------------


def race(attempts: int, attempt: Callable[[int], object]) -> list[object]:
    """Run ``attempt(i)`` for i in range(attempts) in as many threads, released together by a barrier;
    each one's result, or the exception it raised. Needs a transactional test (rows committed) and
    PostgreSQL (SQLite serializes writers on the file, so nothing races there)."""
    barrier = threading.Barrier(attempts)
    outcomes: list[object] = [None] * attempts

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = attempt(index)
        except Exception as exc:  # the refusal is the outcome under test
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def winners_and_refusals(outcomes: list[object]) -> tuple[list[object], list[Exception]]:
    """The attempts that succeeded and the ``ValidationError`` refusals; anything else is re-raised."""
    from django.core.exceptions import ValidationError

    won = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    for other in outcomes:
        if isinstance(other, BaseException) and not isinstance(other, ValidationError):
            raise other
    return won, refused


def sheet_table(content: bytes) -> list[dict]:
    """The rows of a report form written by ``core.sheets`` (headings on row 5) as dicts by heading."""
    import io

    from openpyxl import load_workbook

    from qizhi.core.sheets import HEADING_ROW

    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=HEADING_ROW, values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if any(v is not None for v in r)]


def fresh_queries(client, url: str, params: dict | None = None) -> int:
    """How many queries a page runs when it is computed afresh, for query-budget tests: after a first request
    (which may renew the session: ``SessionTouchMiddleware``, once a minute) and with the cache emptied (the
    rendered tables, the menu, the filter options and the figures cached under the data generation)."""
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    assert client.get(url, params or {}).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connections["default"]) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)
