"""Schemathesis against the OpenAPI schema: generated requests never make the API answer 500,
and every answer matches the schema (status codes, content type, body shape)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from qizhi.wsgi import application

# A few cases an operation in the suite; a deeper run: QIZHI_FUZZ_EXAMPLES=200 pytest this file.
EXAMPLES = int(os.environ.get("QIZHI_FUZZ_EXAMPLES", "8"))
RAW = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(RAW)
schema.app = application


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight into the WSGI app, whose request signals would close the database
    connection that holds the test's transaction (Django's test client disconnects them the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(personas):
    from qizhi.party.testing import party_of

    party_of(personas.a)
    return Token.objects.create(user=personas.a.party_affairs).key


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
@pytest.mark.usefixtures("personas_per_module")  # see qizhi/conftest.py
def test_the_api_never_fails_on_generated_input(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
