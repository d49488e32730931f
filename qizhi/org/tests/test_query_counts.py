"""List and unit pages run a bounded number of queries, however many rows there are."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qizhi.core.scoping import forget_scope
from qizhi.org.models import Unit
from qizhi.org.testing import make_person

pytestmark = pytest.mark.django_db


def queries_for(client, user, url) -> int:
    """The queries of a page computed afresh: after a first request (which may renew the session, once a
    minute) and with the cache emptied (the rendered tables, the figures)."""
    forget_scope(user)
    client.force_login(user)
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(personas, people: int, units: int = 0):
    for i in range(units):
        Unit.objects.add_child(personas.a.unit, create_kwargs={"name": f"新所{i}", "kind": "judicial_office"})
    for i in range(people):
        make_person(personas.a.office, f"人员{i}")


@pytest.mark.parametrize(
    "url", ["/org/people/", "/org/people/?q=ry&retired=0", "/org/units/", "/org/units/tree/", "/accounts/grants/"]
)
def test_list_pages_do_not_grow_with_rows(client, personas, url):
    user = personas.a.admin
    grow(personas, people=2, units=1)
    small = queries_for(client, user, url)
    grow(personas, people=60, units=8)
    assert queries_for(client, user, url) == small
    assert small <= 12


def test_the_unit_page_does_not_grow_with_rows(client, personas, django_assert_max_num_queries):
    url = f"/org/units/{personas.a.unit.pk}/"
    small = queries_for(client, personas.a.leader, url)
    grow(personas, people=40, units=8)
    assert queries_for(client, personas.a.leader, url) == small
    assert small <= 16


def test_the_people_api_does_not_grow_with_rows(client, personas):
    small = queries_for(client, personas.a.leader, "/api/org/people/")
    grow(personas, people=30)
    assert queries_for(client, personas.a.leader, "/api/org/people/") == small
