"""Every model of the project has declared CRUD tests, an API route, a filterset and a scoping sample,
or an entry in EXEMPTIONS saying why not."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.urls import get_resolver, reverse

import qizhi
from qizhi.accounts.models import Grant
from qizhi.core.models import Attachment, ImportJob, Notification, WorkflowEvent
from qizhi.core.testing import SAMPLES, ScopedCrudTests
from qizhi.meetings.models import Attendance, LifeMeetingPoint
from qizhi.party.models import Officer, Term, Transfer
from qizhi.statistics.models import Indicator, ParagraphTemplate, StatTotal, StatValue
from qizhi.study.models import Material
from qizhi.targets.models import Milestone, ModelPost, ProgressReport, ScoreAdjustment, Supervision, Target

EXEMPTIONS: dict[type, str] = {
    Indicator: "deployment-wide catalog, read by every user: not a bureau's row (no scoping sample)",
    ParagraphTemplate: "deployment-wide template, read by every user: not a bureau's row (no scoping sample)",
    ImportJob: "an uploader's own import record, not a domain row: reachable only by its owner (test_import_export)",
    WorkflowEvent: "shown only on its record's page, which is scoped; no route of its own (statistics/tests)",
    StatTotal: "a rebuildable summary of StatValue, never a page or route of its own: read only by the roll-up "
    "services for a unit the caller already resolved through visible_to (statistics/tests/test_totals.py)",
}
CRUD_EXEMPTIONS: dict[type, str] = {
    Term: "created and edited from its organization's page; tested in party/tests/test_officers.py",
    Officer: "appointed and removed from its organization's page; tested in party/tests/test_officers.py",
    Transfer: "changed only by its workflow actions; tested in party/tests/test_transfers.py",
    Indicator: "the deployment's catalog: shipped as data, edited by administrators in the Django admin",
    ParagraphTemplate: "the paragraph's text: edited by administrators in the Django admin",
    StatValue: "the cells of a report: entered through the report's values form (statistics/tests)",
    Attendance: "generated from the members on the meeting's date; marked on the attendance sheet (meetings/tests)",
    LifeMeetingPoint: "added and edited from its life meeting's page; tested in meetings/tests/test_life_meetings.py",
    Material: "added and edited from its study plan's page; tested in study/tests/test_study.py",
    Notification: "created by services (core.notifications.notify), read in the inbox; core/tests/test_notifications",
    Target: "built and decomposed on its plan's page through the decomposition rules; targets/tests/test_pages",
    Milestone: "entered with its target and marked done by approved progress; targets/tests/test_services",
    ProgressReport: "reported, returned, revised and approved by its workflow; targets/tests/test_pages",
    Supervision: "opened on a lagging target, answered and closed by its actions; targets/tests/test_pages",
    Attachment: "uploaded and removed on its record's page (core.attachments); core/tests/test_attachments",
}
API_EXEMPTIONS: dict[type, str] = {
    Term: "read and changed with its organization; no integration needs it alone",
    Officer: "read and changed with its organization; no integration needs it alone",
    StatValue: "read inside each report of /api/statistics/reports/ and summed by /api/statistics/rollup/",
    Notification: "a user's own inbox: the navbar bell and /notifications/, not an integration's business",
    Milestone: "read and changed with its target",
    Supervision: "an in-house follow-up between supervisors and owners; no integration asked for it",
    ScoreAdjustment: "entered by the assessment office; the scores it changes are at /api/targets/scores/",
    ModelPost: "published through targets.services.public_commitments for the disclosure portal",
    Attachment: "files travel with their record's pages; an API upload comes with the first API that needs one",
    Grant: "grants are managed in the grant pages and the Django admin; integrations do not change permissions",
}


def project_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("qizhi.") and not model.__name__.startswith("Historical")
    ]


def import_test_modules() -> None:
    for module in pkgutil.walk_packages(qizhi.__path__, "qizhi."):
        if ".tests.test_" in module.name:
            importlib.import_module(module.name)


def crud_tested_models() -> set[type]:
    import_test_modules()
    tested = set()
    for case in ScopedCrudTests.__subclasses__():
        view = get_resolver().resolve(reverse(f"{case.url_base}_list")).func.view_class
        tested.add(view.queryset.model)
    return tested


def api_models() -> set[type]:
    from qizhi.core.tests.test_scoping_matrix import ROUTES, route_model

    return {route_model(pattern) for name, pattern in ROUTES if name.endswith("-list")}


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m.__name__)
def test_every_model_is_tested_or_exempt(model):
    if model in EXEMPTIONS:
        return
    assert model in SAMPLES, f"{model.__name__}: no scoping sample in qizhi.core.testing.SAMPLES"
    if model not in CRUD_EXEMPTIONS:
        assert model in crud_tested_models(), f"{model.__name__}: no ScopedCrudTests subclass"
    if model not in API_EXEMPTIONS:
        assert model in api_models(), f"{model.__name__}: no API viewset"
