"""转办 and 退回 of a supervision item: passed on, accepted (then the colleague answers, the owner no
longer), declined, or returned to the supervisor with a reason; each step moves it between inboxes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core import todo
from qizhi.org.testing import PASSWORD, make_person, make_user
from qizhi.targets import handoff, services
from qizhi.targets.choices import SupervisionStatus
from qizhi.targets.testing import plan_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(personas):
    a = personas.a
    return services.open_supervision(
        plan_of(a)["member"], by=a.leader, instruction="请加快进度", deadline=datetime.date(2026, 12, 20)
    )


@pytest.fixture
def colleague(personas):
    a = personas.a
    user = make_user("a_colleague", role=Role.STAFF, unit=a.judicial_office)
    make_person(a.judicial_office, "云溪丁", user=user)
    return user


def kinds(user) -> set[str]:
    return {i.kind for i in todo.items_for(user)}


def test_a_passed_on_item_is_the_colleagues_once_accepted(personas, item, colleague):
    a = personas.a
    assert [p.user for p in handoff.colleagues(item, a.staff)] == [colleague]
    handoff.pass_on(item, by=a.staff, to=colleague, note="请丁同志承办")
    assert "targets.handoff" in kinds(colleague) and "targets.supervision" not in kinds(a.staff)

    handoff.accept(item, by=colleague)
    item.refresh_from_db()
    assert item.assignee == colleague and item.handoff_to is None
    assert "targets.supervision" in kinds(colleague) and "targets.supervision" not in kinds(a.staff)
    with pytest.raises(PermissionDenied):
        services.respond_supervision(item, by=a.staff, response="我来反馈")  # no longer the owner's to answer
    services.respond_supervision(item, by=colleague, response="已调处40件")
    assert item.status == SupervisionStatus.RESPONDED


def test_a_declined_hand_off_comes_back_to_the_owner(personas, item, colleague):
    a = personas.a
    handoff.pass_on(item, by=a.staff, to=colleague)
    with pytest.raises(ValidationError):
        handoff.decline(item, by=colleague, reason=" ")
    handoff.decline(item, by=colleague, reason="不在我的职责范围")
    assert "targets.supervision" in kinds(a.staff) and "targets.handoff" not in kinds(colleague)


def test_only_the_answerer_passes_on_and_only_to_someone_who_sees_the_item(personas, item, colleague):
    a, b = personas.a, personas.b
    with pytest.raises(PermissionDenied):
        handoff.pass_on(item, by=colleague, to=a.unit_head)
    with pytest.raises(ValidationError) as refused:
        handoff.pass_on(item, by=a.staff, to=b.staff)  # the sibling bureau cannot see it
    assert "to" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        handoff.accept(item, by=colleague)  # nothing was passed to them


def test_a_returned_item_goes_back_to_the_supervisor_with_the_reason(personas, item):
    a = personas.a
    with pytest.raises(ValidationError):
        handoff.return_to_supervisor(item, by=a.staff, reason="")
    handoff.return_to_supervisor(item, by=a.staff, reason="该任务已调整给办公室")
    item.refresh_from_db()
    assert item.status == SupervisionStatus.RETURNED and item.return_reason == "该任务已调整给办公室"
    assert "targets.supervision" not in kinds(a.staff)
    assert "targets.supervision_close" in kinds(a.leader)
    handoff.reissue(item, by=a.leader)
    assert "targets.supervision" in kinds(a.staff)


def test_the_page_offers_pass_on_and_return_to_the_owner_only(client, personas, item, colleague):
    a = personas.a
    client.login(username=a.staff.username, password=PASSWORD)
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'id="pass-on"' in html and 'id="return-form"' in html and "云溪丁" in html
    response = client.post(reverse("targets:supervision_pass_on", args=[item.pk]), {"to": colleague.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.handoff_to == colleague
    client.logout()
    client.login(username=a.leader.username, password=PASSWORD)
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'id="pass-on"' not in html and 'id="return-form"' not in html
    assert client.post(reverse("targets:supervision_return", args=[item.pk]), {"reason": "x"}).status_code == 403
    assert Grant.objects.filter(user=colleague).exists()
