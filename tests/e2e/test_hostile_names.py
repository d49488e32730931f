"""Names that are script run nowhere: every sample record's text renamed to an <img onerror> payload,
then its list and page visited and the charts hovered, under the Content-Security-Policy.

A dialog (``alert``) or a CSP violation reported in the console fails the test; the charts must
still draw (ECharts works without inline script), and so must the Swagger UI and the admin.
"""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.db import models
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from qizhi.core.testing import SAMPLES, discover_samples
from qizhi.org.testing import make_person, make_user
from qizhi.party import services as party_services
from qizhi.party.choices import MembershipStatus, PartyOrgKind

pytestmark = pytest.mark.one_engine  # escaping happens in the templates and charts, not the engine

discover_samples()  # every app's samples (qizhi/conftest.py does this for the tests under qizhi/)

HOSTILE = "<img src=x onerror=alert(1)>"
TEXT_FIELDS = ("name", "title", "topic", "place", "position")


def rename_hostile(obj) -> None:
    """Every short text field of ``obj`` that users type becomes the payload (written past validation)."""
    fields = {
        f.name: HOSTILE
        for f in obj._meta.concrete_fields
        if f.name in TEXT_FIELDS and isinstance(f, models.CharField) and (f.max_length or 0) >= len(HOSTILE)
    }
    if fields:
        type(obj)._base_manager.filter(pk=obj.pk).update(**fields)


def hostile_branch(personas):
    actor = personas.a.party_affairs
    branch = party_services.create_party_org(
        parent=None, by=actor, name=HOSTILE, kind=PartyOrgKind.BRANCH, unit=personas.a.unit
    )
    for number in range(3):
        party_services.join(
            make_person(personas.a.office, f"{HOSTILE}{number}"[:30]), branch=branch, status=MembershipStatus.FULL,
            joined_on=datetime.date(2010, 7, 1), full_on=datetime.date(2011, 7, 1),
            started_on=datetime.date(2020, 1, 1), by=actor,
        )  # fmt: skip
    return branch


def pages_of(personas) -> list[str]:
    urls = []
    for model, sample in SAMPLES.items():
        obj = sample(personas.a)
        if obj is None:
            continue
        rename_hostile(obj)
        if hasattr(obj, "get_absolute_url") and not obj.get_absolute_url().startswith("/files/"):  # downloads
            urls.append(obj.get_absolute_url())
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(f"{model._meta.app_label}:{model._meta.model_name}_list"))
    return sorted(set(urls))


def hover_charts(page: Page) -> int:
    """Move the mouse over every chart on the page on a grid of points (tooltips open); how many charts."""
    charts = page.locator("[_echarts_instance_]")
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        if not box:
            continue
        for fx in (0.15, 0.3, 0.45, 0.6, 0.75, 0.9):
            for fy in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85):
                page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                page.wait_for_timeout(15)
    return charts.count()


@pytest.fixture
def watched(page: Page):
    """Dialogs and CSP violations seen while the test runs."""
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "console",
        lambda message: seen.append(f"console: {message.text}") if "Content Security Policy" in message.text else None,
    )
    return seen


def test_hostile_names_run_no_script_on_any_page_or_chart(page: Page, server, personas, login, watched, snap):
    hostile_branch(personas)
    urls = pages_of(personas)
    assert len(urls) >= 15
    admin = make_user("hostile_admin", is_superuser=True, is_staff=True)
    login(admin)
    visited = 0
    for url in urls:
        try:
            response = page.goto(f"{server}{url}")
        except PlaywrightError:  # another user's notification answers 404 with no page: nothing rendered
            continue
        assert response is None or response.status < 500, url  # None: the same page, another anchor
        visited += 1
        hover_charts(page)
    assert visited >= 15
    page.goto(f"{server}/meetings/compliance/?unit={personas.a.unit.pk}&year=2026")
    expect(page.locator("#heat-chart canvas").first).to_be_visible()  # ECharts draws under the policy
    assert hover_charts(page) == 1
    snap("heat-map")
    for url in ("/targets/ranking/", f"/statistics/rollup/?unit={personas.a.unit.pk}"):
        page.goto(f"{server}{url}")
        hover_charts(page)
    assert watched == []


def test_the_swagger_ui_and_the_admin_work_under_the_policy(page: Page, server, personas, login, watched):
    admin = make_user("csp_admin", is_superuser=True, is_staff=True)
    login(admin)
    page.goto(f"{server}/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible(timeout=15000)
    page.goto(f"{server}/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"{server}/admin/auth/user/")
    expect(page.locator("#result_list")).to_be_visible()
    assert watched == []
