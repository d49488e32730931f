"""The big screen of a unit: its JSON carries the cockpit's figures and charts as their services give them,
the page loads only local assets, and the sibling bureau's unit is 404."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from qizhi.dashboard import services
from qizhi.dues import services as dues
from qizhi.party import services as party
from qizhi.party.choices import PartyOrgKind
from qizhi.targets import services as targets

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


@pytest.fixture
def demo(demo, client):
    """The demo bureau (built once for the modules that read it), its 局领导 signed in."""
    client.login(username="leader", password="qizhi-demo")
    return demo


def test_the_screens_figures_are_the_cockpits_and_the_services(client, demo):
    today = timezone.localdate()
    data = client.get(reverse("dashboard:screen_data", args=[demo.pk])).json()
    leader = client.get(reverse("core:home")).context["user"]
    tiles = services.leader_tiles(leader, demo, today)
    assert [t["key"] for t in data["tiles"]] == [t.key for t in tiles]
    for shown, tile in zip(data["tiles"], tiles, strict=True):
        assert [f["label"] for f in shown["figures"]] == [str(f.label) for f in tile.figures]
        assert [str(f["value"]) for f in shown["figures"]] == [str(f.value) for f in tile.figures]
    charts = data["charts"]
    lights = targets.light_counts([demo], today.year, today)[demo.pk]
    assert [c["value"] for c in charts["lights"]] == [lights["green"], lights["yellow"], lights["red"]]
    figures = party.figures(unit=demo, today=today)
    assert sum(r["value"] for r in charts["party"]["by_age"]) == figures["members"] == 66
    _own, groups = targets.ranking_with_own(demo, today.year, today)
    best = max((s for scores in groups.values() for s in scores), key=lambda s: s.total)
    assert charts["ranking"]["names"][0] == best.unit.name and charts["ranking"]["scores"][0] == float(best.total)
    branch = party.orgs_in(unit=demo).filter(kind=PartyOrgKind.BRANCH).order_by("path").first()
    totals = dues.ledger(branch, today.replace(day=1)).totals
    assert charts["dues"]["names"][0] == branch.name
    assert (charts["dues"]["due"][0], charts["dues"]["received"][0]) == (
        float(totals["due"]),
        float(totals["received"]),
    )
    assert charts["statistics"]["year"] == today.year - 1 and len(charts["statistics"]["this_year"]) == 12
    assert data["date"] == f"{today.year}年{today.month}月{today.day}日"


def test_the_screen_page_loads_only_local_assets(client, demo):
    response = client.get(reverse("dashboard:screen", args=[demo.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "云溪县司法局党建工作大屏" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources  # no CDN
    assert "vendor/echarts/echarts.min.js" in html and 'id="screen-data" type="application/json"' in html
    assert not re.search(r"<script>(?!\s*</script>)", html)  # no inline script (CSP)


def test_the_cockpit_links_the_screen(client, demo):
    html = client.get(reverse("core:home")).content.decode()
    assert reverse("dashboard:screen", args=[demo.pk]) in html
