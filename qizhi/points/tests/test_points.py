"""Points: the rules over the records (caps, floor, 一票否决, categories), approval, ranking, rebuild = stored."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from qizhi.dues import services as dues_services
from qizhi.dues.tests.helpers import actor_of, member
from qizhi.meetings.testing import meetings_of
from qizhi.party.models import Membership
from qizhi.party.testing import party_of
from qizhi.points import services
from qizhi.points.choices import EntryStatus, PointSource
from qizhi.points.models import PointEntry, PointRule, PointTotal
from qizhi.points.testing import manual_rule
from qizhi.study.models import StudyRecord
from qizhi.study.services import save_record

pytestmark = pytest.mark.django_db
YEAR = 2026


def rule(name, source, points, **fields) -> PointRule:
    return PointRule.objects.create(name=name, source=source, points=Decimal(points), **fields)


def standard_rules():
    return [
        rule("基础分", PointSource.BASE, "60"),
        rule("按时交纳党费", PointSource.DUES_ON_TIME, "1", yearly_cap=Decimal("12")),
        rule("学习", PointSource.STUDY_HOURS, "0.5", yearly_cap=Decimal("10")),
        rule("参加组织生活", PointSource.MEETING_ATTENDANCE, "2", yearly_cap=Decimal("24")),
        rule("违纪", PointSource.MANUAL, "-100", veto=True),
    ]


def test_the_score_is_capped_floored_vetoed_and_by_category():
    base = PointRule(pk=1, name="基础", source=PointSource.BASE, points=Decimal("60"))
    dues = PointRule(pk=2, name="党费", source=PointSource.DUES_ON_TIME, points=Decimal("1"), yearly_cap=Decimal("12"))
    late = PointRule(pk=3, name="迟到", source=PointSource.MANUAL, points=Decimal("-30"), yearly_cap=Decimal("50"))
    retirees = PointRule(pk=4, name="关心下一代", source=PointSource.MANUAL, points=Decimal("3"), applies_to="retired")
    veto = PointRule(pk=5, name="违纪", source=PointSource.MANUAL, points=Decimal("0"), veto=True)
    rules = [base, dues, late, retirees, veto]
    # 60 + min(13, 12) − min(90, 50) = 22; the retirees' item does not apply to a serving member
    assert services.score(rules, {"dues_on_time": 13, 3: 3, 4: 2}, retired=False).total == Decimal("22")
    assert services.score(rules, {"dues_on_time": 13, 3: 3, 4: 2}, retired=True).total == Decimal("28")
    # the floor: 60 − 50 − … never below 0
    assert services.score([late], {3: 9}, retired=False).total == Decimal("0")
    vetoed = services.score(rules, {"dues_on_time": 12, 5: 1}, retired=False)
    assert (vetoed.total, vetoed.vetoed) == (Decimal("0"), True)


@pytest.mark.dated
def test_it_counts_dues_on_time_study_hours_and_meetings_from_the_records(personas):
    standard_rules()
    actor = actor_of(personas.a)
    membership = member(personas.a, "积分党员", "3000", since=datetime.date(YEAR, 1, 1))
    for month in range(1, 4):  # January and February paid in their month; March paid in April (late)
        paid_on = datetime.date(YEAR, month + (1 if month == 3 else 0), 10)
        dues_services.pay(membership, [datetime.date(YEAR, month, 1)], by=actor, paid_on=paid_on)
    for minutes in (90, 100):  # 190 minutes: 3 whole hours
        save_record(StudyRecord(person=membership.person, date=datetime.date(YEAR, 3, 3), minutes=minutes), by=actor)
    counts = services.quantities([membership], YEAR)[membership.pk]
    assert (counts["dues_on_time"], counts["study_hours"]) == (2, 3)
    score = services.recount(Membership.objects.filter(pk=membership.pk), YEAR)[membership.pk]
    assert score.total == Decimal("63.5")  # 60 + 2 × 1 + 3 × 0.5


def test_it_counts_a_meeting_attended(personas):
    rule("参加组织生活", PointSource.MEETING_ATTENDANCE, "2")
    committee = meetings_of(personas.a)["committee"]
    attendance = committee.attendances.order_by("pk").first()
    attendance.status = "present"
    attendance.save()
    membership = Membership.objects.get(person=attendance.person, ended_on__isnull=True)
    assert services.quantities([membership], committee.date.year)[membership.pk]["meeting_attendance"] >= 1


def test_a_manual_item_is_approved_by_its_role_and_held_to_its_cap(personas):
    award = manual_rule("见义勇为", "10", yearly_cap=Decimal("20"), approver_role="branch_secretary")
    membership = party_of(personas.a)["membership"]
    secretary = personas.a.branch_secretary
    first = services.submit_entry(PointEntry(membership=membership, rule=award, date=datetime.date(YEAR, 3, 1),
                                             count=2, description="救人"), by=secretary)  # fmt: skip
    with pytest.raises(PermissionDenied):  # the party office is not this rule's approver
        services.decide_entry(first, by=personas.a.party_affairs, approve=True)
    with pytest.raises(PermissionDenied):
        services.decide_entry(first, by=personas.b.branch_secretary, approve=True)
    services.decide_entry(first, by=secretary, approve=True)
    assert PointTotal.objects.get(membership=membership, year=YEAR).total == Decimal("20")
    with pytest.raises(ValidationError) as caught:  # 20 already: one more time is over the cap
        services.submit_entry(PointEntry(membership=membership, rule=award, date=datetime.date(YEAR, 4, 1),
                                         description="再次"), by=secretary)  # fmt: skip
    assert "年度上限" in caught.value.message_dict["count"][0]
    assert PointEntry.objects.filter(membership=membership, rule=award).count() == 1
    with pytest.raises(ValidationError):
        services.decide_entry(first, by=secretary, approve=False)  # already decided


def test_an_item_needing_evidence_is_not_approved_without_it(personas):
    award = manual_rule("发表理论文章", "3", evidence_required=True)
    membership = party_of(personas.a)["membership"]
    entry = services.submit_entry(PointEntry(membership=membership, rule=award, date=datetime.date(YEAR, 3, 1),
                                             description="在省级刊物发表"), by=personas.a.branch_secretary)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.decide_entry(entry, by=personas.a.branch_secretary, approve=True)
    assert "佐证" in caught.value.message_dict["rule"][0]
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


def test_a_member_cannot_enter_items_for_someone_else_nor_automatic_ones(personas):
    membership = party_of(personas.a)["membership"]
    with pytest.raises(PermissionDenied):
        services.submit_entry(PointEntry(membership=membership, rule=manual_rule(), date=datetime.date(YEAR, 3, 1),
                                         description="x"), by=personas.a.staff)  # fmt: skip
    automatic = rule("党费", PointSource.DUES_ON_TIME, "1")
    with pytest.raises(ValidationError) as caught:
        services.submit_entry(PointEntry(membership=membership, rule=automatic, date=datetime.date(YEAR, 3, 1),
                                         description="x"), by=personas.a.branch_secretary)  # fmt: skip
    assert "rule" in caught.value.message_dict


@pytest.mark.dated
def test_the_stored_totals_equal_a_rebuild_and_rank_with_ties(client, personas):
    standard_rules()
    actor = actor_of(personas.a)
    members = [member(personas.a, name, "3000", since=datetime.date(YEAR, 1, 1)) for name in ("一", "二", "三")]
    dues_services.pay(members[0], [datetime.date(YEAR, 1, 1)], by=actor, paid_on=datetime.date(YEAR, 1, 5))
    dues_services.pay(members[1], [datetime.date(YEAR, 2, 1)], by=actor, paid_on=datetime.date(YEAR, 2, 5))
    veto = PointRule.objects.get(name="违纪")
    entry = services.submit_entry(PointEntry(membership=members[2], rule=veto, date=datetime.date(YEAR, 5, 1),
                                             description="违反廉洁纪律"), by=actor)  # fmt: skip
    call_command("rebuild_points", "--year", str(YEAR), stdout=StringIO())
    services.decide_entry(entry, by=personas.a.branch_secretary, approve=True)  # refreshes one member only
    stored = {t.membership_id: (t.total, t.vetoed) for t in PointTotal.objects.filter(year=YEAR)}
    rebuilt = services.recount(Membership.objects.filter(pk__in=stored), YEAR)
    assert stored == {pk: (s.total, s.vetoed) for pk, s in rebuilt.items()}
    assert stored[members[0].pk] == (Decimal("61"), False) and stored[members[2].pk] == (Decimal("0"), True)
    ranked = services.ranking(Membership.objects.filter(pk__in=[m.pk for m in members]), YEAR)
    assert {r.membership.person.name: r.rank for r in ranked} == {"一": 1, "二": 1, "三": 3}  # ties share a rank
    assert ranked[-1].membership.person.name == "三"
    client.force_login(personas.a.leader)
    branch = party_of(personas.a)["branch"]
    body = client.get(reverse("points-ranking"), {"party_org": branch.pk, "year": YEAR}).json()
    tied = sorted((r["person_name"], r["total"], r["rank"]) for r in body["rows"] if r["person_name"] in "一二")
    assert tied == [("一", "61.0", 1), ("二", "61.0", 1)]
    other = party_of(personas.b)["branch"]
    assert client.get(reverse("points-ranking"), {"party_org": other.pk, "year": YEAR}).status_code == 404
    assert client.get(reverse("points-ranking"), {"party_org": branch.pk, "year": "x"}).status_code == 400
