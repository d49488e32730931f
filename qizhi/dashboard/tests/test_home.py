"""The home page by role: every cockpit figure is the figure of the page its tile links to, and a
member reads their own branch's meetings (list, calendar, detail) but not the sibling bureau's."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import Attendance, Meeting
from qizhi.org.models import Unit
from qizhi.org.testing import PASSWORD
from qizhi.party.testing import party_of
from qizhi.statistics.testing import report_of as stat_report_of
from qizhi.targets import services as target_services
from qizhi.targets.testing import plan_of, report_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([^"]+)">([^<]*)<', html))


def tile_links(html: str) -> dict[str, str]:
    return {key: url.replace("&amp;", "&") for url, key in re.findall(r'href="([^"]+)" data-tile-link="([^"]+)"', html)}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_the_leaders_cockpit_shows_each_figure_of_the_page_it_links_to(client, personas):
    a = personas.a
    today = timezone.localdate()  # a December: the fourth quarter, November last reported
    plan_of(a)
    report_of(a)
    stat_report_of(a)
    party_of(a)
    target_services.open_supervision(
        plan_of(a)["member"], by=a.leader, instruction="请加快", deadline=today + datetime.timedelta(days=7)
    )
    login(client, a.leader)
    home = client.get("/")
    html = home.content.decode()
    shown, links = figures(html), tile_links(html)
    assert set(links) == {"targets", "meetings", "statistics", "supervision", "party"}

    compliance = client.get(links["meetings"]).context["report"]
    assert (shown["应开"], shown["已开"], shown["缺开"]) == tuple(
        str(n) for n in (compliance.due, compliance.held, compliance.missing)
    )
    assert links["meetings"].endswith(f"period={today.year}-Q4")

    board = client.get(reverse("statistics:board") + f"?unit={a.unit.pk}&month={today.year}-11").context
    assert (
        shown["11月未报"] == str(board["outstanding"]) == "2"
    )  # neither the office nor the judicial office reported November

    # The headline figures are this year's so far (January to last month), against the same months a year before.
    assert f"start={today.year}-01" in links["statistics"] and f"end={today.year}-11" in links["statistics"]
    assert f"{today.year}年1—11月累计，与上年同期比" in html

    supervision = client.get(links["supervision"]).context
    assert shown["未办结"] == str(len(list(supervision["items"]))) == "1"

    api = client.get(f"/api/party/figures/?unit={a.unit.pk}").json()
    assert shown["党员"] == str(api["members"])

    ranking = client.get(links["targets"]).context
    assert shown["综合得分"] == str(ranking["own"].total)
    lights = target_services.light_counts([a.unit], today.year, today)[a.unit.pk]
    assert (shown["红灯"], shown["黄灯"], shown["绿灯"]) == tuple(str(lights[c]) for c in ("red", "yellow", "green"))
    assert sum(lights.values()) == 5  # the test plan's five targets
    parent = Unit.objects.get_parent(a.unit)
    ranked = target_services.ranking(parent, today.year, today)[a.unit.get_kind_display()]
    mine = next(score for score in ranked if score.unit.pk == a.unit.pk)
    assert f"在{parent.name}同类单位中排第{mine.rank}名（共{len(ranked)}个）" in html


def test_in_january_the_statistics_tile_shows_last_year_whole(personas):
    from qizhi.dashboard.services import statistics_tile

    tile = statistics_tile(personas.a.unit, datetime.date(2027, 1, 10))
    assert "start=2026-01" in tile.url and "end=2026-12" in tile.url
    assert tile.note == "2026年全年数据，与上年同比"
    assert tile.figures[0].label == "12月未报"


def test_every_link_on_the_cockpit_opens_for_its_user(client, personas):
    a = personas.a
    plan_of(a)
    party_of(a)
    for user in (a.leader, a.party_affairs, a.branch_secretary, a.unit_head, a.statistician, a.staff):
        client.logout()
        login(client, user)
        html = client.get("/").content.decode()
        for url in set(re.findall(r'href="(/[^"#]*)"', html)):
            url = url.replace("&amp;", "&")
            if url.startswith(("/static/", "/admin/")):
                continue
            answer = client.get(url)
            assert answer.status_code in (200, 302), (user.username, url, answer.status_code)


def test_a_member_sees_their_branchs_meetings_but_not_the_sibling_bureaus(client, personas):
    a, b = personas.a, personas.b
    today = timezone.localdate()
    coming, past = today + datetime.timedelta(days=7), today - datetime.timedelta(days=28)
    branch = party_of(a)["branch"]
    member = party_of(a)["membership"].person
    member.user = a.staff
    member.save()
    theirs = Meeting.objects.create(
        kind=MeetingKind.BRANCH_ASSEMBLY, party_org=branch, unit=branch.unit, date=coming,
        topic="第四季度党员大会", place="三楼会议室",
    )  # fmt: skip
    attended = Meeting.objects.create(
        kind=MeetingKind.PARTY_LECTURE, party_org=branch, unit=branch.unit, date=past,
        topic="专题党课",
    )  # fmt: skip
    Attendance.objects.create(meeting=attended, person=member)
    other_branch = party_of(b)["branch"]
    sibling = Meeting.objects.create(
        kind=MeetingKind.BRANCH_ASSEMBLY, party_org=other_branch, unit=other_branch.unit,
        date=coming, topic="石桥党员大会",
    )  # fmt: skip
    assert a.staff not in [g.user for g in branch.unit.grants.all()]  # granted on the judicial office only

    login(client, a.staff)
    listing = client.get(reverse("meetings:meeting_list")).content.decode()
    assert "第四季度党员大会" in listing and "专题党课" in listing and "石桥党员大会" not in listing
    calendar = client.get(reverse("meetings:meeting_calendar") + f"?month={coming:%Y-%m}").content.decode()
    assert "第四季度党员大会" in calendar and "石桥党员大会" not in calendar
    assert client.get(attended.get_absolute_url()).status_code == 200
    assert client.get(sibling.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:meeting_edit", args=[theirs.pk])).status_code == 403  # reading only
    home = client.get("/").content.decode()
    assert "第四季度党员大会" in home and "专题党课" in home


def test_a_member_reports_progress_from_the_home_page(client, personas):
    a = personas.a
    target = plan_of(a)["member"]
    login(client, a.staff)
    home = client.get("/").content.decode()
    report_url = reverse("targets:progressreport_add", args=[target.pk])
    assert f'href="{report_url}"' in home  # tap 1 opens the form; tap 2 sends it
