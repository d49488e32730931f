"""core's rendering shortcuts give the libraries' own output (issue 16 §1).

``ObjectTable`` renders its rows through per-column plans (``CellPlan``, ``LeanRows``), its ``DateColumn``
formats without a template per cell, and the filter bars' ``LeanSelect`` builds a select in Python. Each
stands in for code of django-tables2 or Django, so each is pinned to the versions in ``pyproject.toml`` and
proven equal to the stock output here, on the pages users see: every list page the demo's logins reach is
rendered with the shortcuts and again with the libraries' own code, and the two must be the same bytes.
A change of either library that the shortcuts do not follow fails this test.
"""

from __future__ import annotations

import re

import django_tables2 as tables
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import RequestFactory

from qizhi.core.tables import DateColumn, ObjectTable
from qizhi.core.tests.test_lean_shortcuts import stock_rendering
from qizhi.dashboard.tests.test_no_dead_links import walk

pytestmark = pytest.mark.django_db

TABLE = 'class="table table-sm table-hover align-middle mb-0"'  # ObjectTable's attrs
TOKEN = re.compile(r'(value="|nonce="|"X-CSRFToken": ?")[A-Za-z0-9+/=_-]{16,}')


def normalized(html: bytes) -> str:
    """The page without what differs on every render: the CSRF token's mask and the CSP nonce."""
    return TOKEN.sub(r"\1…", html.decode())


def test_the_stock_switch_switches(demo):
    """The comparison below is only worth something if the switch reaches the code that renders."""
    with stock_rendering():
        assert ObjectTable.__init__ is tables.Table.__init__
        assert "render" not in vars(DateColumn) or DateColumn.render is tables.DateColumn.render
    assert ObjectTable.__init__ is not tables.Table.__init__
    assert DateColumn.render is not tables.DateColumn.render


@pytest.mark.parametrize("login", ["admin", "court"])
def test_every_list_page_renders_as_the_libraries_would(client, demo, login):
    client.force_login(get_user_model().objects.get(username=login))
    pages = [url for url, (status, _source) in walk(client).items() if status == 200]
    compared, differing = 0, []
    for url in pages:
        lean = client.get(url)
        if TABLE not in lean.content.decode() and "<select" not in lean.content.decode():
            continue
        cache.clear()  # the rendered tables (core.tables.RenderedTable) are rendered afresh, the stock way
        with stock_rendering():
            stock = client.get(url)
        compared += 1
        if normalized(lean.content) != normalized(stock.content):
            differing.append(url)
    assert not differing, differing
    assert compared >= 10, f"only {compared} pages with a list table or a select were compared"


@pytest.mark.parametrize("login", ["admin"])
def test_a_table_renders_every_kind_of_cell_as_django_tables2_would(client, demo, login):
    """A table of every column kind the lists use (choices, dates, empty values, links, booleans), on the
    demo's people: the lean rows and django-tables2's own."""
    from qizhi.org.models import Person

    class People(ObjectTable):
        name = tables.Column(linkify=True)
        unit = tables.Column(linkify=True)
        political_status = tables.Column()
        birth_date = DateColumn()
        born = DateColumn(accessor="birth_date", default="—", format="Y年n月j日")
        retired = tables.BooleanColumn()
        position = tables.Column(default="（无）")
        gender = tables.Column()

        class Meta(ObjectTable.Meta):
            model = Person
            fields = ("name", "unit", "political_status", "birth_date", "born", "retired", "position", "gender")

    people = Person.objects.select_related("unit").order_by("pk")[:80]
    lean = People(people).as_html(RequestFactory().get("/"))
    with stock_rendering():
        stock = People(people).as_html(RequestFactory().get("/"))
    assert lean == stock
    assert lean.count("<tr") > 50
