"""Who may extend a case, moderate its Q&A, answer or withdraw a 转办, swap a duty week or keep the
calendar and the clock rules is the services' decision: the pages offer their forms on the same
predicates, and nothing changes when a service refuses."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from qizhi.core.refusals import Refused
from qizhi.reception import services
from qizhi.reception.choices import CaseKind, DayKind, HandoverState, QAState
from qizhi.reception.models import CalendarDay, Case, ClockRule, DutySlot, Handover
from qizhi.reception.testing import reception_of

pytestmark = pytest.mark.django_db


def test_only_who_may_add_cases_in_the_unit_registers_a_visit_there(personas):
    office = personas.a.judicial_office
    visit = {
        "unit": office, "kind": CaseKind.VISIT, "channel": "visit", "subject": "相邻纠纷", "content": "请求调解",
        "received_on": datetime.date(2026, 11, 23),
    }  # fmt: skip
    for outsider in (personas.a.leader, personas.b.staff):  # reads and approves only; another bureau's clerk
        assert not services.may_register(outsider, office)
        with pytest.raises(Refused):
            services.register_case(**visit, by=outsider, owner=outsider)
    assert not Case.objects.filter(subject="相邻纠纷").exists()

    assert services.may_register(personas.a.staff, office)
    assert services.register_case(**visit, by=personas.a.staff, owner=personas.a.staff).case.owner == personas.a.staff


def test_only_an_approver_where_the_case_is_extends_it_or_moderates_its_qa(personas):
    case = reception_of(personas.a)["case"]  # at the judicial office, owned by its head
    for outsider in (personas.a.unit_head, personas.b.leader):  # handles cases, approves nothing; elsewhere
        assert not services.may_approve(case, outsider)
        with pytest.raises(Refused):
            services.extend(case, days=10, reason="需补充调查", by=outsider)
        with pytest.raises(Refused):
            services.moderate_qa(case, question="问", answer="答", publish=False, by=outsider)
    row = Case.objects.get(pk=case.pk)
    assert (row.extension_days, row.qa_state) == (0, QAState.NONE)

    leader = personas.a.leader
    assert services.may_approve(case, leader)
    services.extend(case, days=10, reason="需补充调查", by=leader)
    services.moderate_qa(case, question="问", answer="答", publish=False, by=leader)
    row = Case.objects.get(pk=case.pk)
    assert (row.extension_days, row.qa_state) == (10, QAState.REFUSED)


def test_only_the_receiver_answers_a_handover(personas):
    handover = reception_of(personas.a)["handover"]  # from the office's head to the party-affairs officer
    for outsider in (personas.a.unit_head, personas.a.leader):
        assert not services.may_answer(handover, outsider)
        with pytest.raises(Refused):
            services.answer_handover(handover, accept=False, answer="不属本部门", by=outsider)
    assert Handover.objects.get(pk=handover.pk).state == HandoverState.PENDING

    assert services.may_answer(handover, personas.a.party_affairs)
    services.answer_handover(handover, accept=False, answer="不属本部门", by=personas.a.party_affairs)
    assert Handover.objects.get(pk=handover.pk).state == HandoverState.DECLINED


def test_only_who_handed_it_over_withdraws_a_handover(personas):
    handover = reception_of(personas.a)["handover"]
    for outsider in (personas.a.party_affairs, personas.a.leader):  # the receiver; an approver
        assert not services.may_withdraw(handover, outsider)
        with pytest.raises(Refused):
            services.withdraw_handover(handover, by=outsider)
    assert Handover.objects.get(pk=handover.pk).state == HandoverState.PENDING

    assert services.may_withdraw(handover, personas.a.unit_head)
    services.withdraw_handover(handover, by=personas.a.unit_head)
    assert Handover.objects.get(pk=handover.pk).state == HandoverState.WITHDRAWN


def test_only_who_may_change_the_roster_swaps_a_week(personas):
    slot = reception_of(personas.a)["slot"]
    stand_in = personas.a.people[0]
    for outsider in (personas.a.leader, personas.b.unit_head):  # reads the roster; another bureau's office
        assert not services.may_swap(slot, outsider)
        with pytest.raises(Refused):
            services.swap_duty(slot, to=stand_in, reason="外出开会", by=outsider)
    assert DutySlot.objects.get(pk=slot.pk).scheduled_id is None

    assert services.may_swap(slot, personas.a.unit_head)
    services.swap_duty(slot, to=stand_in, reason="外出开会", by=personas.a.unit_head)
    assert DutySlot.objects.get(pk=slot.pk).leader == stand_in


def test_only_an_administrator_keeps_the_calendar_and_the_clock_rules(personas):
    services.ensure_rules()
    rule = ClockRule.objects.get(case_kind=CaseKind.VISIT, stage="accept")
    # They handle cases and keep no deployment tables; a county's administrator keeps the county's accounts, not
    # the calendar and the clocks every county's cases run on.
    for clerk in (personas.a.admin, personas.a.party_affairs, personas.a.staff):
        assert not services.may_keep_catalog(clerk)
        with pytest.raises(Refused):
            services.save_catalog(CalendarDay(date=datetime.date(2030, 10, 12), kind=DayKind.WORKDAY), by=clerk)
        rule.days = 1
        with pytest.raises(Refused):
            services.save_catalog(rule, by=clerk)
        rule.refresh_from_db()
    assert not CalendarDay.objects.filter(date=datetime.date(2030, 10, 12)).exists()
    assert ClockRule.objects.get(pk=rule.pk).days == 15

    assert services.may_keep_catalog(personas.root_admin)
    services.save_catalog(CalendarDay(date=datetime.date(2030, 10, 12), kind=DayKind.WORKDAY), by=personas.root_admin)
    assert CalendarDay.objects.filter(date=datetime.date(2030, 10, 12)).exists()


def test_the_pages_offer_the_forms_on_the_same_predicates(client, personas):
    data = reception_of(personas.a)
    client.force_login(personas.a.party_affairs)  # may add cases, keeps no calendar
    assert (
        reverse("reception:calendarday_add") not in client.get(reverse("reception:calendarday_list")).content.decode()
    )
    client.force_login(personas.a.admin)  # a county's administrator: the calendar is the whole deployment's
    assert (
        reverse("reception:calendarday_add") not in client.get(reverse("reception:calendarday_list")).content.decode()
    )
    client.force_login(personas.root_admin)
    assert reverse("reception:calendarday_add") in client.get(reverse("reception:calendarday_list")).content.decode()

    swap = reverse("reception:dutyslot_swap", args=[data["slot"].pk])
    client.force_login(personas.a.leader)
    assert swap not in client.get(data["slot"].get_absolute_url()).content.decode()
    client.force_login(personas.a.unit_head)
    assert swap in client.get(data["slot"].get_absolute_url()).content.decode()

    case_page = data["case"].get_absolute_url()
    client.force_login(personas.a.unit_head)  # handed it over: may withdraw, not answer, not extend
    html = client.get(case_page).content.decode()
    assert "/act/withdraw/" in html and "/act/answer/" not in html and "/act/extend/" not in html
    client.force_login(personas.a.party_affairs)  # the receiver (and an approver in the bureau)
    html = client.get(case_page).content.decode()
    assert "/act/answer/" in html and "/act/withdraw/" not in html and "/act/extend/" in html


def test_the_calendar_and_the_clock_rules_are_read_by_all_and_changed_only_through_the_services(client, personas):
    """Deployment-wide tables, unscoped on purpose (every unit's legal clocks read them): the API only
    reads them, and a page that changes them answers 403 to whoever ``save_catalog`` would refuse."""
    from rest_framework.test import APIClient

    services.ensure_rules()
    day = CalendarDay.objects.create(date=datetime.date(2030, 10, 12), kind=DayKind.WORKDAY, name="调休")
    rule = ClockRule.objects.get(case_kind=CaseKind.VISIT, stage="accept")
    api = APIClient()
    for user in (personas.a.staff, personas.b.party_affairs, personas.a.admin):
        api.force_authenticate(user)
        for url, row in (("/api/reception/calendar-days/", day), ("/api/reception/clock-rules/", rule)):
            assert api.get(url).status_code == 200
            assert api.post(url, {"date": "2030-10-13", "kind": "holiday", "days": 1}, format="json").status_code == 405
            detail = f"{url}{row.pk}/"
            change = {"name": "改", "days": 1, "version": row.version}
            assert api.patch(detail, change, format="json").status_code == 405
            assert api.delete(detail).status_code == 405
    for clerk in (personas.a.staff, personas.b.party_affairs):
        client.force_login(clerk)
        edit = reverse("reception:calendarday_edit", args=[day.pk])
        assert client.post(edit, {"date": "2030-10-12", "kind": "holiday", "version": day.version}).status_code == 403
        assert client.post(reverse("reception:calendarday_delete", args=[day.pk])).status_code == 403
        rule_edit = reverse("reception:clockrule_edit", args=[rule.pk])
        assert client.post(rule_edit, {"days": 1, "version": rule.version}).status_code == 403
    assert CalendarDay.objects.filter(date=datetime.date(2030, 10, 13)).count() == 0
    assert CalendarDay.objects.get(pk=day.pk).kind == DayKind.WORKDAY
    assert ClockRule.objects.get(pk=rule.pk).days == 15
