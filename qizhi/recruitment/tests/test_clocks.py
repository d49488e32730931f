"""The legal clocks of the 发展党员 procedure at their boundaries, against hand-computed dates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from qizhi.party.choices import MembershipStatus
from qizhi.party.models import Membership
from qizhi.recruitment import services
from qizhi.recruitment.choices import Stage, Step
from qizhi.recruitment.models import Applicant
from qizhi.recruitment.tests.helpers import D, applicant, walk

pytestmark = pytest.mark.django_db


def test_months_are_calendar_months_clamped_to_the_month_end():
    assert services.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)  # leap year
    assert services.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert services.add_months(D(2025, 3, 1), 12) == D(2026, 3, 1)
    assert services.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert services.add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)
    assert services.add_months(D(2025, 6, 10), 3) == D(2025, 9, 10)


def test_the_talk_is_due_within_a_month_and_flagged_when_late(personas):
    a = applicant(personas.a, applied_on=D(2024, 1, 31))
    assert services.next_steps(a)[0] == services.Due(Step.TALK, D(2024, 1, 31), D(2024, 2, 29))
    assert services.flags(a, D(2024, 2, 29)) == []
    assert "一个月内谈话" in services.flags(a, D(2024, 3, 1))[0]  # still waiting, a day past the clock
    services.record(a, Step.TALK, on=D(2024, 3, 1), by=personas.a.party_affairs)
    assert "一个月内谈话" in services.flags(a, D(2026, 1, 1))[0]  # recorded late: allowed, and flagged
    b = applicant(personas.a, applied_on=D(2024, 1, 31), name="申请人乙")
    services.record(b, Step.TALK, on=D(2024, 2, 29), by=personas.a.party_affairs)
    assert services.flags(b, D(2026, 1, 1)) == []


def test_a_talk_before_the_application_is_refused_and_changes_nothing(personas):
    a = applicant(personas.a, applied_on=D(2024, 1, 31))
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.TALK, on=D(2024, 1, 30), by=personas.a.party_affairs)
    assert "不能早于递交入党申请书日期" in str(caught.value)
    stored = Applicant.objects.get(pk=a.pk)
    assert stored.talked_on is None and stored.version == 1


def test_an_activist_becomes_a_candidate_after_one_year_not_a_day_earlier(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.CANDIDATE)  # 积极分子 since 2024-03-01
    assert services.candidate_earliest(a) == D(2025, 3, 1)
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.CANDIDATE, on=D(2025, 2, 28), by=personas.a.party_affairs)
    message = caught.value.message_dict["on"][0]
    assert "一年以上培养教育和考察" in message and "2025年3月1日" in message and "发展党员工作细则" in message
    assert Applicant.objects.get(pk=a.pk).stage == Stage.ACTIVIST
    services.record(a, Step.CANDIDATE, on=D(2025, 3, 1), by=personas.a.party_affairs)
    assert a.stage == Stage.CANDIDATE


def test_the_half_yearly_examination_clock(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.EXAMINATION)  # 积极分子 since 2024-03-01
    assert services.examination_due(a) == D(2024, 9, 1)
    assert services.flags(a, D(2024, 9, 1)) == []
    assert "每半年考察一次" in services.flags(a, D(2024, 9, 2))[0]
    services.record(a, Step.EXAMINATION, on=D(2024, 8, 30), by=personas.a.party_affairs)
    assert services.examination_due(a) == D(2025, 2, 28)


def test_training_needs_24_hours(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.TRAINING)
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.TRAINING, on=D(2025, 4, 20), by=personas.a.party_affairs, hours=23)
    assert "24个学时" in caught.value.message_dict["hours"][0]
    services.record(a, Step.TRAINING, on=D(2025, 4, 20), by=personas.a.party_affairs, hours=24)
    assert a.training_hours == 24


def test_the_committee_review_waits_for_introducers_review_and_training(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.REVIEW)
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.COMMITTEE, on=D(2025, 5, 6), by=personas.a.party_affairs)
    assert "政治审查、集中培训" in str(caught.value)


def test_the_assembly_comes_after_the_notice_and_within_a_month_of_the_pre_review(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.ASSEMBLY)  # 预审 2025-05-20, 公示 to 05-27
    votes = {"voters": 9, "votes_for": 8}
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.ASSEMBLY, on=D(2025, 5, 27), by=personas.a.party_affairs, **votes)
    assert "公示期" in caught.value.message_dict["on"][0]
    assert services.next_steps(a)[0] == services.Due(Step.ASSEMBLY, D(2025, 5, 28), D(2025, 6, 20))
    services.record(a, Step.ASSEMBLY, on=D(2025, 6, 21), by=personas.a.party_affairs, **votes)  # a day late
    assert any("一个月内召开" in flag for flag in services.flags(a, D(2025, 6, 21)))


def test_the_assembly_needs_more_than_half_of_the_voters(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.ASSEMBLY)
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.ASSEMBLY, on=D(2025, 6, 10), by=personas.a.party_affairs, voters=10, votes_for=5)
    assert "超过应到会有表决权的正式党员的半数" in caught.value.message_dict["votes_for"][0]
    services.record(a, Step.ASSEMBLY, on=D(2025, 6, 10), by=personas.a.party_affairs, voters=9, votes_for=5)


def test_approval_within_three_months_flagged_after_and_refused_after_six(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.APPROVAL)  # 支部大会 2025-06-10
    due = services.next_steps(a)[0]
    assert (due.due, due.latest) == (D(2025, 9, 10), D(2025, 12, 10))
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.APPROVAL, on=D(2025, 12, 11), by=personas.a.party_affairs)
    assert "不得超过六个月" in caught.value.message_dict["on"][0]
    assert not Membership.objects.filter(person=a.person).exists()
    services.record(a, Step.APPROVAL, on=D(2025, 12, 10), by=personas.a.party_affairs)
    assert any("三个月内审批" in flag for flag in services.flags(a, D(2026, 1, 1)))


def test_approval_makes_the_probationary_membership_from_the_assemblys_date(personas):
    a = walk(personas.a, applicant(personas.a))
    membership = Membership.objects.get(person=a.person, ended_on__isnull=True)
    assert a.stage == Stage.PROBATIONARY and a.membership == membership
    assert (membership.status, membership.joined_on, membership.started_on) == (
        MembershipStatus.PROBATIONARY,
        D(2025, 6, 10),
        D(2025, 7, 1),
    )
    assert services.flags(a, D(2025, 7, 1)) == []
    assert services.probation_ends(a) == D(2026, 6, 10)


def test_conversion_waits_for_the_year_of_probation(personas):
    a = walk(personas.a, applicant(personas.a))
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.CONVERSION, on=D(2026, 6, 9), by=personas.a.party_affairs)
    assert "2026年6月10日届满" in caught.value.message_dict["on"][0]
    services.record(a, Step.CONVERSION, on=D(2026, 6, 10), by=personas.a.party_affairs)
    a.membership.refresh_from_db()
    assert a.stage == Stage.FULL and a.membership.status == MembershipStatus.FULL
    assert a.membership.full_on == D(2026, 6, 10)


def test_an_extension_is_six_to_twelve_months_and_only_once(personas):
    a = walk(personas.a, applicant(personas.a))
    with pytest.raises(ValidationError):
        services.record(a, Step.EXTENSION, on=D(2026, 6, 10), by=personas.a.party_affairs, months=5)
    services.record(a, Step.EXTENSION, on=D(2026, 6, 10), by=personas.a.party_affairs, months=6)
    assert services.probation_ends(a) == D(2026, 12, 10)
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.EXTENSION, on=D(2026, 6, 11), by=personas.a.party_affairs, months=6)
    assert "只能延长一次" in str(caught.value)
    with pytest.raises(ValidationError):
        services.record(a, Step.CONVERSION, on=D(2026, 12, 9), by=personas.a.party_affairs)


def test_cancelling_the_probation_ends_the_membership(personas):
    a = walk(personas.a, applicant(personas.a))
    services.record(a, Step.STOP, on=D(2026, 6, 10), by=personas.a.party_affairs, reason="不履行党员义务")
    a.membership.refresh_from_db()
    assert a.stage == Stage.STOPPED and a.membership.ended_on == D(2026, 6, 10)
    assert services.next_steps(a) == []


def test_a_probationary_introducer_is_refused(personas):
    a = walk(personas.a, applicant(personas.a))  # now a probationary member
    b = walk(personas.a, applicant(personas.a, name="申请人乙"), until=Step.INTRODUCERS)
    with pytest.raises(ValidationError) as caught:
        services.record(b, Step.INTRODUCERS, on=D(2025, 7, 5), by=personas.a.party_affairs,
                        introducer_1=a.membership, introducer_2=a.membership)  # fmt: skip
    assert "不同的党员" in str(caught.value)
    from qizhi.party.testing import party_of

    with pytest.raises(ValidationError) as caught:
        services.record(b, Step.INTRODUCERS, on=D(2025, 7, 5), by=personas.a.party_affairs,
                        introducer_1=party_of(personas.a)["membership"], introducer_2=a.membership)  # fmt: skip
    assert "入党介绍人应为正式党员" in caught.value.message_dict["introducer_2"][0]
    assert Applicant.objects.get(pk=b.pk).introducer_1 is None


def test_a_step_out_of_order_is_refused(personas):
    a = applicant(personas.a)
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.CANDIDATE, on=D(2025, 3, 1), by=personas.a.party_affairs)
    assert "只能在“入党积极分子”阶段办理" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.record(a, Step.ACTIVIST, on=D(2024, 3, 1), by=personas.a.party_affairs)
    assert "先派人同入党申请人谈话" in str(caught.value)
