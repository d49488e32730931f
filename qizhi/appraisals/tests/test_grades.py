"""Grades: after the seal, 优秀 at most one third, 不合格 with a reason, verified before final."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qizhi.appraisals import services
from qizhi.appraisals.choices import Mark, RoundState
from qizhi.appraisals.models import Grade
from qizhi.appraisals.testing import actor, staff_round, voters_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed(personas):
    unit, people = voters_unit(personas.a, 7)
    round_ = staff_round(personas.a, unit, people)  # seven subjects: at most 2 优秀
    by = actor(personas.a)
    services.open_round(round_, by=by)
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    return round_, people, by


def test_no_grade_before_the_seal(personas):
    unit, people = voters_unit(personas.a, 3)
    round_ = staff_round(personas.a, unit, people)
    with pytest.raises(ValidationError):
        services.record_grade(round_, people[0], grade=Mark.COMPETENT, by=actor(personas.a))
    assert not Grade.objects.exists()


def test_excellent_is_capped_at_a_third(sealed):
    round_, people, by = sealed
    assert services.excellent_quota(7) == 2 and services.excellent_quota(54) == 18 and services.excellent_quota(3) == 1
    services.record_grade(round_, people[0], grade=Mark.EXCELLENT, by=by)
    services.record_grade(round_, people[1], grade=Mark.EXCELLENT, by=by)
    with pytest.raises(ValidationError) as caught:
        services.record_grade(round_, people[2], grade=Mark.EXCELLENT, by=by)
    assert "三分之一" in str(caught.value)
    assert not Grade.objects.filter(person=people[2]).exists()
    services.record_grade(round_, people[1], grade=Mark.EXCELLENT, by=by)  # re-saving one's own: still 2


def test_incompetent_needs_a_reason(sealed):
    round_, people, by = sealed
    with pytest.raises(ValidationError):
        services.record_grade(round_, people[0], grade=Mark.INCOMPETENT, reason="  ", by=by)
    grade = services.record_grade(round_, people[0], grade=Mark.INCOMPETENT, reason="全年无故缺席组织生活", by=by)
    assert grade.reason == "全年无故缺席组织生活"


def test_verification_needs_every_subject_graded_and_makes_them_final(sealed, personas):
    round_, people, by = sealed
    for person in people[:-1]:
        services.record_grade(round_, person, grade=Mark.COMPETENT, by=by)
    with pytest.raises(ValidationError):
        services.verify_grades(round_, by=by)
    assert not services.grades_of(people[0]).exists()
    services.record_grade(round_, people[-1], grade=Mark.BASIC, by=by)
    with pytest.raises(PermissionDenied):
        services.verify_grades(round_, by=personas.a.staff)
    services.verify_grades(round_, by=by)
    round_.refresh_from_db()
    assert round_.state == RoundState.GRADED
    assert [g.grade for g in services.grades_of(people[-1])] == [Mark.BASIC]
    with pytest.raises(ValidationError):
        services.record_grade(round_, people[0], grade=Mark.EXCELLENT, by=by)


def test_the_sibling_bureau_may_not_grade(sealed, personas):
    round_, people, _by = sealed
    with pytest.raises(PermissionDenied):
        services.record_grade(round_, people[0], grade=Mark.COMPETENT, by=personas.b.party_affairs)
    assert not Grade.objects.exists()
