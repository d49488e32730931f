"""Who may move a round, grade and verify is the services' decision (on the locked round); the round's
page and the grading page ask the same predicates, so no button leads to a refusal. Nothing here reads
a ballot or a roll."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qizhi.appraisals import services
from qizhi.appraisals.choices import Mark, RoundState
from qizhi.appraisals.models import Grade
from qizhi.appraisals.testing import appraisal_of
from qizhi.core.refusals import Refused

pytestmark = pytest.mark.django_db


def test_only_a_manager_where_the_round_is_grades_it(personas):
    data = appraisal_of(personas.a)
    last, grade = data["last"], data["grade"]
    # staff: views only; the leader: approves, changes nothing; the sibling bureau's party affairs
    for outsider in (personas.a.staff, personas.a.leader, personas.b.party_affairs):
        assert not services.may_move(outsider, last, RoundState.SEALED)
        with pytest.raises(Refused):
            services.record_grade(last, grade.person, grade=Mark.BASIC, by=outsider)
    assert Grade.objects.get(pk=grade.pk).grade == Mark.COMPETENT

    assert services.may_move(personas.a.party_affairs, last, RoundState.SEALED)
    services.record_grade(last, grade.person, grade=Mark.BASIC, by=personas.a.party_affairs)
    assert Grade.objects.get(pk=grade.pk).grade == Mark.BASIC


def test_only_an_approver_where_the_round_is_verifies_its_grades(personas):
    last = appraisal_of(personas.a)["last"]
    for outsider in (personas.a.staff, personas.b.party_affairs):
        assert not services.may_verify(outsider, last)
        with pytest.raises(Refused):
            services.verify_grades(last, by=outsider)
    last.refresh_from_db()
    assert last.state == RoundState.SEALED

    for person in last.subjects.exclude(pk__in=last.grades.values("person")):
        services.record_grade(last, person, grade=Mark.COMPETENT, by=personas.a.party_affairs)
    assert services.may_verify(personas.a.leader, last)
    services.verify_grades(last, by=personas.a.leader)
    assert last.state == RoundState.GRADED


def test_the_pages_offer_only_the_moves_the_services_allow(client, personas):
    data = appraisal_of(personas.a)
    draft, last = data["draft"], data["last"]
    assert not services.may_move(personas.a.leader, draft, RoundState.DRAFT)
    with pytest.raises(Refused):
        services.open_round(draft, by=personas.a.leader)
    draft.refresh_from_db()
    assert draft.state == RoundState.DRAFT

    client.force_login(personas.a.leader)
    assert (
        reverse("appraisals:round_open", args=[draft.pk]) not in client.get(draft.get_absolute_url()).content.decode()
    )
    grading = client.get(reverse("appraisals:grading", args=[last.pk])).content.decode()
    assert 'name="verify"' in grading and 'name="grade"' not in grading  # verifies, does not grade

    client.force_login(personas.a.staff)
    grading = client.get(reverse("appraisals:grading", args=[last.pk]))
    if grading.status_code == 200:
        assert 'name="verify"' not in grading.content.decode()
