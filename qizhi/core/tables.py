"""Base table for every list: Bootstrap classes, and rows rendered through per-column plans.

django-tables2 works out, for every cell, the render method's signature and the choice label
(``get_FOO_display()`` re-translates every lazy label). ``ObjectTable`` works each column out once
per table (``CellPlan``) with the same output: on a 50-row page that took the table from 27 ms to
7 ms (bench/README.md).

This mirrors django-tables2's ``BoundRow.get_cell`` and ``DateColumn``, so the library is pinned to one minor
version in ``pyproject.toml``, and ``core/tests/test_lean_rendering.py`` renders every list page the demo's
logins reach both ways and requires the same bytes: an upgrade that changes the stock output fails there.

A list page's table and filter bar are rendered once for all users of one scope until the next write
(``RenderedPart``); the view makes its filterset only when one of them is rendered.
"""

from __future__ import annotations

import hashlib

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django_tables2.columns.base import LinkTransform, library
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import A, signature

from qizhi.core import generations
from qizhi.core.scoping import sharing_signature


class CellPlan:
    """How one column's cells are rendered, worked out once per table instead of once per cell.

    django-tables2 does this work for every cell: it inspects the render method's signature and,
    for a field with choices, calls ``get_FOO_display()``, which hashes every (lazy) choice label
    and so translates each of them again. On a 50-row page that is most of the page's time
    (bench/README.md). The plan keeps django-tables2's semantics: the same value, empty values and
    default, the same render arguments, the same link.
    """

    def __init__(self, bound_column):
        self.bound_column = bound_column
        self.column = column = bound_column.column
        self.accessor = A(bound_column.accessor)
        self.render = bound_column.render
        self.args, self.takes_all = signature(self.render)
        self.link = bound_column.link
        # A plain ``linkify=True`` (no URL function, no reverse arguments, no <a> attributes) links
        # to get_absolute_url() of the column's value, or else of the record: done here directly.
        link = self.link
        self.plain_link = (
            isinstance(link, LinkTransform) and link.url is None and not link.reverse_args and not link.attrs
        )
        if self.plain_link:
            self.link_accessor = A(link.accessor if link.accessor is not None else bound_column.name)
        # Values are read here, through relations too (``person__birth_date``); many-to-many
        # columns, and any value the accessor cannot resolve, go through django-tables2's own code.
        self.direct = not isinstance(column, ManyToManyColumn)
        self._choices: dict[type, tuple[str, dict] | None] = {}

    def choices(self, record) -> tuple[str, dict] | None:
        """(attname, {value: label}) when the column shows a model field with choices, else None."""
        model = type(record)
        if model not in self._choices:
            found = None
            if isinstance(record, models.Model):
                try:
                    field = model._meta.get_field(str(self.accessor))
                except FieldDoesNotExist:
                    field = None
                if field is not None and getattr(field, "choices", None):
                    found = (field.attname, {value: str(label) for value, label in field.flatchoices})
            self._choices[model] = found
        return self._choices[model]

    def cell(self, row: BoundRow):
        if not self.direct:
            return BoundRow.get_cell(row, self.bound_column.name)
        record = row.record
        if choices := self.choices(record):
            attname, labels = choices
            raw = getattr(record, attname)
            value = labels.get(raw, raw)  # what get_FOO_display() returns
        else:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                return BoundRow.get_cell(row, self.bound_column.name)  # django-tables2's own fallbacks
        if value in self.column.empty_values:
            return self.bound_column.default
        kwargs = {
            "value": value,
            "record": record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": row.table,
        }
        if self.takes_all:
            content = self.render(**kwargs)
        elif all(arg in kwargs for arg in self.args):
            content = self.render(**{arg: kwargs[arg] for arg in self.args})
        else:
            content = None  # as django-tables2's call_with_appropriate
        if self.plain_link:
            target = self.link_accessor.resolve(record, quiet=True)
            if not hasattr(target, "get_absolute_url"):
                target = record
            if hasattr(target, "get_absolute_url"):
                href = target.get_absolute_url()
                return content if href is None else format_html('<a href="{}">{}</a>', href, content)
        return self.link(content, **kwargs) if self.link else content


@library.register  # model DateFields get this column too (user-registered columns are preferred)
class DateColumn(tables.DateColumn):
    """django-tables2's DateColumn, same output, without compiling its one-line template for every cell."""

    def __init__(self, format=None, short=True, *args, **kwargs):
        super().__init__(format, short, *args, **kwargs)
        self.date_format = format or ("SHORT_DATE_FORMAT" if short else "DATE_FORMAT")

    def render(self, value, bound_column):
        # The template was {{ value|date:format|default:default }}.
        return date_filter(value, self.date_format) or bound_column.default


class LeanRow(BoundRow):
    def items(self):
        for plan in self.table.cell_plans():
            bound_column = plan.bound_column
            bound_column.current_value = plan.cell(self)
            bound_column.current_record = self.record
            yield bound_column, bound_column.current_value


class LeanRows(BoundRows):
    def __iter__(self):
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        for record in self.data:
            yield LeanRow(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key):
        if isinstance(key, slice):
            return LeanRows(data=self.data[key], table=self.table, pinned_data=self.pinned_data)
        return LeanRow(record=self.data[key], table=self.table)


class ObjectTable(tables.Table):
    """The base of every list table: rows render through per-column plans (``CellPlan``)."""

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        per_page = 50
        empty_text = "没有符合条件的记录"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = LeanRows(data=self.data, table=self, pinned_data=self.pinned_data)

    def cell_plans(self) -> list[CellPlan]:
        # Built on first use, after the view has settled the visible columns and their order.
        if getattr(self, "_cell_plans", None) is None:
            self._cell_plans = [CellPlan(column) for column in self.columns]
        return self._cell_plans


class RenderedPart:
    """A part of a list page as the page shows it, rendered once for everyone with the same scope.

    ``ObjectListView`` puts its table and its filter bar in the context as these: ``{{ table }}`` reads the HTML
    from the cache, keyed by the data generation (every committed write moves it on: ``core.generations``), the
    language, the view, the part, whom it is shared with (``sharing_signature``: the scope's signature, the same
    exactly when the grants are, or the user alone where the rows or the filter's options are read by a
    ``visible_to`` that reads the user too), the full path with its query string (filters, sort, page) and the day.
    Only on a miss is the part built — the table's count and page queries run, the filterset's choices are read
    and its values checked — and rendered. Neither depends on anything else: every list reads ``visible_to(user)``
    filtered by the query string, and the filter choices follow the scope.
    """

    part = "part"

    def __init__(self, view, render):
        self.view, self.render = view, render

    def key(self) -> tuple:
        request = self.view.request
        where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        view = type(self.view)
        who = sharing_signature(request.user, self.view.models_read())
        # The day too: a row's light and an age filter follow the calendar, not only the writes.
        return (self.part, f"{view.__module__}.{view.__qualname__}", who, where, timezone.localdate())

    def __html__(self) -> str:
        if not self.view.table_cache:
            return self.render()
        return generations.cached(self.key(), self.render)

    __str__ = __html__


class RenderedTable(RenderedPart):
    """The list's table; ``build`` makes the django-tables2 table (counted, paginated, its page read)."""

    part = "table"

    def __init__(self, view, build):
        super().__init__(view, lambda: build().as_html(view.request))


class RenderedFilters(RenderedPart):
    """The list's filter bar (``core/_filter_form.html``): its choices, the values asked for and their errors."""

    part = "filters"

    def __init__(self, view):
        super().__init__(view, self.render_bar)

    def render_bar(self) -> str:
        context = {"filter": self.view.filterset, "request": self.view.request}
        return render_to_string("core/_filter_form.html", context)
