"""One set of bounds for a value, whichever door it comes through (issue 10 §8), found by introspection:

- every date field of every domain model refuses 0001-01-01 and 9999-12-31 (``clean_fields``, which model
  forms, ``TrackedSerializer`` and imports run), and a date of something done or of a life refuses tomorrow;
- every date field of every form and serializer that is not a model field refuses them too;
- every text a form or serializer accepts has a length limit, its own or its model field's.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from rest_framework import serializers

import qizhi
from qizhi.core import bounds
from qizhi.core.api import TrackedSerializer
from qizhi.core.models import TrackedModel

IMPLAUSIBLE = [datetime.date(1, 1, 1), datetime.date(1800, 1, 1), datetime.date(9999, 12, 31)]


def _import_all() -> None:
    for module in pkgutil.walk_packages(qizhi.__path__, "qizhi."):
        if not any(part in module.name for part in (".tests", ".migrations", ".demo", "testing", "management")):
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


_import_all()


def model_dates() -> list[tuple[type, str]]:
    return sorted(
        (
            (model, field.name)
            for model in apps.get_models()
            if issubclass(model, TrackedModel)
            for field in model._meta.concrete_fields
            if type(field) is models.DateField and field.editable
        ),
        key=lambda item: (item[0]._meta.label, item[1]),
    )


MODEL_DATES = model_dates()
FORMS = sorted(
    {form for form in _subclasses(forms.BaseForm) if form.__module__.startswith("qizhi.")},
    key=lambda form: f"{form.__module__}.{form.__name__}",
)
SERIALIZERS = sorted(
    {
        s
        for s in _subclasses(serializers.BaseSerializer)
        if s.__module__.startswith("qizhi.") and (getattr(s, "Meta", None) or not issubclass(s, TrackedSerializer))
    },
    key=lambda s: f"{s.__module__}.{s.__name__}",
)


def model_field_names(model) -> set[str]:
    return {field.name for field in model._meta.fields} if model is not None else set()


def test_the_walk_finds_the_known_doors():
    labels = {f"{m._meta.label}.{name}" for m, name in MODEL_DATES}
    assert {"org.Person.birth_date", "study.StudyRecord.date", "meetings.Meeting.date"} <= labels
    names = {f.__name__ for f in FORMS} | {s.__name__ for s in SERIALIZERS}
    assert {"TransferForm", "StartTransferSerializer", "PersonForm", "ProgressInputSerializer"} <= names


def date_refusal(model, name, value) -> list:
    record = model()
    setattr(record, name, value)
    exclude = [f.name for f in model._meta.fields if f.name != name]
    try:
        record.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return exc.message_dict.get(name, [])
    return []


@pytest.mark.dated
@pytest.mark.parametrize(("model", "name"), MODEL_DATES, ids=[f"{m._meta.label}.{n}" for m, n in MODEL_DATES])
def test_every_model_date_is_bounded(model, name):
    kind = model.date_bounds.get(name, bounds.PLANNED)
    for value in IMPLAUSIBLE:
        if value >= kind.earliest and value <= kind.last():
            continue
        assert date_refusal(model, name, value), f"{model._meta.label}.{name} accepts {value}"
    assert not date_refusal(model, name, timezone.localdate()), f"{model._meta.label}.{name} refuses today"
    if kind.latest is None:
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        assert date_refusal(model, name, tomorrow) == ["日期不能晚于今天"]


def test_a_birth_date_from_1800_or_the_future_is_refused_and_1950_is_not():
    from qizhi.org.models import Person

    assert date_refusal(Person, "birth_date", datetime.date(1800, 5, 1)) == ["日期不能早于1900年1月1日"]
    assert date_refusal(Person, "birth_date", datetime.date(2100, 5, 1)) == ["日期不能晚于今天"]
    assert not date_refusal(Person, "birth_date", datetime.date(1950, 5, 1))


def test_a_long_text_is_refused_by_the_model():
    from qizhi.meetings.models import Meeting

    field = next(f for f in Meeting._meta.fields if isinstance(f, models.TextField))
    assert date_refusal(Meeting, field.name, "字" * (bounds.TEXT_MAX + 1))
    assert not date_refusal(Meeting, field.name, "字" * bounds.TEXT_MAX)


PASSWORD = forms.PasswordInput  # Django's own password fields (UserCreationForm) are its to bound


def unbounded_form_fields(form_class) -> list[str]:
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    own = model_field_names(model)
    found = []
    for name, field in form_class.base_fields.items():
        if name in own or field.disabled:
            continue
        if isinstance(field, forms.DateField):
            for value in ("0001-01-01", "9999-12-31"):
                try:
                    field.clean(value)
                except ValidationError:
                    continue
                found.append(f"{name} accepts {value}")
        elif type(field) is forms.CharField and field.max_length is None and not isinstance(field.widget, PASSWORD):
            found.append(f"{name} has no max_length")
    return found


@pytest.mark.parametrize("form_class", FORMS, ids=[f.__name__ for f in FORMS])
def test_every_form_field_that_is_not_a_model_field_is_bounded(form_class):
    assert not unbounded_form_fields(form_class), f"{form_class.__module__}.{form_class.__name__}"


def unbounded_serializer_fields(serializer_class) -> list[str]:
    meta = getattr(serializer_class, "Meta", None)
    model = getattr(meta, "model", None)
    # A TrackedSerializer runs the model's clean_fields: its model fields are bounded there.
    own = model_field_names(model) if issubclass(serializer_class, TrackedSerializer) else set()
    found = []
    for name, field in serializer_class().fields.items():
        if field.read_only or field.source in own:
            continue
        if isinstance(field, serializers.DateField):
            for value in ("0001-01-01", "9999-12-31"):
                try:
                    field.run_validation(value)
                except serializers.ValidationError:
                    continue
                found.append(f"{name} accepts {value}")
        elif isinstance(field, serializers.CharField) and field.max_length is None:
            found.append(f"{name} has no max_length")
        elif isinstance(field, serializers.ListField):
            child = field.child
            if isinstance(child, serializers.CharField) and child.max_length is None:
                found.append(f"{name}[] has no max_length")
    return found


@pytest.mark.parametrize("serializer_class", SERIALIZERS, ids=[s.__name__ for s in SERIALIZERS])
def test_every_serializer_field_that_is_not_a_model_field_is_bounded(serializer_class):
    assert not unbounded_serializer_fields(serializer_class), f"{serializer_class.__module__}"


def test_the_walker_sees_an_unbounded_field():
    class Loose(forms.Form):
        when = forms.DateField()
        why = forms.CharField()

    class LooseSerializer(serializers.Serializer):
        when = serializers.DateField()
        why = serializers.CharField()

    assert len(unbounded_form_fields(Loose)) == 3
    assert len(unbounded_serializer_fields(LooseSerializer)) == 3


def test_a_100000_character_transfer_reason_is_refused_by_the_api_as_by_the_form():
    from qizhi.party.api import StartTransferSerializer
    from qizhi.party.forms import TransferForm

    reason = "因" * 100_000
    with pytest.raises(ValidationError):
        TransferForm.base_fields["reason"].clean(reason)
    serializer = StartTransferSerializer(data={"reason": reason})
    assert not serializer.is_valid() and "reason" in serializer.errors
    assert TransferForm.base_fields["reason"].max_length == serializer.fields["reason"].max_length
