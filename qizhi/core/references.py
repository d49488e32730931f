"""Scoped references: every related field a user can set offers only the rows the user may reach.

One rule for every model form and serializer (the bases apply it after the subclass has built its
fields, so an app may narrow a choice further but never widen it):

- a field naming the record's *place* — the first step of the record's ``scope_path`` when it is a
  unit or a record of the same area (the plan a material belongs to, the meeting a point is made at),
  any other unit field, or a parent node of the same tree — offers what the user may *change* in
  the record's area: exactly the rows under which the saved record would still be the user's to
  edit;
- a person a record is *about* (a study record, a work log) is only to be seen: whose record one
  may keep is the service's decision (one's own, or others' with the right to approve);
- any other reference offers the related model's ``visible_to(user)``.

Because the queryset is narrowed, an id outside it is refused by the field itself, before any
domain rule runs, with the very message a nonexistent id gets. A field that must reach beyond the
user's scope on purpose is named in its form's or serializer's ``unscoped_references`` with the
reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from qizhi.accounts.roles import Action
from qizhi.core.scoping import UNIT_MODEL, scope_queryset


def _first_steps(model) -> dict[str, str]:
    """``{"plan": "unit__path"}`` for a model scoped by ``"plan__unit__path"``: the relation that
    places the record, and the path to the unit path from the related row."""
    scope_path = getattr(model, "scope_path", None)
    if not isinstance(scope_path, str) or "__" not in scope_path:
        return {}  # a tree's own path, or a record of two places (either suffices): no single place
    first, rest = scope_path.split("__", 1)
    return {first: rest}


def scoped_choices(queryset, user, *, model, name: str):
    """``queryset`` (a related field's choices) narrowed to what ``user`` may reference from ``model``."""
    from django.contrib.auth.models import AnonymousUser

    user = user if user is not None else AnonymousUser()
    related = queryset.model
    area = model._meta.app_label if model is not None else related._meta.app_label
    place = _first_steps(model).get(name) if model is not None else None
    related_path = getattr(related, "scope_path", None)
    if related_path is None:
        return queryset  # not a domain model (e.g. a user account): the meta-test lists these
    if place is not None and (related._meta.app_label == area or related._meta.label == UNIT_MODEL):
        return scope_queryset(queryset, user, Action.CHANGE, area=area, path_field=place)
    if model is not None and related is model:  # a parent node: the new node goes under it
        return queryset.editable_by(user)
    if related._meta.label == UNIT_MODEL:  # a unit a record is placed under, named by another field
        return scope_queryset(queryset, user, Action.CHANGE, area=area, path_field="path")
    return visible_choices(queryset, user)


def visible_choices(queryset, user):
    """``queryset`` narrowed to the rows ``user`` may see: any other reference, and a filter's choices."""
    related = queryset.model
    related_path = getattr(related, "scope_path", None)
    if related_path is None:
        return queryset  # not a domain model (e.g. a user account)
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return scope_queryset(queryset, user, Action.VIEW, area=related._meta.app_label, path_field=related_path)


def scope_form_fields(form, user, model, exempt: Iterable[str] = ()) -> None:
    """Narrow every model-choice field of a Django form."""
    from django import forms

    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        if isinstance(field, forms.ModelMultipleChoiceField):
            refuse_impossible_ids(field)
        if name not in exempt:
            field.queryset = scoped_choices(field.queryset, user, model=model, name=name)


def refuse_impossible_ids(field) -> None:
    """A multiple choice of rows answers an id no row can have (30 digits, 0) as an invalid choice;
    Django would send it to the database, which overflows (a 500). A single choice already does."""
    from django.core.exceptions import ValidationError
    from django.db import models

    from qizhi.core.params import to_id

    if field.to_field_name or not isinstance(field.queryset.model._meta.pk, models.AutoField | models.BigAutoField):
        return
    check = field._check_values

    def checked(values):
        for value in values if isinstance(values, list | tuple) else ():
            if isinstance(value, str | int) and to_id(value) is None:
                raise ValidationError(
                    field.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": value}
                )
        return check(values)

    field._check_values = checked


def scope_filter_fields(form, user) -> None:
    """Narrow every model-choice field of a filter form (django-filter builds one for a foreign key in
    ``filterset_fields``) to the rows ``user`` may see: filtering by another bureau's row is then an
    invalid choice, exactly as filtering by a row that does not exist."""
    from django import forms

    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = visible_choices(field.queryset, user)


def scope_serializer_fields(fields, user, model, exempt: Iterable[str] = ()) -> None:
    """Narrow every writable related field of a DRF serializer (``many=True`` ones through their child)."""
    from rest_framework import relations

    for name, field in fields.items():
        if name in exempt or field.read_only:
            continue
        target = field.child_relation if isinstance(field, relations.ManyRelatedField) else field
        queryset = getattr(target, "queryset", None)
        if isinstance(target, relations.RelatedField) and queryset is not None:
            source = field.source if field.source != "*" else name
            target.queryset = scoped_choices(queryset, user, model=model, name=source)
