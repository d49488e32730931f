"""Every URL pattern and API route, walked by every role of two sibling bureaus.

Nobody reads or changes the other bureau's rows: detail/edit/delete/history of a row of the
sibling bureau answer 404 and leave it unchanged; lists, exports and API lists never show it.
A new route whose model has no sample in ``qizhi.core.testing.SAMPLES`` fails here by name.
"""

from __future__ import annotations

import io

import pytest
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from qizhi.core.testing import SAMPLES
from qizhi.org.testing import Bureau

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("personas_per_module")]  # see qizhi/conftest.py

# Routes that hold no domain rows, each with the reason.
EXEMPT = {
    "healthz": "health check, no data",
    "accounts:login": "login form",
    "accounts:logout": "logout",
    "accounts:role_table": "the role table generated from roles.py: the same for everyone, no rows",
    "api-token": "token exchange, tested in accounts",
    "api-schema": "OpenAPI schema, no rows",
    "api-docs": "Swagger UI, no rows",
    "core:attachment_add": "addressed by the record, not the file; covered by test_attachments (sibling record: 404)",
    "core:notification_read_all": "POST-only, acts on the caller's own inbox; covered by test_notifications",
    "core:notification_preferences": "the caller's own channel settings; covered by test_channels",
    "targets:target_add": "addressed by its plan; covered by targets/tests/test_pages (the sibling's plan: 404)",
    "targets-scores": "figures endpoint; covered by test_figures_endpoint_is_scoped",
    "targets:ranking": "figures page; covered by targets/tests/test_pages (the sibling's unit: the user's own)",
    "targets:ranking_export": "figures file; covered by targets/tests/test_pages",
    "core:home": "shows only the user's own units; covered by test_home_shows_only_own_units",
    "core:todo": "the caller's own 待办, each provider scoped; covered by core/tests/test_todo (sibling: nothing)",
    "core:todo_count": "the caller's own 待办 count; covered by core/tests/test_todo",
    "core-todo": "the caller's own 待办 (API); covered by core/tests/test_todo",
    "org-figures": "figures endpoint; covered by test_figures_endpoint_is_scoped",
    "party-figures": "figures endpoint; covered by test_figures_endpoint_is_scoped",
    "statistics-rollup": "figures endpoint; covered by test_figures_endpoint_is_scoped",
    "statistics-paragraph": "figures endpoint; covered by test_figures_endpoint_is_scoped",
    "meetings-compliance": "figures endpoint; covered by test_figures_endpoint_is_scoped",
    "dues-standard": "the 2008 dues rule applied to a number given in the query: no rows",
    "dues-ledger": "figures endpoint by party_org; covered by dues/tests/test_api.py (the sibling's branch: 404)",
    "points-ranking": "figures endpoint by party_org; covered by points/tests (the sibling's branch: 404)",
    "veterans-figures": "figures endpoint; covered by test_figures_endpoint_is_scoped",
    "points:pointrule_list": "the deployment-wide rule table (积分细则), the same for every bureau",
    "points-api:pointrule-list": "the deployment-wide rule table (积分细则), the same for every bureau",
    "points-api:pointrule-detail": "the deployment-wide rule table (积分细则), the same for every bureau",
    "statistics-api:indicator-list": "the deployment-wide indicator catalog, the same for every bureau",
    "statistics-api:indicator-detail": "the deployment-wide indicator catalog, the same for every bureau",
    "statistics:rollup": "figures page; covered by test_the_rollup_page_refuses_the_sibling_bureau",
    "statistics:rollup_export": "figures file; covered by test_the_rollup_page_refuses_the_sibling_bureau",
    "core:export_log": "administrators only (403 for every other role); documents/tests/test_xlsx_exports.py",
    "honors-figures": "figures endpoint; covered by test_figures_endpoint_is_scoped",
    "honors:wall": "a unit's wall by ?unit=; the sibling's unit is 404 (honors/tests/test_honors.py)",
    "honors:register": "a unit's register by ?unit=; the sibling's unit is 404 (honors/tests/test_honors.py)",
    "appraisals:my": "the caller's own rolls only; covered by appraisals/tests/test_pages.py",
    "appraisals-api:round-for-election": "POST addressed by the election in its body; the sibling's election is 404 "
    "(appraisals/tests/test_elections.py)",
    "documents:year_summary": "a unit's document by ?unit=; the sibling's unit is 404 (documents/tests/test_official)",
    "documents:documenttemplate_starter": "a starter .docx generated from the kind's variables: no rows",
    "publicity-figures": "figures endpoint; the sibling's unit is 404 (publicity/tests/test_figures.py)",
    "disclosure:propose": "addressed by ?kind=&object=; the sibling's record is 404 (disclosure/tests/test_pages.py)",
    "disclosure-api:disclosure-propose": "POST addressed by kind and object; the sibling's record is refused "
    "(disclosure/tests/test_pages.py)",
    "public:portal": "the public portal (no login): every bureau's published texts, by design (disclosure/tests)",
    "public:item": "the public portal (no login): a published text, by design (disclosure/tests/test_public.py)",
    "public:kiosk": "the public kiosk (no login): every bureau's published texts, by design (disclosure/tests)",
    "public:kiosk_list": "the public kiosk (no login): every bureau's published texts, by design (disclosure/tests)",
    "public:kiosk_item": "the public kiosk (no login): a published text, by design (disclosure/tests/test_public.py)",
    "public:feed": "the public Atom feed (no login): every bureau's published texts, by design (disclosure/tests)",
    "reception-figures": "figures endpoint; covered by reception/tests/test_pages.py (the sibling's unit: 404)",
    "reception:case_act": "POST actions addressed by the case; covered by reception/tests/test_pages.py (sibling: 404)",
    "reception:letter_write": "a letter to one's own bureau's director: no rows shown",
    "reception:my_letters": "the caller's own signed letters only; covered by reception/tests/test_letters.py",
    "reception_public:status": "public status page by number and query code; reception/tests/test_public_status.py",
    "reception_public:letter": "public letter form, no rows shown",
    "campaigns:my_items": "the caller's own items and consultations; campaigns/tests/test_opinions, test_rectification",
    "campaigns:rectification_bulk": "POST-only, acts on editable_by rows only; campaigns/tests/test_rectification",
    "campaigns-figures": "figures endpoint by ?campaign=; the sibling's campaign is 404 (campaigns/tests/test_api.py)",
    "campaigns_public:rectification": "public by design (no login): only items marked public; campaigns/tests",
    "campaigns_public:rectification_list": "the same public page under the address the disclosure portal links",
    "campaigns_public:opinion": "the public opinion form (no login, rate-limited); campaigns/tests/test_opinions.py",
}
_CATALOG = "the deployment-wide working-day calendar and rule table, the same for every bureau"
for _model in ("calendarday", "clockrule"):
    EXEMPT.update({f"reception:{_model}_{a}": _CATALOG for a in ("list", "add", "detail", "edit", "delete", "history")})
    EXEMPT.update({f"reception-api:{_model}-{a}": _CATALOG for a in ("list", "detail")})
EXEMPT.update(
    {
        f"meetings:compliancerule_{a}": "the deployment-wide rules of organizational life, the same for every bureau, "
        "administrators only (meetings/tests/test_compliance_rules.py)"
        for a in ("list", "add", "edit", "history")
    }
)
EXEMPT_NAMESPACES = {"admin": "Django admin: superusers only (core/tests/test_catalog_keepers.py)"}


def walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            if namespace and entry.namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def route_model(pattern: URLPattern):
    callback = pattern.callback
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    model = getattr(view, "model", None)
    if isinstance(model, type):
        return model
    queryset = getattr(view, "queryset", None)
    return queryset.model if queryset is not None else None


def has_pk(pattern: URLPattern) -> bool:
    return "pk" in pattern.pattern.regex.groupindex


ROUTES = [(name, pattern) for name, pattern in walk(get_resolver().url_patterns) if name not in EXEMPT]


def users_of(bureau: Bureau):
    return list(bureau.users.values())


def snapshot(obj):
    obj = type(obj)._base_manager.filter(pk=obj.pk).first()
    return None if obj is None else model_to_dict(obj)


# The two bureaus are built alike: the mirror direction runs on SQLite only (CI time; marker one_engine).
DIRECTIONS = ["a_reads_b", pytest.param("b_reads_a", marks=pytest.mark.one_engine)]


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("name,pattern", ROUTES, ids=[name for name, _ in ROUTES])
def test_nobody_reaches_the_sibling_bureaus_rows(client, personas, name, pattern, direction):
    model = route_model(pattern)
    assert model is not None, f"{name}: its view declares no model/queryset; declare one or exempt it"
    assert model in SAMPLES, f"{name}: register a sample of {model.__name__} in qizhi.core.testing.SAMPLES"
    own, other = (personas.a, personas.b) if direction == "a_reads_b" else (personas.b, personas.a)
    target = SAMPLES[model](other)
    if name.endswith(("_deleted", "_restore")):
        return check_recycle_bin(client, name, pattern, target, users_of(own))
    before = snapshot(target)
    api = name.endswith("-detail") or name.endswith("-list")
    for user in users_of(own):
        client.force_login(user)
        if has_pk(pattern):
            url = reverse(name, kwargs={"pk": target.pk})
            assert client.get(url).status_code in (404, 405), (name, user.username)  # 405: a POST-only action
            if api:
                for method in ("put", "patch", "delete"):
                    response = getattr(client, method)(url, data={}, content_type="application/json")
                    assert response.status_code in (403, 404, 405), (name, method, user.username)
            else:
                assert client.post(url, data={}).status_code in (403, 404, 405), (name, user.username)
                if client.get(url).status_code == 405:
                    assert client.post(url, data={}).status_code in (403, 404), (name, user.username)
        else:
            response = client.get(reverse(name))
            assert response.status_code in (200, 403), (name, user.username, response.status_code)
            if response.status_code == 200:
                assert_not_shown(response, target, name)
    assert snapshot(target) == before, f"{name} changed the sibling bureau's row"


def check_recycle_bin(client, name, pattern, target, users):
    """The sibling bureau's deleted rows are neither listed nor restorable."""
    pk = target.pk
    target.delete()
    record = type(target).history.get(id=pk, history_type="-")
    for user in users:
        client.force_login(user)
        if "history_id" in pattern.pattern.regex.groupindex:
            response = client.post(reverse(name, kwargs={"history_id": record.history_id}))
            assert response.status_code in (403, 404), (name, user.username)
        else:
            response = client.get(reverse(name))
            assert response.status_code in (200, 403), (name, user.username)
            assert str(target) not in response.content.decode(), (name, user.username)
    assert not type(target).objects.filter(pk=pk).exists(), f"{name} restored the sibling bureau's row"


def assert_not_shown(response, target, name):
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None}
        assert str(target) not in values, name
    elif "json" in content_type:
        body = response.json()
        rows = body.get("results", body) if isinstance(body, dict) else body
        if isinstance(rows, list):
            assert target.pk not in {row.get("id") for row in rows if isinstance(row, dict)}, name
    else:
        html = response.content.decode()
        if hasattr(target, "get_absolute_url"):
            assert target.get_absolute_url() not in html, name
        assert str(target) not in html, name


def test_every_route_is_walked_or_exempt():
    """A guard for the guard: the matrix above really enumerates the project's routes."""
    names = {name for name, _ in ROUTES}
    assert {"org:person_list", "org:person_detail", "org:person_export", "org-api:person-detail"} <= names
    assert {"org:unit_tree", "accounts:grant_list", "core:import_job"} <= names


def test_home_shows_only_own_units(client, personas):
    client.force_login(personas.a.leader)
    html = client.get(reverse("core:home")).content.decode()
    assert personas.a.unit.name in html
    assert personas.b.unit.name not in html


FIGURE_PARAMS = {
    "statistics-rollup": {"start": "2025-01", "end": "2025-12"},
    "statistics-paragraph": {"year": 2025},
    "targets-scores": {"year": 2026},
    "meetings-compliance": {"year": 2025},
    "veterans-figures": {"year": 2026},
}


@pytest.mark.parametrize(
    "name",
    [
        "org-figures",
        "party-figures",
        "statistics-rollup",
        "statistics-paragraph",
        "targets-scores",
        "meetings-compliance",
        "veterans-figures",
        "honors-figures",
    ],
)
def test_figures_endpoint_is_scoped(client, personas, name):
    client.force_login(personas.a.leader)
    params = FIGURE_PARAMS.get(name, {})
    assert client.get(reverse(name), {"unit": personas.a.unit.pk, **params}).status_code == 200
    response = client.get(reverse(name), {"unit": personas.b.unit.pk, **params})
    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_rollup_page_refuses_the_sibling_bureau(client, personas):
    client.force_login(personas.a.leader)
    page = client.get(reverse("statistics:rollup"), {"unit": personas.b.unit.pk, "start": "2025-01", "end": "2025-12"})
    assert "不在您的权限范围内" in page.content.decode()
    assert 'id="rollup"' not in page.content.decode()
    export = client.get(
        reverse("statistics:rollup_export"), {"unit": personas.b.unit.pk, "start": "2025-01", "end": "2025-12"}
    )
    assert export.status_code == 302  # back to the form, which names the refused unit; no file
