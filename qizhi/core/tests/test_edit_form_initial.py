"""Every edit form opens on the record's own values (issue 10 §8): a field that opens blank — or on a
value its choices do not offer, which a browser shows as blank — moves the record on one careless save.

The routes are every named ``…_edit`` URL of a record (``pk``) whose model has a sample; each is opened
by every persona of the sample's bureau who may open it (and a superuser), and every form field that is
a field of the model must show the stored value, among its choices where it has choices.
"""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.models import model_to_dict
from django.urls import get_resolver, reverse

from qizhi.core.testing import SAMPLES
from qizhi.core.tests.test_edit_versions import walk
from qizhi.org.testing import make_user

pytestmark = pytest.mark.django_db


def edit_routes() -> list[tuple[str, type]]:
    found = []
    for name, pattern in walk(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        queryset = getattr(view, "queryset", None)
        if name.endswith("_edit") and "pk" in pattern.pattern.converters and queryset is not None:
            found.append((name, queryset.model))
    return sorted(found, key=lambda item: item[0])


EDIT_ROUTES = edit_routes()


def test_the_walk_finds_every_kind_of_edit_route():
    names = dict(EDIT_ROUTES)
    for name in ("org:person_edit", "party:partyorg_edit", "party:term_edit", "study:material_edit",
                 "meetings:lifemeetingpoint_edit", "study:studyrecord_edit", "statistics:statreport_edit"):  # fmt: skip
        assert name in names


def normalized(field: forms.Field, value) -> object:
    """A value as the form would render it: pks for references, ISO text for dates, text otherwise."""
    value = field.prepare_value(value)
    if isinstance(value, list | tuple | set):
        return sorted(str(getattr(v, "pk", v)) for v in value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10] if type(value) is datetime.date else value.isoformat()
    value = getattr(value, "pk", value)
    return "" if value is None else str(value)


def offered(field: forms.Field) -> set[str]:
    return {str(getattr(choice, "value", choice)) for choice, _label in field.choices}


def mismatches(form, record) -> list[str]:
    """The model fields of ``form`` that do not open on ``record``'s value."""
    stored = model_to_dict(record)
    found = []
    for name, field in form.fields.items():
        if name not in stored or name == "version" or isinstance(field.widget, forms.PasswordInput):
            continue
        shown, expected = normalized(field, form[name].value()), normalized(field, stored[name])
        if shown != expected:
            found.append(f"{name}: opens on {shown!r}, the record has {expected!r}")
        elif isinstance(field, forms.ChoiceField) and expected not in ("", []):
            missing = set(expected if isinstance(expected, list) else [expected]) - offered(field)
            if missing:
                found.append(f"{name}: the record's {sorted(missing)} is not among the choices (shown blank)")
    return found


def _returned_report(report, personas):
    from qizhi.targets import services

    superuser = make_user("initial_reviewer", is_superuser=True)
    return services.return_progress(report, by=superuser, reason="请补充调处台账")


# A route that opens only in one state of its record: how to bring the sample there.
PREPARE = {"targets:progressreport_edit": _returned_report}


def openers(personas):
    yield "superuser", make_user("initial_superuser", is_superuser=True)
    yield from personas.a.users.items()


@pytest.mark.parametrize(("name", "model"), EDIT_ROUTES, ids=[n for n, _m in EDIT_ROUTES])
def test_an_edit_form_opens_on_the_records_values(client, personas, name, model):
    if model not in SAMPLES:
        pytest.fail(f"{model.__name__} has an edit route but no sample in qizhi.core.testing.SAMPLES")
    record = SAMPLES[model](personas.a)
    if name in PREPARE:
        PREPARE[name](record, personas)
    record = type(record)._base_manager.get(pk=record.pk)
    url = reverse(name, args=[record.pk])
    opened, failures = [], []
    for role, user in openers(personas):
        client.force_login(user)
        response = client.get(url)
        if response.status_code != 200 or "form" not in (response.context or {}):
            continue
        opened.append(role)
        failures += [f"{role}: {problem}" for problem in mismatches(response.context["form"], record)]
    assert opened, f"nobody could open {url}"
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)


def test_the_walker_sees_a_blank_reference(client, personas, monkeypatch):
    """A form that narrows its unit choices past the record's own unit is caught."""
    from qizhi.org.forms import PersonForm
    from qizhi.org.models import Unit

    original = PersonForm.__init__

    def narrowed(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.none()

    monkeypatch.setattr(PersonForm, "__init__", narrowed)
    client.force_login(personas.a.admin)
    person = personas.a.people[0]
    form = client.get(reverse("org:person_edit", args=[person.pk])).context["form"]
    assert any(problem.startswith("unit:") for problem in mismatches(form, person))
