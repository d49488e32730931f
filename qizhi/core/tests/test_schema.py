"""The OpenAPI document is generated once per process and language, and is the same whoever asks."""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator

from qizhi.core.schema import forget_documents

pytestmark = [pytest.mark.django_db]

JSON = {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}


@pytest.fixture
def generations(monkeypatch):
    """Counts the documents drf-spectacular generates."""
    calls = []
    original = SchemaGenerator.get_schema

    def counted(self, request=None, public=False):
        calls.append(public)
        return original(self, request=request, public=public)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counted)
    forget_documents()
    yield calls
    forget_documents()


def document(client, **params):
    response = client.get("/api/schema/", params, **JSON)
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


def test_the_document_is_generated_once_per_language(client, generations):
    first = document(client)
    assert "/api/org/people/" in first["paths"]
    assert document(client) == first
    assert document(client, lang="zh-hans") == first  # the default language, asked by name
    assert len(generations) == 1

    english = document(client, lang="en")
    assert english != first and len(generations) == 2
    assert document(client, lang="en") == english and len(generations) == 2


@pytest.mark.parametrize(("param", "message"), [("lang", "不支持的语言"), ("version", "接口只有一个版本")])
def test_a_language_or_version_that_does_not_exist_is_refused_not_generated(client, generations, param, message):
    """Each such value was a new document (``?version=<script>`` was written into ``info.version``);
    kept, they would grow the process without bound."""
    for junk in ("abc", "de", "2.0", "<script>", "x" * 5000):
        response = client.get("/api/schema/", {param: junk}, **JSON)
        assert response.status_code == 400
        assert message in json.loads(response.content)["errors"][param][0]
    assert client.get("/api/schema/", {param: "\x00"}, **JSON).status_code == 400  # the null-byte guard's
    assert generations == []


def test_who_asks_does_not_change_the_document(client, personas, generations):
    """Serializers scope their references' querysets by the user, which the document never lists; no
    field appears or disappears by who asks, so one kept document serves everyone."""
    anonymous = document(client)
    documents = []
    for user in (personas.a.admin, personas.a.staff):
        forget_documents()
        client.force_login(user)
        documents.append(document(client))
    assert len(generations) == 3
    assert documents == [anonymous, anonymous]


def test_a_changed_setting_drops_the_kept_documents(client, settings, generations):
    document(client)
    settings.ROOT_URLCONF = settings.ROOT_URLCONF  # as a test's override does: the setting_changed signal
    document(client)
    assert len(generations) == 2
    settings.CACHES = settings.CACHES  # a setting the document is not made from
    document(client)
    assert len(generations) == 2
