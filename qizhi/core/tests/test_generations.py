"""The data generation and each app's own: a write moves the data's and its app's, and a value cached on a few
apps is kept across every other app's writes. A value names the apps whose tables it reads; the last tests hold
each such value to the tables its computation really queries, so a missed dependency fails here and does not
show a stale figure (docs/design.md, "What pages cache")."""

from __future__ import annotations

import re

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qizhi.core import generations
from qizhi.meetings import services as meeting_services
from qizhi.meetings.services.report import READS as COMPLIANCE_READS
from qizhi.org import filters as org_filters
from qizhi.org.models import Unit
from qizhi.party import filters as party_filters
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db

TABLES = {model._meta.db_table: model._meta.app_label for model in django_apps.get_models(include_auto_created=True)}


def apps_read(queries) -> set[str]:
    """The apps whose tables the captured statements read."""
    names = set()
    for query in queries:
        names.update(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', query["sql"]))
    unknown = {name for name in names if name not in TABLES and not name.startswith("U")}  # U0: Django's aliases
    assert not unknown, unknown
    return {TABLES[name] for name in names if name in TABLES}


def test_a_write_moves_the_data_generation_and_its_apps_alone(personas):
    before = {key: generations.version(key) for key in (None, ("org",), ("meetings",), ("party",))}
    personas.a.office.name = "办公室（改）"
    personas.a.office.save()
    after = {key: generations.version(key) for key in before}
    assert after[None] != before[None] and after[("org",)] != before[("org",)]
    assert after[("meetings",)] == before[("meetings",)] and after[("party",)] == before[("party",)]


def test_a_value_kept_on_its_apps_is_computed_again_only_after_their_writes(personas, monkeypatch):
    calls = []
    real = org_filters._unit_choices
    monkeypatch.setattr(org_filters, "_unit_choices", lambda *args: calls.append(1) or real(*args))
    user = personas.a.leader
    first = org_filters.unit_choices(user)
    party_of(personas.a)  # organizations and members: writes of the party app ...
    generations.changed(django_apps.get_model("meetings", "Meeting"))  # ... and of meetings
    assert org_filters.unit_choices(user) == first and len(calls) == 1  # kept across other apps' writes
    personas.a.office.name = "综合室"
    personas.a.office.save()  # a unit's save: computed again
    assert ("\u3000综合室" in dict(org_filters.unit_choices(user)).values()) and len(calls) == 2
    Unit.objects.filter(pk=personas.a.office.pk).update(name="办公室")  # an UPDATE sends no signal ...
    assert "\u3000综合室" in dict(org_filters.unit_choices(user)).values() and len(calls) == 2
    generations.changed(Unit)  # ... which is why bulk writes call changed() themselves
    assert "\u3000办公室" in dict(org_filters.unit_choices(user)).values() and len(calls) == 3


def test_a_bulk_import_moves_its_apps_generation(client, personas):
    from qizhi.org.tests.test_import_export import confirm, row, upload, xlsx

    client.force_login(personas.a.party_affairs)
    checked = upload(client, xlsx([row("李明", 501)]))
    before = generations.version(("org",))
    assert confirm(client, checked).status_code == 302
    assert generations.version(("org",)) != before  # the rows went in by bulk_create, which sends no signal


def test_the_unit_options_read_only_the_apps_they_are_kept_on(personas):
    user = personas.a.leader
    org_filters.scope_of(user).signature()  # the grants are the key's, read before
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        org_filters.unit_choices(user, personas.a.office.pk)
    assert queries.captured_queries and apps_read(queries) <= set(org_filters.UNIT_CHOICES_READ)


def test_the_party_organization_options_read_only_the_apps_they_are_kept_on(personas):
    party_of(personas.a)
    user = personas.a.leader
    party_filters.scope_of(user).signature()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        party_filters.party_org_choices(user)
    assert queries.captured_queries and apps_read(queries) <= set(party_filters.PARTY_ORG_CHOICES_READ)


def test_the_compliance_report_reads_only_the_apps_its_page_is_kept_on(personas):
    import datetime

    from qizhi.meetings.choices import MeetingKind
    from qizhi.meetings.tests.conftest import hold, make_branch

    org, people = make_branch(personas, members=3)
    for day in (3, 10, 17):
        hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, day), absent=people[:1])
    period = meeting_services.parse_period("2025")
    with CaptureQueriesContext(connection) as queries:
        report = meeting_services.compliance(unit=personas.a.unit, period=period)
    assert report.absentees and apps_read(queries) == set(COMPLIANCE_READS)  # each named app is read, no other


def test_a_users_new_name_moves_the_generation_and_a_sign_in_does_not(personas):
    """Lists name users (the grants' 姓名, a case's owner): a rename shows at the next request; signing in, which
    stamps ``last_login`` alone, changes nothing shown."""
    user = personas.a.leader
    before = generations.current()
    user.save(update_fields=["last_login"])
    assert generations.current() == before
    user.first_name = "改过的名字"
    user.save()
    assert generations.current() > before
