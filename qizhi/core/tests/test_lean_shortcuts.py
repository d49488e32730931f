"""core's shortcuts, on their own: ``LeanSelect`` against Django's ``Select`` for any choices, and ``DateColumn``
against django-tables2's for every kind of value and option (the pages are compared in test_lean_rendering)."""

from __future__ import annotations

import contextlib
import datetime

import django_tables2 as tables
import pytest
from django import forms
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from qizhi.core.filters import LeanSelect
from qizhi.core.tables import DateColumn, ObjectTable


@contextlib.contextmanager
def stock_rendering():
    """django-tables2's own rows and DateColumn, Django's own Select, for the duration."""
    patches = [
        (ObjectTable, "__init__", tables.Table.__init__),
        (DateColumn, "render", tables.DateColumn.render),
        (LeanSelect, "render", forms.Select.render),
    ]
    saved = [(owner, name, owner.__dict__[name]) for owner, name, _stock in patches]
    try:
        for owner, name, stock in patches:
            setattr(owner, name, stock)
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


CHOICE_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
CHOICES = st.lists(st.tuples(st.one_of(st.integers(-5, 500), CHOICE_TEXT), CHOICE_TEXT), max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    choices=CHOICES,
    grouped=st.lists(st.tuples(CHOICE_TEXT, CHOICES), max_size=3),
    value=st.one_of(st.none(), st.integers(-5, 500), CHOICE_TEXT, st.lists(CHOICE_TEXT, max_size=2)),
    attrs=st.dictionaries(
        st.sampled_from(["class", "id", "data-x", "disabled", "required", "title", "aria-label"]),
        st.one_of(st.booleans(), CHOICE_TEXT),
        max_size=4,
    ),
    name=st.sampled_from(["unit", "status", 'a"b', "<x>"]),
)
def test_lean_select_is_django_select(choices, grouped, value, attrs, name):
    """Any choices, groups, selected value, attributes and name, with quotes, ampersands and tags in them."""
    widget_choices = list(choices) + [(group, list(options)) for group, options in grouped]
    lean = LeanSelect(attrs=dict(attrs), choices=widget_choices).render(name, value)
    stock = forms.Select(attrs=dict(attrs), choices=widget_choices).render(name, value)
    assert str(lean) == str(stock)


@pytest.mark.parametrize(
    "value",
    [datetime.date(2026, 12, 3), datetime.date(1958, 1, 31), datetime.datetime(2026, 12, 3, 23, 30), None, ""],
)
@pytest.mark.parametrize("options", [{}, {"short": False}, {"format": "Y年n月j日"}, {"default": "—"}])
def test_date_column_is_django_tables2s(value, options):
    class Row:
        pass

    class Dates(ObjectTable):
        day = DateColumn(**options)

    row = Row()
    row.day = value
    lean = Dates([row]).as_html(RequestFactory().get("/"))
    with stock_rendering():
        stock = Dates([row]).as_html(RequestFactory().get("/"))
    assert lean == stock
