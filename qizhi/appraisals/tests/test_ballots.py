"""Casting, closing, sealing and results: refusals that change nothing, the count invariant, the k-threshold."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from qizhi.appraisals import services
from qizhi.appraisals.choices import Mark, RoundState
from qizhi.appraisals.models import Ballot, RollEntry
from qizhi.appraisals.testing import actor, staff_round, voters_unit
from qizhi.core.testing import race

pytestmark = [pytest.mark.django_db, pytest.mark.dated]  # the window is around today


def all_marks(round_, voter, mark=Mark.COMPETENT, skip=()) -> dict:
    return {
        str(s.pk): dict.fromkeys(round_.dimensions, mark)
        for s in round_.subjects.all()
        if s.pk != voter.pk and s.pk not in skip
    }


@pytest.fixture
def election(personas):
    unit, people = voters_unit(personas.a, 6)
    round_ = staff_round(personas.a, unit, people[:3])
    services.open_round(round_, by=actor(personas.a))
    return round_, people


def state_of(round_):
    return (
        sorted(RollEntry.objects.filter(electorate__round=round_).values_list("person_id", "voted")),
        sorted((str(b.pk), b.filled, b.receipt_digest) for b in Ballot.objects.filter(electorate__round=round_)),
    )


def test_opening_writes_one_roll_row_and_one_blank_ballot_per_voter(election):
    round_, _people = election
    assert round_.state == RoundState.OPEN
    assert RollEntry.objects.filter(electorate__round=round_).count() == 6
    assert Ballot.objects.filter(electorate__round=round_, filled=False).count() == 6


def test_a_cast_fills_one_ballot_and_marks_the_roll(election):
    round_, people = election
    code = services.cast(round_, by=people[0].user, marks=all_marks(round_, people[0]))
    assert len(code) == 14 and code.count("-") == 2
    ballot = Ballot.objects.get(filled=True)
    assert ballot.receipt_digest == services.digest(code)
    assert set(ballot.marks) == {str(people[1].pk), str(people[2].pk)}  # not themselves
    assert RollEntry.objects.get(person=people[0]).voted
    assert [p.voted for p in services.progress(round_)] == [1]
    assert [(p.voted, p.total) for p in services.progress(round_)] == [(1, 6)]


@pytest.mark.parametrize(
    "case",
    ["twice", "self", "not_on_roll", "before_window", "after_window", "closed", "unknown_subject", "bad_mark",
     "missing_dimension"],
)  # fmt: skip
def test_bad_casts_are_refused_and_change_nothing(election, personas, case):
    round_, people = election
    services.cast(round_, by=people[5].user, marks=all_marks(round_, people[5]))
    before = state_of(round_)
    voter, marks, now = people[0], all_marks(round_, people[0]), None
    if case == "twice":
        voter, marks = people[5], all_marks(round_, people[5])
    elif case == "self":
        marks[str(people[0].pk)] = dict.fromkeys(round_.dimensions, Mark.EXCELLENT)
    elif case == "not_on_roll":
        voter = personas.a.party_affairs  # no person on this roll
    elif case == "before_window":
        now = round_.opens_at - datetime.timedelta(minutes=1)
    elif case == "after_window":
        now = round_.closes_at
    elif case == "closed":
        services.close_round(round_, by=actor(personas.a))
        before = state_of(round_)
    elif case == "unknown_subject":
        marks[str(personas.a.people[0].pk)] = dict.fromkeys(round_.dimensions, Mark.EXCELLENT)
    elif case == "bad_mark":
        marks[str(people[1].pk)][round_.dimensions[0]] = "perfect"
    elif case == "missing_dimension":
        del marks[str(people[1].pk)][round_.dimensions[0]]
    user = voter if case == "not_on_roll" else voter.user
    with pytest.raises((ValidationError, PermissionDenied)) as caught:
        services.cast(round_, by=user, marks=marks, now=now)
    message = " ".join(getattr(caught.value, "messages", [str(caught.value)]))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert state_of(round_) == before


def test_no_result_before_the_seal_and_the_counts_agree_after(election, personas):
    round_, people = election
    by = actor(personas.a)
    for voter in people:
        services.cast(round_, by=voter.user, marks=all_marks(round_, voter))
    with pytest.raises(ValidationError):
        services.results(round_, by=by)
    services.close_round(round_, by=by)
    with pytest.raises(ValidationError):
        services.results(round_, by=by)
    with pytest.raises(ValidationError):
        services.receipts(round_, round_.electorates.get())
    services.seal(round_, by=by)
    round_.refresh_from_db()
    electorate = round_.electorates.get()
    assert Ballot.objects.filter(electorate=electorate).count() == 6  # blanks gone, all filled
    assert (
        Ballot.objects.filter(electorate=electorate, filled=True).count()
        == RollEntry.objects.filter(electorate=electorate, voted=True).count()
        == 6
    )
    assert len(services.receipts(round_, electorate)) == 6


def test_results_hand_computed(election, personas):
    """Six voters rate three subjects; subject 0 gets 3×优秀 and 2×合格 on every dimension (5 ballots:
    it cannot rate itself): (3×100 + 2×80) / 5 = 92."""
    round_, people = election
    by = actor(personas.a)
    for index, voter in enumerate(people):
        marks = all_marks(round_, voter)
        if voter != people[0]:
            marks[str(people[0].pk)] = dict.fromkeys(
                round_.dimensions, Mark.EXCELLENT if index >= 3 else Mark.COMPETENT
            )
        services.cast(round_, by=voter.user, marks=marks)
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    (result,) = services.results(round_, by=by)
    assert (result.ballots, result.voters, result.withheld) == (6, 6, False)
    first = next(s for s in result.subjects if s.person == people[0])
    assert first.rated == 5
    assert first.counts[round_.dimensions[0]] == {"excellent": 3, "competent": 2, "basic": 0, "incompetent": 0}
    assert first.score == 92.0


def test_results_of_an_electorate_under_k_are_withheld(election, personas, settings):
    round_, people = election
    by = actor(personas.a)
    for voter in people[:4]:
        services.cast(round_, by=voter.user, marks=all_marks(round_, voter))
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    (result,) = services.results(round_, by=by)
    assert result.withheld and result.subjects == [] and result.ballots == 4
    settings.APPRAISAL_MIN_BALLOTS = 4
    assert not services.results(round_, by=by)[0].withheld


def test_a_receipt_is_found_after_the_seal_and_says_nothing_of_the_content(election, personas):
    round_, people = election
    by = actor(personas.a)
    code = services.cast(round_, by=people[0].user, marks=all_marks(round_, people[0]))
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    assert services.receipt_counted(round_, code)
    assert services.receipt_counted(round_, code.lower().replace("-", ""))
    assert not services.receipt_counted(round_, "AAAA-BBBB-CCCC")


def test_only_the_bureaus_managers_open_close_and_seal(election, personas):
    round_, people = election
    for user in (personas.b.party_affairs, personas.a.staff, people[0].user):
        with pytest.raises(PermissionDenied):
            services.close_round(round_, by=user)
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN


needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_casts_by_one_voter_fill_exactly_one_ballot(personas):
    unit, people = voters_unit(personas.a, 6)
    round_ = staff_round(personas.a, unit, people[:3])
    services.open_round(round_, by=actor(personas.a))
    voter = people[0]
    outcomes = race(50, lambda i: services.cast(round_, by=voter.user, marks=all_marks(round_, voter)))
    codes = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(codes) == 1 and len(refused) == 49, outcomes
    assert Ballot.objects.filter(electorate__round=round_, filled=True).count() == 1
    assert RollEntry.objects.filter(electorate__round=round_, voted=True).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_casts_by_different_voters_each_fill_their_own_ballot(personas):
    unit, people = voters_unit(personas.a, 12)
    round_ = staff_round(personas.a, unit, people[:3])
    services.open_round(round_, by=actor(personas.a))
    outcomes = race(12, lambda i: services.cast(round_, by=people[i].user, marks=all_marks(round_, people[i])))
    assert all(isinstance(o, str) for o in outcomes), outcomes
    assert Ballot.objects.filter(electorate__round=round_, filled=True).count() == 12
