"""The rules of 民主评议: who may open, vote, close, seal, see results and grade — and the secret ballot.

The same engine carries the secret vote of a 换届选举 (``create_election_round``): the candidates are the
subjects, the organization's full members the one electorate, a ballot says 赞成/反对/弃权 of each
candidate, and the seal hands the counts to ``party.elections.record_tally``.

A cast is one transaction: it locks the round and the voter's roll row, re-reads them, fills one
random blank ballot of that electorate (no person, user, time on it) and marks the roll row. The seal
rewrites the electorate's roll and ballots in random order, so that nothing in the live database
(PostgreSQL ``xmin``/``ctid``, SQLite rowid, physical order) ties a roll row to a ballot; only then
do results exist. See ``docs/appraisals.md`` for what this does not protect against.
"""

from __future__ import annotations

import hashlib
import math
import random
import secrets
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.appraisals.choices import ELECTION_DIMENSIONS, MARK_POINTS, ElectorateKind, Mark, RoundState, Vote
from qizhi.appraisals.models import Ballot, Electorate, Grade, RollEntry, Round
from qizhi.core import todo
from qizhi.core.refusals import Refused, lock, require, require_covers
from qizhi.core.scoping import subtree_q
from qizhi.org.models import Person
from qizhi.party import elections as party_elections
from qizhi.party.choices import MembershipStatus
from qizhi.party.models import Election

AREA = "appraisals"
# The electorates a 民主评议 may declare (an election's is made by ``create_election_round``).
APPRAISAL_KINDS = [(k.value, k.label) for k in (ElectorateKind.BRANCH, ElectorateKind.STAFF)]
_random = random.SystemRandom()
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed back


def min_ballots() -> int:
    return getattr(settings, "APPRAISAL_MIN_BALLOTS", 5)


def excellent_quota(subjects: int) -> int:
    return math.floor(subjects * getattr(settings, "APPRAISAL_EXCELLENT_SHARE", 1 / 3) + 1e-9)


def digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def new_receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


# --- Rounds ------------------------------------------------------------------------------------


def default_subjects(party_org) -> list[Person]:
    if party_org is None:
        return []
    return list(Person.objects.filter(memberships__branch=party_org, memberships__ended_on__isnull=True).distinct())


def create_round(*, unit, year, title, opens_at, closes_at, by, party_org=None, subjects=None,
                 kinds=(ElectorateKind.BRANCH, ElectorateKind.STAFF), dimensions=None) -> Round:  # fmt: skip
    """A draft round with its electorates and subjects (the branch's current members by default)."""
    require_covers(by, Action.ADD, AREA, unit.path, _("您无权在该单位组织民主评议"))
    if not set(kinds) <= {value for value, _label in APPRAISAL_KINDS}:
        raise ValidationError({"kinds": _("评议主体只能为支部党员评议或全体干警评议")})
    if party_org is None and ElectorateKind.BRANCH in kinds:
        raise ValidationError({"party_org": _("支部党员评议须选择党组织")})
    with transaction.atomic():
        round_ = Round(unit=unit, party_org=party_org, year=year, title=title, opens_at=opens_at, closes_at=closes_at)
        if dimensions:
            round_.dimensions = [str(d).strip() for d in dimensions if str(d).strip()]
        round_.stamp(by)
        round_.full_clean()
        round_.save()
        round_.subjects.set(default_subjects(party_org) if subjects is None else subjects)
        for kind in kinds:
            Electorate.objects.create(round=round_, kind=kind, created_by=by, updated_by=by)
    return round_


def electors(party_org) -> list[Person]:
    """Who has the vote in an organization's election: its current full members (预备党员 have none)."""
    return list(
        Person.objects.filter(
            memberships__branch=party_org,
            memberships__ended_on__isnull=True,
            memberships__status=MembershipStatus.FULL,
        ).distinct()
    )


def voters_of(electorate: Electorate) -> list[Person]:
    round_ = electorate.round
    if electorate.kind == ElectorateKind.BRANCH:
        return default_subjects(round_.party_org)
    if electorate.kind == ElectorateKind.ELECTORS:
        return electors(round_.party_org)
    return list(Person.objects.filter(subtree_q("unit__path", round_.unit.path), retired=False))


def choices_of(round_: Round) -> list[tuple[str, str]]:
    """What a ballot of the round may say of a subject: a vote in an election, a mark in an appraisal."""
    return Vote.choices if round_.is_election else Mark.choices


def create_election_round(election: Election, *, opens_at, closes_at, by) -> Round:
    """The secret ballot of a 换届选举: a draft round whose subjects are the candidates and whose one
    electorate is the organization's full members; the election moves to 投票中 in the same transaction
    (``party.elections.start_voting`` checks who may and that the candidates are complete)."""
    org = election.party_org
    require_covers(by, Action.ADD, AREA, org.unit.path, _("您无权在该单位组织无记名投票"))
    with transaction.atomic():
        party_elections.start_voting(election, by=by)
        round_ = Round(
            unit=org.unit, party_org=org, election=election, year=election.held_on.year,
            title=_("{election}无记名投票").format(election=election)[:100],
            opens_at=opens_at, closes_at=closes_at, dimensions=list(ELECTION_DIMENSIONS),
        )  # fmt: skip
        round_.stamp(by)
        round_.full_clean()
        round_.save()
        round_.subjects.set([c.person for c in election.candidates.select_related("person")])
        Electorate.objects.create(round=round_, kind=ElectorateKind.ELECTORS, created_by=by, updated_by=by)
    return round_


def may_manage(user, round_: Round) -> bool:
    """Who opens, closes, seals and grades a round: CHANGE where it is (the services require the same)."""
    return Round.objects.for_action(user, Action.CHANGE).filter(pk=round_.pk).exists()


def may_move(user, round_: Round, state: str) -> bool:
    """What the round's page offers: the next move from ``state`` (open, close, seal, grade), to whom
    ``open_round``, ``close_round``, ``seal`` and ``record_grade`` let through (an election is not graded)."""
    if state == RoundState.SEALED and round_.is_election:
        return False
    return round_.state == state and may_manage(user, round_)


def may_verify(user, round_: Round) -> bool:
    """The grading page's 确认 button: a sealed round, to one who may approve it (``verify_grades``)."""
    return (
        round_.state == RoundState.SEALED
        and not round_.is_election
        and Round.objects.for_action(user, Action.APPROVE).filter(pk=round_.pk).exists()
    )


def open_round(round_: Round, *, by) -> Round:
    """Draft → open: the roll of each electorate, and one blank ballot per voter, in random order."""
    with transaction.atomic():
        lock(round_)
        require(round_, by=by, action=Action.CHANGE, message=_("您无权开启该评议"))
        if round_.state != RoundState.DRAFT:
            raise ValidationError({"state": _("只有准备中的评议可以开启")})
        if not round_.subjects.exists():
            raise ValidationError({"subjects": _("请先确定评议对象")})
        for electorate in round_.electorates.all():
            voters = voters_of(electorate)
            if not voters:
                raise ValidationError({"state": _("{e}没有投票人").format(e=electorate.get_kind_display())})
            RollEntry.objects.bulk_create([RollEntry(electorate=electorate, person=p) for p in voters])
            Ballot.objects.bulk_create([Ballot(electorate=electorate) for _p in voters])  # random ids
        round_.state = RoundState.OPEN
        round_.stamp(by)
        round_.save()
    return round_


def close_round(round_: Round, *, by) -> Round:
    with transaction.atomic():
        lock(round_)
        require(round_, by=by, action=Action.CHANGE, message=_("您无权截止该评议"))
        if round_.state != RoundState.OPEN:
            raise ValidationError({"state": _("只有投票中的评议可以截止")})
        round_.state = RoundState.CLOSED
        round_.stamp(by)
        round_.save()
    return round_


def _rewrite(model, queryset) -> None:
    """Delete the rows and write them again in random order (new system columns, new physical order)."""
    rows = list(queryset)
    queryset.delete()
    _random.shuffle(rows)
    for row in rows:
        row._state.adding = True
    model.objects.bulk_create(rows)


def seal(round_: Round, *, by) -> Round:
    """Closed → sealed: drop the unused blanks, rewrite roll and ballots in random order, then compact.

    Nothing is counted before this: ``results`` refuses an unsealed round."""
    with transaction.atomic():
        lock(round_)
        require(round_, by=by, action=Action.CHANGE, message=_("您无权封存该评议"))
        if round_.state != RoundState.CLOSED:
            raise ValidationError({"state": _("投票截止后才能封存")})
        Ballot.objects.filter(electorate__round=round_, filled=False).delete()
        _rewrite(RollEntry, RollEntry.objects.filter(electorate__round=round_))
        _rewrite(Ballot, Ballot.objects.filter(electorate__round=round_))
        round_.state = RoundState.SEALED
        round_.stamp(by)
        round_.save()
        if round_.is_election:
            _tally(round_, by=by)
        transaction.on_commit(compact)
    return round_


def _tally(round_: Round, *, by) -> None:
    """The sealed ballots counted into the election: 赞成 per candidate, the roll as 应到 and the ballots
    cast as 实到 (a voter who did not vote did not take part); the election's rules decide from there."""
    marks = list(Ballot.objects.filter(electorate__round=round_, filled=True).values_list("marks", flat=True))
    votes = Counter(
        int(subject) for ballot in marks for subject, ratings in ballot.items() if Vote.FOR in ratings.values()
    )
    voters = RollEntry.objects.filter(electorate__round=round_).count()
    party_elections.record_tally(round_.election, votes=dict(votes), voters=voters, present=len(marks), by=by)


def compact() -> None:
    """Reclaim the dead row versions the casts left (their system columns), when not inside a transaction."""
    if connection.in_atomic_block:
        return  # a test's wrapping transaction: the rewrite above is what the tests check
    tables = [RollEntry._meta.db_table, Ballot._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f'VACUUM FULL "{table}"')
        elif connection.vendor == "sqlite":
            cursor.execute("VACUUM")


# --- Voting --------------------------------------------------------------------------------------


def person_of(user) -> Person | None:
    return Person.objects.filter(user=user).first() if user.is_authenticated else None


def rolls_of(round_: Round, user) -> list[RollEntry]:
    """The user's own places on the round's rolls (their 已投 / 未投), each with its electorate."""
    person = person_of(user)
    if person is None:
        return []
    return list(RollEntry.objects.filter(electorate__round=round_, person=person).select_related("electorate"))


def rounds_for_voter(user):
    person = person_of(user)
    if person is None:
        return Round.objects.none()
    return Round.objects.filter(electorates__roll__person=person).distinct()


def _clean_votes(round_: Round, marks) -> dict:
    """An election ballot: 赞成/反对/弃权 of each candidate (an unmarked one abstains), at most as many
    赞成 as seats (else the ballot would be void: it is refused before it is cast)."""
    if not isinstance(marks, dict):
        raise ValidationError({"marks": _("选票内容有误")})
    subjects = {str(pk) for pk in round_.subjects.values_list("pk", flat=True)}
    (dimension,) = round_.dimensions
    cleaned = {}
    for key, ratings in marks.items():
        if str(key) not in subjects:
            raise ValidationError({"marks": _("所投的人员不是本次选举的候选人")})
        if not isinstance(ratings, dict) or set(ratings) != {dimension} or ratings[dimension] not in Vote.values:
            raise ValidationError({"marks": _("对每一名候选人只能投赞成、反对或弃权")})
        cleaned[str(key)] = {dimension: ratings[dimension]}
    for subject in subjects - set(cleaned):
        cleaned[subject] = {dimension: Vote.ABSTAIN}
    seats = round_.election.seats
    if sum(Vote.FOR in r.values() for r in cleaned.values()) > seats:
        raise ValidationError({"marks": _("赞成的候选人不能多于应选名额（{n}名），否则选票无效").format(n=seats)})
    return cleaned


def _clean_marks(round_: Round, voter: Person, marks) -> dict:
    if round_.is_election:
        return _clean_votes(round_, marks)
    if not isinstance(marks, dict) or not marks:
        raise ValidationError({"marks": _("请至少评议一名党员")})
    subjects = set(round_.subjects.values_list("pk", flat=True))
    valid = set(Mark.values)
    cleaned = {}
    for key, ratings in marks.items():
        try:
            subject = int(key)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"marks": _("评议对象有误")}) from exc
        if subject == voter.pk:
            raise ValidationError({"marks": _("不能评议自己")})
        if subject not in subjects:
            raise ValidationError({"marks": _("所评议的人员不是本次评议对象")})
        if not isinstance(ratings, dict) or set(ratings) != set(round_.dimensions):
            raise ValidationError({"marks": _("请对每一名评议对象的每一项内容作出评价")})
        if not all(value in valid for value in ratings.values()):
            raise ValidationError({"marks": _("评价只能为优秀、合格、基本合格或不合格")})
        cleaned[str(subject)] = {d: ratings[d] for d in round_.dimensions}
    return cleaned


def cast(round_: Round, *, by, marks, kind: str | None = None, now=None) -> str:
    """Fill one blank ballot for ``by`` in the electorate ``kind`` (their only unvoted one if not
    given) and return the receipt code, shown once and stored only as a digest on the ballot."""
    voter = person_of(by)
    if voter is None:
        raise Refused(_("您的账号未关联人员信息，不能投票"))
    return cast_for(round_, voter, marks=marks, kind=kind, now=now)


def cast_for(round_: Round, voter: Person, *, marks, kind: str | None = None, now=None) -> str:
    """The cast itself, for a person (``cast`` resolves the signed-in user's; the demo casts for people
    without a login). One transaction: round and roll row locked, one random blank ballot filled."""
    now = now or timezone.now()
    with transaction.atomic():
        lock(round_)  # casts of a round run one at a time; closing waits for the one in flight
        rolls = RollEntry.objects.select_for_update().filter(electorate__round=round_, person=voter)
        if kind:
            rolls = rolls.filter(electorate__kind=kind)
        entries = list(rolls.select_related("electorate"))
        if not entries:
            raise Refused(_("您不在该评议主体的投票人名册中"))
        if round_.state != RoundState.OPEN or not round_.opens_at <= now < round_.closes_at:
            raise ValidationError({"state": _("不在投票时间内")})
        unvoted = [entry for entry in entries if not entry.voted]
        if not unvoted:
            raise ValidationError({"state": _("您已投过票，不能重复投票")})
        entry = unvoted[0]
        cleaned = _clean_marks(round_, voter, marks)
        blanks = list(Ballot.objects.filter(electorate=entry.electorate, filled=False).values_list("pk", flat=True))
        if not blanks:
            raise ValidationError({"state": _("该评议主体的选票已用完")})
        code = new_receipt()
        filled = Ballot.objects.filter(pk=_random.choice(blanks), filled=False).update(
            filled=True, marks=cleaned, receipt_digest=digest(code)
        )
        if filled != 1:
            raise ValidationError({"state": _("投票冲突，请重试")})
        RollEntry.objects.filter(pk=entry.pk).update(voted=True)  # an UPDATE: no signal, no history
        transaction.on_commit(todo.invalidate)  # the voter's 待办 badge drops the ballot (a counter, no record)
    return code


# --- What may be seen ----------------------------------------------------------------------------


@dataclass
class Progress:
    electorate: Electorate
    voted: int
    total: int


def progress(round_: Round) -> list[Progress]:
    """While open (and after): only "m / n 已投" per electorate."""
    rows = []
    for electorate in round_.electorates.all():
        counts = Counter(RollEntry.objects.filter(electorate=electorate).values_list("voted", flat=True))
        rows.append(Progress(electorate, counts[True], counts[True] + counts[False]))
    return rows


def _require_sealed(round_: Round) -> None:
    if round_.state not in (RoundState.SEALED, RoundState.GRADED):
        raise ValidationError({"state": _("评议封存后才能查看结果")})


@dataclass
class SubjectResult:
    person: Person
    counts: dict  # {dimension: {mark: n}}
    rated: int  # ballots that rated this subject
    score: float | None  # mean of MARK_POINTS over all dimensions and ballots


@dataclass
class ElectorateResult:
    electorate: Electorate
    ballots: int
    voters: int
    withheld: bool
    subjects: list[SubjectResult] = field(default_factory=list)


def results(round_: Round, *, by) -> list[ElectorateResult]:
    """Per declared electorate and subject, only after the seal, and only for an electorate that
    cast at least ``APPRAISAL_MIN_BALLOTS`` ballots."""
    require(round_, by=by, action=Action.VIEW, message=_("您无权查看该评议结果"))
    _require_sealed(round_)
    subjects = list(round_.subjects.order_by("pinyin"))
    out = []
    for electorate in round_.electorates.all():
        ballots = list(Ballot.objects.filter(electorate=electorate, filled=True).values_list("marks", flat=True))
        voters = RollEntry.objects.filter(electorate=electorate, voted=True).count()
        # An election's counts are its result, published whatever the number of voters (条例: 计票结果当场宣布).
        withheld = not round_.is_election and len(ballots) < min_ballots()
        result = ElectorateResult(electorate, len(ballots), voters, withheld=withheld)
        values = [value for value, _label in choices_of(round_)]
        if not result.withheld:
            for person in subjects:
                counts = {d: dict.fromkeys(values, 0) for d in round_.dimensions}
                rated, points = 0, []
                for marks in ballots:
                    ratings = marks.get(str(person.pk))
                    if not ratings:
                        continue
                    rated += 1
                    for dimension, mark in ratings.items():
                        if dimension in counts and mark in counts[dimension]:
                            counts[dimension][mark] += 1
                            if mark in MARK_POINTS:
                                points.append(MARK_POINTS[mark])
                score = round(sum(points) / len(points), 2) if points else None
                result.subjects.append(SubjectResult(person, counts, rated, score))
        out.append(result)
    return out


def receipts(round_: Round, electorate: Electorate) -> list[str]:
    """The sorted receipt digests of an electorate's ballots (after the seal): each voter checks theirs."""
    _require_sealed(round_)
    return sorted(Ballot.objects.filter(electorate=electorate, filled=True).values_list("receipt_digest", flat=True))


def may_see_receipts(round_: Round, user) -> bool:
    return bool(rolls_of(round_, user)) or Round.objects.visible_to(user).filter(pk=round_.pk).exists()


def receipt_counted(round_: Round, code: str) -> bool:
    """Whether the ballot of this receipt code is among the sealed ballots (never what it says)."""
    _require_sealed(round_)
    return Ballot.objects.filter(electorate__round=round_, filled=True, receipt_digest=digest(code)).exists()


# --- Grades --------------------------------------------------------------------------------------


def _not_election(round_: Round) -> None:
    if round_.is_election:
        raise ValidationError({"state": _("换届选举的投票不评定等次，计票结果报上级党组织批复")})


def record_grade(round_: Round, person: Person, *, grade: str, reason: str = "", by) -> Grade:
    """The branch committee's 等次 for a subject, within the 优秀 quota; 不合格 needs a reason."""
    with transaction.atomic():
        lock(round_)
        require(round_, by=by, action=Action.CHANGE, message=_("您无权评定该评议的等次"))
        _not_election(round_)
        if round_.state != RoundState.SEALED:
            raise ValidationError({"grade": _("评议封存后、确认前才能评定等次")})
        if not round_.subjects.filter(pk=person.pk).exists():
            raise ValidationError({"person": _("此人不是本次评议对象")})
        if grade not in Mark.values:
            raise ValidationError({"grade": _("等次只能为优秀、合格、基本合格或不合格")})
        if grade == Mark.INCOMPETENT and not reason.strip():
            raise ValidationError({"reason": _("评为不合格必须填写理由")})
        if grade == Mark.EXCELLENT:
            quota = excellent_quota(round_.subjects.count())
            others = round_.grades.filter(grade=Mark.EXCELLENT).exclude(person=person).count()
            if others + 1 > quota:
                raise ValidationError(
                    {"grade": _("优秀等次不能超过评议对象的三分之一（本次最多{n}名）").format(n=quota)}
                )
        record = Grade.objects.filter(round=round_, person=person).first() or Grade(round=round_, person=person)
        record.grade, record.reason = grade, reason.strip()
        record.stamp(by)
        record.full_clean()
        record.save()
    return record


def verify_grades(round_: Round, *, by) -> Round:
    """The branch's verification: every subject graded → the grades are final (state graded)."""
    with transaction.atomic():
        lock(round_)
        require(round_, by=by, action=Action.APPROVE, message=_("您无权确认该评议的等次"))
        _not_election(round_)
        if round_.state != RoundState.SEALED:
            raise ValidationError({"state": _("只有已封存的评议可以确认等次")})
        missing = round_.subjects.exclude(pk__in=round_.grades.values("person")).count()
        if missing:
            raise ValidationError({"state": _("还有{n}名评议对象未评定等次").format(n=missing)})
        round_.state = RoundState.GRADED
        round_.stamp(by)
        round_.save()
    return round_


def grades_of(person: Person):
    """A member's final grades (for the member's page), newest first."""
    return (
        Grade.objects.filter(person=person, round__state=RoundState.GRADED)
        .select_related("round")
        .order_by("-round__year")
    )
