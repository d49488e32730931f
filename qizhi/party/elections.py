"""换届选举: the candidates, the secret ballot's counts, who is elected, the higher organ's approval, and
the new term that replaces the old one (中国共产党基层组织选举工作条例, 2020).

The vote itself is the secret ballot of ``appraisals`` (a layer above: it calls ``start_voting`` when it
makes the election's round and ``record_tally`` when the round is sealed); nobody types a count here."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action, Role
from qizhi.core.refusals import Refused, lock, require
from qizhi.core.scoping import scope_of
from qizhi.party.choices import ElectionStatus, MembershipStatus, OfficerRole
from qizhi.party.models import Candidate, Election, Membership, Term
from qizhi.party.services import appoint

RULES = _("《中国共产党基层组织选举工作条例》")


def quorate(election: Election) -> bool:
    """到会有选举权的党员超过应到会人数的五分之四，会议有效."""
    return election.present * 5 > election.voters * 4


def has_majority(election: Election, candidate: Candidate) -> bool:
    """赞成票超过实到会有选举权人数的一半，始得当选."""
    return candidate.votes * 2 > election.present


def elected(election: Election) -> list[Candidate]:
    """The candidates with a majority, most votes first, at most the seats."""
    winners = [c for c in election.candidates.select_related("person") if has_majority(election, c)]
    return sorted(winners, key=lambda c: -c.votes)[: election.seats]


# The higher organ answers an election: the party office (政治处/办公室) or an administrator over the
# organization's unit — never the branch's own secretary, who also holds APPROVE in "party".
APPROVING_ROLES = (Role.PARTY_AFFAIRS, Role.ADMIN)


def may_approve(election: Election, user) -> bool:
    scope = scope_of(user)
    if not Election.objects.for_action(user, Action.APPROVE).filter(pk=election.pk).exists():
        return False
    if scope.unrestricted:
        return True
    path = election.party_org.unit.path
    return any(g.role in APPROVING_ROLES and path.startswith(g.path) for g in scope.grants)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_result(election: Election) -> list[Candidate]:
    if not quorate(election):
        raise ValidationError({"present": _(
            "到会有选举权的党员未超过应到会人数的五分之四（{rules}）：应到{n}人，实到{k}人，选举无效").format(
            rules=RULES, n=election.voters, k=election.present)})  # fmt: skip
    winners = elected(election)
    if not winners:
        raise ValidationError({"candidates": _("没有候选人获得超过实到会人数一半的赞成票，无人当选")})
    losers = [c for c in election.candidates.all() if c not in winners and has_majority(election, c)]
    if any(c.votes == winners[-1].votes for c in losers):
        raise ValidationError(
            {"candidates": _("得票超过半数的候选人多于应选名额且末位得票相等，应就得票相等的候选人再次投票")}
        )
    secretaries = [c for c in winners if c.role == OfficerRole.SECRETARY]
    if len(secretaries) != 1:
        raise ValidationError({"candidates": _("新一届委员会应选举产生一名书记（在当选人中登记）")})
    return winners


@transaction.atomic
def approve(election: Election, *, on: datetime.date, by, reference: str = "",
            effective_on: datetime.date | None = None) -> Term:  # fmt: skip
    """The higher organ approves: a new term from ``effective_on`` (default: the approval), its
    officers from the elected, and the old term closed the day before."""
    lock(election)
    if not may_approve(election, by):
        raise Refused(_("换届选举结果由上级党组织（党务部门）批复"))
    if election.status == ElectionStatus.APPROVED:
        raise ValidationError({"status": _("该选举已于{day}批复").format(day=date_format(election.approved_on))})
    if election.status != ElectionStatus.COUNTED:
        raise ValidationError({"status": _("该选举尚未完成无记名投票和计票，不能批复")})
    if not election.held_on <= on <= timezone.localdate():
        raise ValidationError({"approved_on": _("批复日期应在选举大会日期与今天之间")})
    start = effective_on or on
    if start < election.held_on:
        raise ValidationError({"effective_on": _("新一届委员会的生效日期不能早于选举大会日期")})
    winners = _check_result(election)
    org = election.party_org
    number = (org.terms.aggregate(n=Max("number"))["n"] or 0) + 1
    for old in org.terms.filter(end_date__gte=start, start_date__lt=start - datetime.timedelta(days=1)):
        old.end_date = start - datetime.timedelta(days=1)  # 换届: the old committee ends as the new one begins
        old.stamp(by)
        old.save()
    term = Term(party_org=org, number=number, start_date=start, end_date=add_years(start, election.term_years))
    term.stamp(by)
    term.save()
    for candidate in winners:
        appoint(term, candidate.person, candidate.role, by=by, confirm_retired=True)
    election.status, election.approved_on, election.approval_ref = ElectionStatus.APPROVED, on, reference[:60]
    election.new_term = term
    election.stamp(by)
    election.save()
    return term


def eligible(party_org):
    """Who may stand: the organization's current full members (预备党员 have neither vote nor candidacy)."""
    return Membership.objects.filter(branch=party_org, ended_on__isnull=True, status=MembershipStatus.FULL)


@transaction.atomic
def add_candidate(election: Election, *, person, role: str, by) -> Candidate:
    lock(election)
    require(election, by=by, action=Action.CHANGE, message=_("您不能修改{election}").format(election=election))
    if election.status != ElectionStatus.DRAFT:
        raise ValidationError({"status": _("投票已开始，不能再修改候选人")})
    if not eligible(election.party_org).filter(person=person).exists():
        raise ValidationError({"person": _("候选人应为{org}的正式党员").format(org=election.party_org)})
    if election.candidates.filter(person=person).exists():
        raise ValidationError({"person": _("该同志已是本次选举的候选人")})
    candidate = Candidate(election=election, person=person, role=role)
    candidate.stamp(by)
    candidate.save()
    return candidate


def may_start_voting(election: Election, user) -> bool:
    """The election page's 发起无记名投票: a draft election, to one who may change it (``start_voting``)."""
    return (
        election.status == ElectionStatus.DRAFT
        and Election.objects.for_action(user, Action.CHANGE).filter(pk=election.pk).exists()
    )


@transaction.atomic
def start_voting(election: Election, *, by) -> Election:
    """Draft → voting, when the secret ballot is made: the candidates are settled from here on."""
    lock(election)
    require(election, by=by, action=Action.CHANGE, message=_("您不能为{election}组织投票").format(election=election))
    if election.status != ElectionStatus.DRAFT:
        raise ValidationError({"status": _("该选举已经发起过投票")})
    if election.candidates.count() < election.seats:
        raise ValidationError(
            {"candidates": _("候选人不能少于应选名额（{n}名）").format(n=election.seats)}
        )  # fmt: skip
    election.status = ElectionStatus.VOTING
    election.stamp(by)
    election.save()
    return election


@transaction.atomic
def record_tally(election: Election, *, votes: dict[int, int], voters: int, present: int, by) -> Election:
    """Voting → counted: the sealed ballot's 赞成 per candidate (person id → count), its roll (应到) and the
    ballots cast (实到). Only the ballot engine calls this, from its seal."""
    lock(election)
    if election.status != ElectionStatus.VOTING:
        raise ValidationError({"status": _("该选举不在投票中，不能计票")})
    for candidate in election.candidates.all():
        candidate.votes = votes.get(candidate.person_id, 0)
        candidate.stamp(by)
        candidate.save()
    election.voters, election.present, election.status = voters, present, ElectionStatus.COUNTED
    election.stamp(by)
    election.save()
    return election
