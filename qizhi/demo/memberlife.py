"""The demo's member life beyond dues and points: applicants at every stage of the 发展党员 procedure,
a 换届选举 waiting for approval in the branch whose term is ending, and the year's 老干部工作
(seed 000: 座谈会 on 五一, 七一 and 重阳, visits and 慰问, an outing to 神剑园, hardship help)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from qizhi.appraisals import services as appraisals
from qizhi.appraisals.choices import Vote
from qizhi.meetings import services as meetings
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import Meeting
from qizhi.org.choices import PoliticalStatus
from qizhi.org.models import Person
from qizhi.party import elections
from qizhi.party import services as party
from qizhi.party.choices import MembershipStatus, OfficerRole
from qizhi.party.models import Election, Membership, PartyOrg
from qizhi.recruitment import services as recruitment
from qizhi.recruitment.choices import Step
from qizhi.veterans import services as veterans
from qizhi.veterans.choices import CareKind, Occasion
from qizhi.veterans.models import CareVisit, HardshipAid

DAY = datetime.timedelta(days=1)


def build_memberlife(bureau, *, actor, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "elections": build_election(bureau, actor=actor, today=today),
        "care": build_veterans(bureau, actor=actor, today=today),
    }


# --- 发展党员 -------------------------------------------------------------------------------------


def build_recruitment(bureau, *, actor, today: datetime.date) -> int:
    """Four serving non-members of the 机关党支部's units, each at a later stage, and one of its
    probationary members walked back through the procedure that made them one (seed 000 keeps 66
    members); every clock kept."""
    branch = PartyOrg.objects.get(unit=bureau, name="机关党支部")
    members = list(
        Membership.objects.filter(branch=branch, status=MembershipStatus.FULL, ended_on__isnull=True)
        .select_related("person")
        .order_by("pk")[:4]
    )
    candidates = Person.objects.filter(
        unit__path__startswith=bureau.path,
        retired=False,
        political_status__in=(PoliticalStatus.MASSES, PoliticalStatus.LEAGUE_MEMBER),
    )
    people = list(candidates.order_by("-birth_date", "pk")[:4])
    probationary = Membership.objects.filter(branch=branch, status=MembershipStatus.PROBATIONARY).first()
    if probationary is not None:
        people.append(probationary.person)
        probationary.delete()  # recorded again, with its dates, by the procedure's approval
    plans = [_applied, _activist, _ready_for_candidacy, _awaiting_assembly, _probationary]
    for person, plan in zip(people, plans, strict=False):
        plan(person, branch=branch, members=members, actor=actor, today=today)
    return len(people)


def _apply(person, branch, actor, on):
    return recruitment.apply(person, branch=branch, applied_on=on, by=actor)


def _step(applicant, step, on, actor, **data):
    recruitment.record(applicant, step, on=on, by=actor, **data)


def _applied(person, *, branch, members, actor, today):
    _apply(person, branch, actor, today - 20 * DAY)  # the talk is due within ten days


def _activist(person, *, branch, members, actor, today, since: int = 200, until: datetime.date | None = None):
    """An 积极分子 since ``since`` days ago, examined every half year up to ``until`` (default today)."""
    start = recruitment.add_months(today, -(since // 30) - 1)
    a = _apply(person, branch, actor, start)
    _step(a, Step.TALK, start + 14 * DAY, actor, talked_by=str(members[0].person))
    _step(a, Step.ACTIVIST, today - since * DAY, actor, contact_1=members[0], contact_2=members[1])
    until = until or today
    while recruitment.examination_due(a) <= until:
        _step(a, Step.EXAMINATION, recruitment.examination_due(a) - 3 * DAY, actor)
    return a


def _ready_for_candidacy(person, *, branch, members, actor, today):
    return _activist(person, branch=branch, members=members, actor=actor, today=today, since=380)


def _awaiting_assembly(person, *, branch, members, actor, today):
    a = _activist(person, branch=branch, members=members, actor=actor, today=today, since=560, until=today - 200 * DAY)
    _step(a, Step.CANDIDATE, recruitment.add_months(a.activist_on, 12), actor)
    _prepare(a, members, actor, start=a.candidate_on)
    _step(a, Step.PREREVIEW, today - 12 * DAY, actor)
    _step(a, Step.NOTICE, today - 10 * DAY, actor, until=today - 4 * DAY)
    return a


def _prepare(a, members, actor, *, start):
    _step(a, Step.INTRODUCERS, start + 7 * DAY, actor, introducer_1=members[2], introducer_2=members[3])
    _step(a, Step.REVIEW, start + 30 * DAY, actor)
    _step(a, Step.TRAINING, start + 40 * DAY, actor, hours=24)
    _step(a, Step.COMMITTEE, start + 50 * DAY, actor)


def _probationary(person, *, branch, members, actor, today):
    a = _activist(person, branch=branch, members=members, actor=actor, today=today, since=1000, until=today - 640 * DAY)
    _step(a, Step.CANDIDATE, recruitment.add_months(a.activist_on, 12), actor)
    assembly = today - 320 * DAY  # the year of probation ends in about six weeks
    _prepare(a, members, actor, start=a.candidate_on)
    _step(a, Step.PREREVIEW, assembly - 20 * DAY, actor)
    _step(a, Step.NOTICE, assembly - 18 * DAY, actor, until=assembly - 12 * DAY)
    _step(a, Step.ASSEMBLY, assembly, actor, voters=20, votes_for=19, votes_against=0, votes_abstain=1)
    _step(a, Step.APPROVAL, assembly + 40 * DAY, actor)
    return a


# --- 换届选举 -------------------------------------------------------------------------------------


def build_election(bureau, *, actor, today: datetime.date) -> int:
    """The branch whose term ends within the warning window held its election last week by secret ballot
    (one more candidate than seats; all but one elector voted); the ballot is sealed and counted, and the
    party office has still to approve it."""
    term = party.expiring_terms(PartyOrg.objects.filter(unit__path__startswith=bureau.path), today).first()
    if term is None:
        return 0
    org = term.party_org
    electors = [m.person for m in elections.eligible(org).select_related("person").order_by("pk")]
    if not electors:
        return 0
    seats = min(3, len(electors))
    election = Election(
        party_org=org, held_on=today - 7 * DAY, seats=seats, term_years=3,
        note="差额选举，候选人由党员推荐、支委会研究提出",
    )  # fmt: skip
    election.stamp(actor)
    election.save()
    candidates = electors[: seats + 1]
    for index, person in enumerate(candidates):
        role = OfficerRole.SECRETARY if index == 0 else OfficerRole.COMMITTEE_MEMBER
        elections.add_candidate(election, person=person, role=role, by=actor)
    assembly = datetime.datetime.combine(
        election.held_on, datetime.time(14, 30), tzinfo=timezone.get_current_timezone()
    )
    ballot = appraisals.create_election_round(
        election, opens_at=assembly, closes_at=assembly + datetime.timedelta(hours=2), by=actor
    )
    appraisals.open_round(ballot, by=actor)
    voting = electors if len(electors) < 6 else electors[:-1]  # one absent in a larger branch
    for index, voter in enumerate(voting):
        chosen = list(candidates[:seats])
        if index % 4 == 3 and len(candidates) > seats:  # a quarter prefer the extra candidate to the last
            chosen[-1] = candidates[seats]
        marks = {str(c.pk): {"选举": Vote.FOR if c in chosen else Vote.AGAINST} for c in candidates}
        appraisals.cast_for(ballot, voter, marks=marks, now=assembly + datetime.timedelta(minutes=10 + index))
    appraisals.close_round(ballot, by=actor)
    appraisals.seal(ballot, by=actor)  # counts into the election: 待报批
    return 1


# --- 老干部工作 -----------------------------------------------------------------------------------

FESTIVALS = ((5, 1, Occasion.LABOUR_DAY), (7, 1, Occasion.PARTY_DAY), (10, 18, Occasion.DOUBLE_NINTH))


def build_veterans(bureau, *, actor, today: datetime.date) -> int:
    """This year's forums, visits, an outing and hardship help for the 退休老干部支部's members."""
    rng = random.Random(1999)
    branch = PartyOrg.objects.get(unit=bureau, name="退休老干部支部")
    old = list(Person.objects.filter(unit__path__startswith=bureau.path, retired=True).order_by("pk"))
    year, records = today.year, 0
    for month, day, occasion in FESTIVALS:
        date = datetime.date(year, month, day)
        if date > today:
            continue
        _forum(branch, date, occasion, actor=actor, rng=rng)
        chosen = rng.sample(old, k=min(len(old), 6))
        _care(
            bureau,
            CareKind.VISIT,
            date + DAY,
            occasion,
            f"{Occasion(occasion).label}走访看望老同志",
            chosen,
            gifts="米、油、水果",
            amount=Decimal(200 * len(chosen)),
            actor=actor,
        )
        records += 1
    spring = datetime.date(year, 2, 10)
    if spring <= today:
        _care(
            bureau,
            CareKind.CONDOLENCE,
            spring,
            Occasion.SPRING_FESTIVAL,
            "春节慰问退休老同志",
            old,
            gifts="慰问信、年货",
            amount=Decimal(300 * len(old)),
            actor=actor,
        )
    outing = datetime.date(year, 5, 8)
    if outing <= today:
        _care(
            bureau,
            CareKind.ACTIVITY,
            outing,
            Occasion.OTHER,
            "组织老干部参观将军故里神剑园",
            rng.sample(old, k=min(len(old), 12)),
            actor=actor,
        )
    for index, (need, amount) in enumerate(
        (
            ("住院手术，医疗费用负担重", "3000.00"),
            ("老伴长期患病，家庭生活困难", "2000.00"),
            ("房屋年久漏雨，需要维修", None),
        )
    ):
        aid = HardshipAid(
            unit=bureau,
            person=old[index],
            reported_on=today - (120 - 50 * index) * DAY,
            need=need,
            requested=Decimal(amount) if amount else Decimal("5000.00"),
        )
        aid.stamp(actor)
        aid.save()
        if amount:
            veterans.decide_aid(
                aid,
                grant=True,
                amount=Decimal(amount),
                on=aid.reported_on + 10 * DAY,
                by=actor,
                decision="局党组研究同意给予一次性困难帮扶",
            )
    return records


def _forum(branch, day, occasion, *, actor, rng) -> Meeting:
    topic = f"{Occasion(occasion).label}老干部座谈会"
    meeting = Meeting(kind=MeetingKind.VETERANS_FORUM, party_org=branch, date=day, topic=topic, place="局机关会议室")
    meeting.minutes = "<p>局党组书记通报全局工作情况，听取老同志意见建议。</p>"
    meeting = meetings.save_meeting(meeting, by=actor)
    marks = {row.pk: ("absent", "sick", "") for row in meeting.attendances.all() if rng.random() < 0.15}
    meetings.record_attendance(meeting, marks, by=actor)
    return meetings.mark_held(meeting, by=actor, today=max(day, timezone.localdate()))


def _care(bureau, kind, day, occasion, title, people, *, actor, gifts="", amount=Decimal("0")) -> CareVisit:
    visit = CareVisit(
        unit=bureau,
        kind=kind,
        date=day,
        occasion=occasion,
        title=title,
        visitors="局党组书记、政治处主任",
        gifts=gifts,
        amount=amount,
    )
    visit.stamp(actor)
    visit.save()
    visit.veterans.set(people)
    return visit
