"""First responsibility (首问负责): the registering person owns a case through 转办 and back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qizhi.reception import services
from qizhi.reception.choices import CaseKind, CaseStatus, Channel, HandoverState, Satisfaction
from qizhi.reception.models import Case, Handover

pytestmark = pytest.mark.django_db
D = datetime.date


def visit(bureau, by, unit=None):
    services.ensure_rules()
    return services.register_case(
        unit=unit or bureau.unit, kind=CaseKind.VISIT, channel=Channel.VISIT, subject="宅基地纠纷",
        content="反映与邻居宅基地界址争议", received_on=D(2026, 11, 23), by=by, owner=by, citizen_name="张某",
    ).case  # fmt: skip


def test_the_person_who_registers_a_visit_owns_it(personas):
    case = visit(personas.a, personas.a.party_affairs)
    assert case.owner == personas.a.party_affairs
    assert case.number == "JF-2026-000001"
    assert services.owners(case) == [personas.a.party_affairs]


def test_ownership_moves_only_when_the_receiver_accepts_and_comes_back(personas):
    a = personas.a
    case = visit(a, a.party_affairs)
    handover = services.hand_over(
        case, to=a.unit_head, to_unit=a.judicial_office, reason="属东乡辖区", by=a.party_affairs
    )
    case.refresh_from_db()
    assert case.owner == a.party_affairs and case.unit == a.unit  # not yet: the receiver has not accepted
    with pytest.raises(PermissionDenied):
        services.answer_handover(handover, accept=True, by=a.staff)  # only the receiver answers
    services.answer_handover(handover, accept=True, by=a.unit_head)
    case.refresh_from_db()
    assert case.owner == a.unit_head and case.unit == a.judicial_office
    back = services.hand_over(case, to=a.party_affairs, to_unit=a.unit, reason="需局机关协调", by=a.unit_head)
    services.answer_handover(back, accept=True, by=a.party_affairs)
    case.refresh_from_db()
    assert case.owner == a.party_affairs and case.unit == a.unit
    assert services.owners(case) == [a.party_affairs, a.unit_head, a.party_affairs]


def test_a_declined_handover_leaves_the_owner_and_needs_a_reason(personas):
    a = personas.a
    case = visit(a, a.party_affairs)
    handover = services.hand_over(
        case, to=a.unit_head, to_unit=a.judicial_office, reason="属东乡辖区", by=a.party_affairs
    )
    with pytest.raises(ValidationError):
        services.answer_handover(handover, accept=False, by=a.unit_head)
    services.answer_handover(handover, accept=False, answer="不属本所辖区", by=a.unit_head)
    case.refresh_from_db()
    assert case.owner == a.party_affairs
    assert Handover.objects.get(pk=handover.pk).state == HandoverState.DECLINED


def test_only_the_owner_or_an_approver_acts_on_a_case(personas):
    a = personas.a
    case = visit(a, a.unit_head, unit=a.judicial_office)
    with pytest.raises(PermissionDenied):
        services.accept(case, on=D(2026, 11, 24), by=a.staff)  # sees the case, is not its owner
    services.accept(case, on=D(2026, 11, 24), by=a.leader)  # a leader may act on any case of the bureau
    with pytest.raises(PermissionDenied):
        services.accept(case, on=D(2026, 11, 24), by=personas.b.leader)


def test_a_handover_to_someone_who_cannot_handle_it_there_is_refused(personas):
    a = personas.a
    case = visit(a, a.party_affairs)
    with pytest.raises(ValidationError):
        services.hand_over(case, to=a.statistician, to_unit=a.judicial_office, reason="转", by=a.party_affairs)
    assert not case.handovers.exists()


def test_a_case_cannot_close_without_an_outcome_and_unsatisfied_reopens_once_within_30_days(personas):
    a = personas.a
    case = visit(a, a.party_affairs)
    services.accept(case, on=D(2026, 11, 24), by=a.party_affairs)
    with pytest.raises(ValidationError):
        services.close(case, on=D(2026, 11, 25), outcome="  ", by=a.party_affairs)
    services.close(case, on=D(2026, 11, 25), outcome="组织调解，达成协议", by=a.party_affairs)
    services.rate(case, satisfaction=Satisfaction.UNSATISFIED, on=D(2026, 12, 1))
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.reopened_on == D(2026, 12, 1)
    assert services.dues(case)["close"].date == D(2027, 2, 1)  # 60 days from the reopening: 30 Jan, a Saturday
    services.close(case, on=D(2026, 12, 2), outcome="再次调解", by=a.party_affairs)
    services.rate(case, satisfaction=Satisfaction.UNSATISFIED, on=D(2026, 12, 3))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED  # reopened once only


def test_unsatisfied_after_30_days_does_not_reopen(personas):
    a = personas.a
    case = visit(a, a.party_affairs)
    services.accept(case, on=D(2026, 11, 24), by=a.party_affairs)
    services.close(case, on=D(2026, 11, 25), outcome="已答复", by=a.party_affairs)
    services.rate(case, satisfaction=Satisfaction.UNSATISFIED, on=D(2026, 12, 26))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.reopened_on is None


def test_the_case_page_takes_and_answers_a_handover(client, personas):
    a = personas.a
    case = visit(a, a.party_affairs)
    client.force_login(a.party_affairs)
    page = client.get(case.get_absolute_url())
    assert "handover" in page.context["forms"]
    response = client.post(
        reverse("reception:case_act", args=[case.pk, "handover"]),
        {"handover-to": a.unit_head.pk, "handover-to_unit": a.judicial_office.pk, "handover-reason": "属东乡辖区"},
    )
    assert response.status_code == 302
    client.force_login(a.staff)  # the judicial office's staff: the case is not in their office
    assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(a.unit_head)  # the receiver reads the offered case and answers on its page
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and "answer" in page.context["forms"]
    response = client.post(reverse("reception:case_act", args=[case.pk, "answer"]), {"answer-decision": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.owner == a.unit_head and case.unit == a.judicial_office
    client.force_login(a.staff)
    assert client.get(case.get_absolute_url()).status_code == 200  # now in their office


def test_the_todo_lists_a_pending_handover_for_its_receiver(personas):
    from qizhi.core.todo import PROVIDERS

    a = personas.a
    case = visit(a, a.party_affairs)
    services.hand_over(case, to=a.unit_head, to_unit=a.judicial_office, reason="属东乡辖区", by=a.party_affairs)
    items = list(PROVIDERS["reception.handover"].provide(a.unit_head, D(2026, 12, 3)))
    assert [i.obj.case for i in items] == [case]
    assert not list(PROVIDERS["reception.handover"].provide(a.staff, D(2026, 12, 3)))


def test_numbers_are_gapless_per_kind_and_year(personas):
    a = personas.a
    first = visit(a, a.party_affairs)
    second = visit(a, a.party_affairs)
    assert (first.number, second.number) == ("JF-2026-000001", "JF-2026-000002")
    assert Case.objects.filter(kind=CaseKind.VISIT).count() == 2
