"""Every reference a user can set is scoped: a foreign id is answered exactly like a missing one.

The meta-tests find their subjects by introspection — every API operation with a request body (from
the OpenAPI generator) and every ``TrackedModelForm`` subclass — and, for each writable related
field, compare what an administrator of bureau B gets for a row of bureau A and for an id that
does not exist: the same status, the same body (the id itself aside), and nothing written.
"""

from __future__ import annotations

import inspect
import json
import re

import pytest
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.utils.module_loading import autodiscover_modules
from drf_spectacular.generators import SchemaGenerator
from rest_framework import relations
from rest_framework.test import APIClient, APIRequestFactory

from qizhi.core.forms import TrackedModelForm
from qizhi.core.testing import SAMPLES, snapshot_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("personas_per_module")]  # see qizhi/conftest.py

MISSING = 987654321


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def foreign_row(model, personas):
    """A row of ``model`` in bureau A (the sample of a model reached only through another)."""
    if model not in SAMPLES:
        pytest.fail(f"{model._meta.label} is referenced by a form or serializer but has no sample in SAMPLES")
    return SAMPLES[model](personas.a)


def normalized(text: str, *ids) -> str:
    for pk in ids:
        text = re.sub(rf"\b{pk}\b", "<id>", text)
    return text


def catalog(model) -> bool:
    """Deployment-wide reference data (the indicator catalog): every user may name every row."""
    return getattr(model, "scope_path", None) is None or type(model._default_manager.all()).__name__.startswith(
        "Catalog"
    )


# --- The API ---------------------------------------------------------------------------------


def api_operations():
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        if method not in ("POST", "PATCH"):
            continue
        serializer = view.schema.get_request_serializer()
        if serializer is None:
            continue
        yield path, method, view, serializer if isinstance(serializer, type) else type(serializer)


def writable_relations(serializer_class, user, instance=None):
    request = APIRequestFactory().post("/")
    request.user = user
    serializer = serializer_class(instance, context={"request": request})
    for name, field in serializer.fields.items():
        if field.read_only or name in getattr(serializer_class, "unscoped_references", {}):
            continue
        many = isinstance(field, relations.ManyRelatedField)
        target = field.child_relation if many else field
        if isinstance(target, relations.RelatedField):
            yield name, target.queryset.model, many


OPERATIONS = list(api_operations())


@pytest.mark.parametrize(
    ("path", "method", "view", "serializer_class"), OPERATIONS, ids=[f"{m} {p}" for p, m, *_ in OPERATIONS]
)
def test_a_foreign_reference_through_the_api_is_answered_like_a_missing_one(
    path, method, view, serializer_class, personas
):
    b_admin = personas.b.admin
    if getattr(view, "queryset", None) is None:
        pytest.skip("not a record's route (the token exchange)")
    model = view.queryset.model
    own = SAMPLES[model](personas.b) if "{id}" in path else None
    url = path.replace("{id}", str(own.pk)) if own is not None else path
    client = APIClient()
    client.force_authenticate(b_admin)
    checked = 0
    made = getattr(getattr(serializer_class, "Meta", None), "model", None)
    instance = own if own is not None and made is model else None
    for name, related, many in writable_relations(serializer_class, b_admin, instance):
        if catalog(related):
            continue
        foreign = foreign_row(related, personas).pk
        answers = []
        for pk in (foreign, MISSING):
            count, before = model._base_manager.count(), own and snapshot_of(own)
            body = {name: [pk] if many else pk}
            if own is not None and hasattr(own, "version"):
                body["version"] = own.version
            response = client.generic(method, url, json.dumps(body), content_type="application/json")
            assert response.status_code < 500, (name, response.content[:500])
            assert model._base_manager.count() == count, f"{method} {path} {name}={pk} wrote a row"
            if own is not None:
                assert snapshot_of(own) == before, f"{method} {path} {name}={pk} changed the record"
            answers.append((response.status_code, normalized(response.content.decode(), pk)))
        assert answers[0] == answers[1], f"{method} {path}: {name} of another bureau answered differently"
        assert answers[0][0] in (400, 404), answers[0]
        checked += 1
    if not checked:
        pytest.skip("no writable reference to another bureau's rows")


# --- The filters -----------------------------------------------------------------------------


def api_lists():
    """Every API list route whose filters name rows by id through a model choice (``filterset_fields``
    on a foreign key builds one), with those filters' names."""
    from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter

    from qizhi.core.filters import FilterBackend

    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        if method != "GET" or "{" in path or getattr(view, "queryset", None) is None:
            continue
        filterset = FilterBackend().get_filterset_class(view, view.queryset)
        if filterset is None:
            continue
        for name, choice in filterset.base_filters.items():
            if isinstance(choice, ModelChoiceFilter | ModelMultipleChoiceFilter):
                yield path, name


LISTS = list(api_lists())


@pytest.mark.parametrize(("path", "name"), LISTS, ids=[f"{p} ?{n}=" for p, n in LISTS])
def test_a_foreign_id_in_an_api_filter_is_answered_like_a_missing_one(path, name, personas):
    from qizhi.core.filters import FilterBackend

    resolved = SchemaGenerator()
    resolved._initialise_endpoints()
    view = next(v for p, _r, m, v in resolved._get_paths_and_endpoints() if p == path and m == "GET")
    related = FilterBackend().get_filterset_class(view, view.queryset).base_filters[name].queryset.model
    foreign = foreign_row(related, personas).pk
    client = api_as(personas.b.admin)
    answers = []
    for pk in (foreign, MISSING):
        response = client.get(path, {name: pk})
        answers.append((response.status_code, normalized(response.content.decode(), pk)))
    assert answers[0] == answers[1], f"{path}?{name}= of another bureau answered differently: {answers}"


def test_no_filter_offers_another_bureaus_rows(personas):
    """Every list page's filter that names rows (a bulletin, a plan) offers only visible ones."""
    from django.test import RequestFactory
    from django.utils.module_loading import autodiscover_modules

    from qizhi.core.filters import ObjectFilterSet

    autodiscover_modules("filters")
    request = RequestFactory().get("/")
    request.user = personas.b.admin
    checked = 0
    for filterset_class in _subclasses(ObjectFilterSet):
        if not filterset_class.__module__.startswith("qizhi.") or filterset_class._meta.model is None:
            continue
        filterset = filterset_class({}, queryset=filterset_class._meta.model._default_manager.none(), request=request)
        for name, field in filterset.form.fields.items():
            if not isinstance(field, ModelChoiceField) or catalog(field.queryset.model):
                continue
            foreign = foreign_row(field.queryset.model, personas).pk
            assert not field.queryset.filter(pk=foreign).exists(), f"{filterset_class.__name__}.{name}"
            checked += 1
    assert checked


# --- The forms -------------------------------------------------------------------------------

autodiscover_modules("forms")
FORMS = sorted(
    (cls for cls in _subclasses(TrackedModelForm) if cls.__module__.startswith("qizhi.") and cls._meta.model),
    key=lambda cls: f"{cls.__module__}.{cls.__name__}",
)


def context_kwargs(form_class, personas) -> dict:
    """What an add form is opened *under* (a target's plan): its ``__init__`` keywords that name a
    relation of the form's model, filled with bureau B's row."""
    kwargs = {}
    for klass in form_class.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for name in inspect.signature(init).parameters:
            try:
                related = form_class._meta.model._meta.get_field(name).related_model
            except FieldDoesNotExist:
                continue
            if related in SAMPLES:
                kwargs[name] = SAMPLES[related](personas.b)
    return kwargs


def forms_of(form_class, personas):
    """The form as bureau B's administrator opens it to add a record, and to edit B's own."""
    model = form_class._meta.model
    try:
        yield form_class(user=personas.b.admin, **context_kwargs(form_class, personas))
    except ObjectDoesNotExist:
        assert model in SAMPLES, f"{form_class.__name__} only edits: its model needs a sample"
    if model in SAMPLES:
        yield form_class(user=personas.b.admin, instance=SAMPLES[model](personas.b))


def refusal(field, value) -> list[str] | None:
    try:
        field.clean(value)
    except ValidationError as exc:
        return [normalized(str(m), *(value if isinstance(value, list) else [value])) for m in exc.messages]
    return None


@pytest.mark.parametrize("form_class", FORMS, ids=[cls.__name__ for cls in FORMS])
def test_a_foreign_reference_in_a_form_is_refused_like_a_missing_one(form_class, personas):
    exempt = getattr(form_class, "unscoped_references", {})
    for form in forms_of(form_class, personas):
        for name, field in form.fields.items():
            if name in exempt or not isinstance(field, ModelChoiceField) or catalog(field.queryset.model):
                continue
            foreign = foreign_row(field.queryset.model, personas).pk
            many = isinstance(field, ModelMultipleChoiceField)
            answers = [refusal(field, [str(pk)] if many else str(pk)) for pk in (foreign, MISSING)]
            assert answers[1] is not None
            assert answers[0] == answers[1], f"{form_class.__name__}.{name} accepts a row of another bureau"
            choices = [value for value, _label in field.choices if value]
            assert all(str(value) != str(foreign) for value in choices), f"{name} offers another bureau's row"


# --- The four cases of the hostile-user test ---------------------------------------------------


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_study_plan_cannot_name_another_bureaus_branch(personas):
    from qizhi.party.testing import party_of
    from qizhi.study.models import StudyPlan

    branch = party_of(personas.a)["branch"]
    data = {"title": "学习计划", "party_org": branch.pk, "unit": personas.b.unit.pk}
    data |= {"start_date": "2026-03-01", "end_date": "2026-04-30"}
    response = api_as(personas.b.branch_secretary).post("/api/study/plans/", data, format="json")
    assert response.status_code == 400
    assert "party_org" in response.json()["errors"]
    assert not StudyPlan.objects.filter(party_org=branch, unit=personas.b.unit).exists()


def test_a_party_org_cannot_be_grafted_onto_another_bureaus_tree(personas):
    from qizhi.party.models import PartyOrg
    from qizhi.party.testing import party_of

    parent = party_of(personas.a)["branch"]
    count = PartyOrg.objects.count()
    data = {"name": "嫁接党小组", "kind": "group", "unit": personas.b.unit.pk, "parent": parent.pk}
    response = api_as(personas.b.party_affairs).post("/api/party/orgs/", data, format="json")
    assert response.status_code == 400 and "parent" in response.json()["errors"]
    assert PartyOrg.objects.count() == count


def test_a_life_meeting_point_names_no_one_of_another_bureau(personas):
    from qizhi.meetings.testing import meetings_of

    own_meeting = meetings_of(personas.b)["point"].meeting
    stranger = personas.a.people[0]
    data = {"meeting": own_meeting.pk, "kind": "criticism", "speaker": stranger.pk, "about": stranger.pk}
    data |= {"content": "批评意见"}
    response = api_as(personas.b.branch_secretary).post("/api/meetings/life-meeting-points/", data, format="json")
    assert response.status_code == 400
    text = response.content.decode()
    assert stranger.name not in text and "参会人" not in text
    assert set(response.json()["errors"]) >= {"speaker", "about"}

    foreign_meeting = meetings_of(personas.a)["point"].meeting
    answers = []
    for pk in (foreign_meeting.pk, MISSING):
        response = api_as(personas.b.branch_secretary).post(
            "/api/meetings/life-meeting-points/", data | {"meeting": pk, "speaker": personas.b.people[0].pk}
        )
        answers.append((response.status_code, normalized(response.content.decode(), pk)))
    assert answers[0] == answers[1]


def test_study_records_reflections_and_materials_refuse_another_bureaus_plan(personas):
    from qizhi.study.testing import study_of

    a, b = study_of(personas.a), study_of(personas.b)
    client = api_as(personas.b.branch_secretary)
    person = personas.b.people[0].pk
    cases = [
        ("/api/study/records/", {"person": person, "date": "2026-05-01", "minutes": 30}, "material",
         a["materials"][0].pk),
        ("/api/study/reflections/", {"person": person, "title": "心得", "content": "体会"}, "plan", a["plan"].pk),
        ("/api/study/materials/", {"number": 9, "title": "读物"}, "plan", a["plan"].pk),
    ]  # fmt: skip
    for url, data, field, foreign in cases:
        answers = []
        for pk in (foreign, MISSING):
            response = client.post(url, data | {field: pk}, format="json")
            answers.append((response.status_code, normalized(response.content.decode(), pk)))
        assert answers[0] == answers[1], url
        assert answers[0][0] == 400 and field in json.loads(answers[0][1])["errors"]
    assert b["plan"].materials.count() == 2
