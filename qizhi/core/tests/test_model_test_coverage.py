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
from qizhi.appraisals.models import Ballot, Electorate, Grade, RollEntry, Round
from qizhi.campaigns.models import OpinionReceipt, RectificationEntry
from qizhi.core.models import (
    Attachment,
    ChannelPreference,
    Delivery,
    ExportLog,
    ImportJob,
    Notification,
    WorkflowEvent,
)
from qizhi.core.testing import SAMPLES, ScopedCrudTests
from qizhi.disclosure.models import Disclosure, Publication
from qizhi.meetings.models import Attendance, ComplianceRule, LifeMeetingPoint
from qizhi.party.models import Candidate, Officer, Term, Transfer
from qizhi.points.models import PointRule, PointTotal
from qizhi.reception.models import CalendarDay, CaseCounter, CaseStep, ClockRule, ClockStop, Handover
from qizhi.statistics.models import Indicator, ParagraphTemplate, StatTotal, StatValue
from qizhi.study.models import Material
from qizhi.targets.models import Milestone, ModelPost, ProgressReport, ScoreAdjustment, Supervision, Target

EXEMPTIONS: dict[type, str] = {
    Indicator: "deployment-wide catalog, read by every user: not a bureau's row (no scoping sample)",
    ParagraphTemplate: "deployment-wide template, read by every user: not a bureau's row (no scoping sample)",
    ExportLog: "the administrators' log of personal-data exports, written by core.exports.log_export, no bureau's "
    "row and no route but the administrators' page (documents/tests/test_xlsx_exports.py)",
    CalendarDay: "deployment-wide working-day calendar, read by every user, changed by administrators "
    "(reception/tests/test_calendar_pages.py)",
    ClockRule: "deployment-wide rule table of time limits, read by every user, changed by administrators "
    "(reception/tests/test_calendar_pages.py)",
    ComplianceRule: "deployment-wide rules of organizational life, read by every user through the compliance "
    "figures, changed by administrators on their page (meetings/tests/test_compliance_rules.py)",
    CaseCounter: "the reference-number counter, locked and raised only by reception.services.next_number",
    ImportJob: "an uploader's own import record, not a domain row: reachable only by its owner (test_import_export)",
    WorkflowEvent: "shown only on its record's page, which is scoped; no route of its own (statistics/tests)",
    PointRule: "deployment-wide rule table (积分细则), read by every user, edited in the Django admin",
    StatTotal: "a rebuildable summary of StatValue, never a page or route of its own: read only by the roll-up "
    "services for a unit the caller already resolved through visible_to (statistics/tests/test_totals.py)",
    RollEntry: "the secret ballot's voter roll: no route, no history by design; read only by appraisals.services "
    "for a round the caller resolved (appraisals/tests/test_ballots.py, test_secrecy.py)",
    Ballot: "a secret ballot: never a page or route of its own, no history by design; counted only by "
    "appraisals.services.results after the seal (appraisals/tests/test_ballots.py, test_secrecy.py)",
}
CRUD_EXEMPTIONS: dict[type, str] = {
    Term: "created and edited from its organization's page; tested in party/tests/test_officers.py",
    Officer: "appointed and removed from its organization's page; tested in party/tests/test_officers.py",
    Transfer: "changed only by its workflow actions; tested in party/tests/test_transfers.py",
    Candidate: "added and removed on its election's page while it is a draft; party/tests/test_elections.py",
    Indicator: "the deployment's catalog: shipped as data, edited by administrators in the Django admin",
    ParagraphTemplate: "the paragraph's text: edited by administrators in the Django admin",
    StatValue: "the cells of a report: entered through the report's values form (statistics/tests)",
    Attendance: "generated from the members on the meeting's date; marked on the attendance sheet (meetings/tests)",
    LifeMeetingPoint: "added and edited from its life meeting's page; tested in meetings/tests/test_life_meetings.py",
    Material: "added and edited from its study plan's page; tested in study/tests/test_study.py",
    Notification: "created by services (core.notifications.notify), read in the inbox; core/tests/test_notifications",
    ChannelPreference: "a user's own settings page /notifications/preferences/; core/tests/test_channels.py",
    Delivery: "written by core.channels when a notification is sent by e-mail or SMS; core/tests/test_channels.py",
    Target: "built and decomposed on its plan's page through the decomposition rules; targets/tests/test_pages",
    Milestone: "entered with its target and marked done by approved progress; targets/tests/test_services",
    ProgressReport: "reported, returned, revised and approved by its workflow; targets/tests/test_pages",
    Supervision: "opened on a lagging target, answered and closed by its actions; targets/tests/test_pages",
    Attachment: "uploaded and removed on its record's page (core.attachments); core/tests/test_attachments",
    PointTotal: "a rebuildable summary written by points.services.refresh; points/tests/test_points.py",
    Disclosure: "changed only by its moves (propose, review, approve, return, publish, withdraw); "
    "disclosure/tests/test_workflow.py and test_pages.py",
    Publication: "the publication log, written by disclosure.services.publish and withdraw; disclosure/tests",
    CaseStep: "recorded from its case's page by the case's owner; reception/tests/test_ownership.py",
    Handover: "a 转办, made and answered from its case's page; reception/tests/test_ownership.py",
    ClockStop: "stopped and resumed from its case's page; reception/tests/test_clocks.py",
    OpinionReceipt: "written only by campaigns.services.send_opinion beside the opinion; campaigns/tests/test_opinions",
    RectificationEntry: "written by the item's services (progress, publish, verify, return); campaigns/tests",
    Round: "created by appraisals.services.create_round and moved only by its actions (open, close, seal, grade); "
    "appraisals/tests/test_pages.py",
    Electorate: "declared with its round and shown on the round's page; appraisals/tests/test_ballots.py",
    Grade: "recorded on its round's grading page through the quota rules; appraisals/tests/test_grades.py",
}
API_EXEMPTIONS: dict[type, str] = {
    Term: "read and changed with its organization; no integration needs it alone",
    Officer: "read and changed with its organization; no integration needs it alone",
    Candidate: "read inside its election at /api/party/elections/ and added by its ``candidates`` action",
    StatValue: "read inside each report of /api/statistics/reports/ and summed by /api/statistics/rollup/",
    Notification: "a user's own inbox: the navbar bell and /notifications/, not an integration's business",
    ChannelPreference: "a user's own settings, kept on their settings page",
    Delivery: "the sending record of a user's own messages; no integration reads it",
    Milestone: "read and changed with its target",
    Supervision: "an in-house follow-up between supervisors and owners; no integration asked for it",
    ScoreAdjustment: "entered by the assessment office; the scores it changes are at /api/targets/scores/",
    ModelPost: "kept on the targets pages; the disclosure portal that publishes it is not built yet",
    Attachment: "files travel with their record's pages; an API upload comes with the first API that needs one",
    PointTotal: "read through /api/points/ranking/ (the figures of a branch and year)",
    Electorate: "read with its round (/api/appraisals/rounds/: progress per electorate)",
    Grant: "grants are managed in the grant pages and the Django admin; integrations do not change permissions",
    CaseStep: "shown with its case; the case page records it",
    Handover: "shown with its case; made and answered on the case page",
    ClockStop: "shown with its case, its due dates computed from it",
    OpinionReceipt: "who answered a consultation: for the one-response rule only, never an integration's business",
    RectificationEntry: "the item's timeline, written by the actions of /api/campaigns/rectifications/",
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
