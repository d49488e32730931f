"""The pages and the API around the case engine: figures, actions, the calendar, the roster, query budgets."""

import datetime

import pytest
from django.urls import reverse

from qizhi.core.testing import fresh_queries
from qizhi.reception import services
from qizhi.reception.choices import CaseKind, Channel, DayKind
from qizhi.reception.models import CalendarDay, Case, ClockRule, DutySlot
from qizhi.reception.testing import reception_of

pytestmark = pytest.mark.django_db
D = datetime.date


def visit(bureau, owner, received, *, accepted=None, closed=None, unit=None):
    case = services.register_case(
        unit=unit or bureau.unit, kind=CaseKind.VISIT, channel=Channel.VISIT, subject="来访", content="…",
        received_on=received, by=owner, owner=owner,
    ).case  # fmt: skip
    if accepted:
        services.accept(case, on=accepted, by=owner)
    if closed:
        services.close(case, on=closed, outcome="已办结", by=owner)
    return case


def test_the_year_figures_count_visits_and_take_medians_per_unit(client, personas):
    a = personas.a
    services.ensure_rules()
    owner = a.party_affairs
    visit(a, owner, D(2026, 3, 2), accepted=D(2026, 3, 3), closed=D(2026, 3, 13))  # 1 day, 10 days
    visit(a, owner, D(2026, 3, 2), accepted=D(2026, 3, 6), closed=D(2026, 3, 26))  # 4, 20
    visit(a, owner, D(2026, 3, 2), accepted=D(2026, 3, 9))  # 7, still open
    visit(a, owner, D(2025, 12, 30), accepted=D(2026, 1, 2))  # last year's: not counted
    head = a.unit_head
    visit(a, head, D(2026, 5, 4), accepted=D(2026, 5, 6), closed=D(2026, 5, 7), unit=a.judicial_office)  # 2, 1
    client.force_login(a.leader)
    body = client.get(reverse("reception-figures"), {"unit": a.unit.pk, "year": 2026}).json()
    assert (body["visits"], body["cases"], body["closed"]) == (4, 4, 3)
    rows = {row["name"]: row for row in body["units"]}
    assert rows[a.unit.name]["median_days_to_accept"] == 4.0  # median of 1, 4, 7
    assert rows[a.unit.name]["median_days_to_close"] == 15.0  # median of 10, 20
    assert rows[a.judicial_office.name]["median_days_to_close"] == 1.0
    assert client.get(reverse("reception-figures"), {"unit": personas.b.unit.pk, "year": 2026}).status_code == 404
    assert client.get(reverse("reception-figures"), {"unit": "x", "year": "20x6"}).status_code == 400
    page = client.get(reverse("reception:figures"), {"unit": a.unit.pk, "year": 2026})
    assert "共接待来访群众4人次" in page.content.decode()


def test_an_action_on_the_sibling_bureaus_case_is_404_and_changes_nothing(client, personas):
    case = reception_of(personas.b)["case"]
    client.force_login(personas.a.leader)
    response = client.post(reverse("reception:case_act", args=[case.pk, "accept"]), {"accept-on": "2026-12-01"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.accepted_on is None


def test_an_action_the_case_page_has_not_is_404(client, personas):
    case = reception_of(personas.a)["case"]
    client.force_login(personas.a.leader)
    assert client.post(reverse("reception:case_act", args=[case.pk, "junk"])).status_code == 404


def test_a_refused_action_says_why_and_changes_nothing(client, personas):
    a = personas.a
    case = reception_of(a)["case"]
    client.force_login(a.unit_head)
    response = client.post(reverse("reception:case_act", args=[case.pk, "close"]), {
        "close-on": "2026-12-01", "close-outcome": "已处理",
    }, follow=True)  # fmt: skip
    assert "请先受理该事项再办结" in response.content.decode()
    case.refresh_from_db()
    assert case.closed_on is None


def test_only_administrators_change_the_calendar_and_the_rules(client, personas):
    services.ensure_rules()
    day = CalendarDay.objects.create(date=D(2030, 10, 1), kind=DayKind.HOLIDAY, name="国庆节")
    rule = ClockRule.objects.get(case_kind=CaseKind.VISIT, stage="accept")
    client.force_login(personas.a.party_affairs)
    assert client.get(reverse("reception:calendarday_list")).status_code == 200
    assert client.get(reverse("reception:calendarday_add")).status_code == 403
    assert client.post(reverse("reception:clockrule_edit", args=[rule.pk]), {"days": 1}).status_code == 403
    client.force_login(personas.a.admin)  # the county's administrator: not the deployment's
    assert client.get(reverse("reception:calendarday_add")).status_code == 403
    assert client.post(reverse("reception:clockrule_edit", args=[rule.pk]), {"days": 1}).status_code == 403
    client.force_login(personas.root_admin)
    response = client.post(
        reverse("reception:calendarday_add"), {"date": "2030-10-12", "kind": "workday", "name": "调休"}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date=D(2030, 10, 12), kind=DayKind.WORKDAY).exists()
    response = client.post(reverse("reception:clockrule_edit", args=[rule.pk]), {
        "days": 10, "counting": "working", "start": "received", "max_extension": 0, "basis": "试行",
        "version": rule.version,
    })  # fmt: skip
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.days, rule.counting) == (10, "working")
    assert day.pk


def test_a_roster_is_generated_in_turn_and_a_swap_is_recorded(client, personas):
    a = personas.a
    leaders = a.people[:2]
    client.force_login(a.party_affairs)
    response = client.post(reverse("reception:roster"), {
        "unit": a.unit.pk, "leaders": [p.pk for p in leaders], "start": "2026-12-02", "weeks": 4, "place": "接待室",
    })  # fmt: skip
    assert response.status_code == 302
    slots = list(DutySlot.objects.filter(unit=a.unit).order_by("week"))
    assert [s.week for s in slots] == [D(2026, 11, 30), D(2026, 12, 7), D(2026, 12, 14), D(2026, 12, 21)]
    assert [s.leader for s in slots] == [leaders[0], leaders[1], leaders[0], leaders[1]]
    response = client.post(
        reverse("reception:dutyslot_swap", args=[slots[0].pk]), {"to": leaders[1].pk, "reason": "出差"}
    )
    assert response.status_code == 302
    slots[0].refresh_from_db()
    assert (slots[0].leader, slots[0].scheduled, slots[0].swap_reason) == (leaders[1], leaders[0], "出差")
    case = visit(a, a.party_affairs, D(2026, 12, 2))
    assert case.duty_slot == slots[0]  # the visit is received on the week's duty


@pytest.mark.dated
def test_the_todo_lists_the_owners_overdue_cases(personas):
    from django.utils import timezone

    from qizhi.core.todo import PROVIDERS

    services.ensure_rules()
    today = timezone.localdate()
    late = visit(personas.a, personas.a.party_affairs, today - datetime.timedelta(days=40))
    items = list(PROVIDERS["reception.due"].provide(personas.a.party_affairs, today))
    assert [i.obj for i in items] == [late]
    assert not list(PROVIDERS["reception.due"].provide(personas.a.leader, today))  # not the owner


count = fresh_queries


@pytest.mark.parametrize("name", ["reception:case_list", "reception:deadlines", "reception:dutyslot_list"])
def test_the_page_costs_the_same_for_three_cases_or_nine(client, personas, name):
    a = personas.a
    services.ensure_rules()
    client.force_login(a.party_affairs)
    for _ in range(3):
        visit(a, a.party_affairs, D(2026, 11, 2))
    few = count(client, reverse(name))
    for _ in range(6):
        visit(a, a.party_affairs, D(2026, 11, 2))
    assert count(client, reverse(name)) == few
    assert few <= 25


def test_the_api_registers_a_visit_and_returns_its_code_once(client, personas):
    a = personas.a
    services.ensure_rules()
    client.force_login(a.party_affairs)
    response = client.post(reverse("reception-api:case-list"), {
        "unit": a.unit.pk, "kind": "visit", "channel": "visit", "subject": "咨询", "content": "<b>咨询</b>公证",
        "received_on": "2026-12-03",
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert len(body["query_code"]) == 8 and services.lookup(case.number, body["query_code"]) == case
    assert case.owner == a.party_affairs and case.content == "咨询公证"
    again = client.get(reverse("reception-api:case-detail", args=[case.pk])).json()
    assert again["query_code"] is None
    client.force_login(personas.b.party_affairs)
    assert client.get(reverse("reception-api:case-detail", args=[case.pk])).status_code == 404


def test_the_api_asks_for_a_kind_and_a_hand_channel_as_the_form_does(client, personas):
    """Before, a case posted without ``kind`` was a 500 (the model's default made the field optional here), and any
    channel was taken, the portal's included."""
    a = personas.a
    services.ensure_rules()
    client.force_login(a.party_affairs)
    case = {"unit": a.unit.pk, "subject": "咨询", "content": "公证", "received_on": "2026-12-03"}
    url = reverse("reception-api:case-list")
    missing = client.post(url, {**case, "channel": "visit"}, content_type="application/json")
    assert missing.status_code == 400 and "kind" in missing.json()["errors"]
    portal = client.post(url, {**case, "kind": "visit", "channel": "public"}, content_type="application/json")
    assert portal.status_code == 400 and "channel" in portal.json()["errors"]
    assert not Case.objects.exists()
    phone = client.post(url, {**case, "kind": "visit", "channel": "phone"}, content_type="application/json")
    assert phone.status_code == 201 and Case.objects.get().channel == "phone"
