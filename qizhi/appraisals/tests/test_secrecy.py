"""The ballot is secret, and this proves it: an adversary who reads the whole database after the seal
(system columns included), the history tables, the notifications and the logs — and who even knows in
which order the voters cast (an access log) — links a voter to their ballot no better than chance.

The same adversary against a naive implementation (a ballot row inserted per cast, no seal) links
nearly every voter: the test has teeth.
"""

from __future__ import annotations

import logging
import random
import uuid

import pytest
from django.apps import apps
from django.db import connection

from qizhi.appraisals import services
from qizhi.appraisals.choices import Mark
from qizhi.appraisals.models import Ballot, RollEntry
from qizhi.appraisals.testing import actor, staff_round, voters_unit
from qizhi.core.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)  # each cast commits: its own xmin on PostgreSQL

SIZES = (5, 9, 17, 31, 60)
RUNS = 200


def _system_columns() -> str:
    return (
        "xmin::text::bigint AS sys_xmin, ctid::text AS sys_pos"
        if connection.vendor == "postgresql"
        else ("0 AS sys_xmin, rowid AS sys_pos")
    )


def _position(value):
    if isinstance(value, str):  # ctid "(page,item)"
        page, item = value.strip("()").split(",")
        return (int(page), int(item))
    return value


def dump(table: str, where: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_system_columns()}, * FROM {table} WHERE {where}", params)
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:  # SQLite keeps a UUID as 32 hex digits, PostgreSQL as a uuid
        if "receipt_digest" in row:
            row["id"] = uuid.UUID(str(row["id"]))
    return rows


def adversary_guesses(roll: list[dict], ballots: list[dict], cast_order: list[int]) -> dict[str, dict]:
    """Each strategy's guess ``{person id: ballot id}`` from the dump and the known order of casts."""
    by_position = sorted(ballots, key=lambda b: _position(b["sys_pos"]))
    by_xmin = sorted(ballots, key=lambda b: (b["sys_xmin"], _position(b["sys_pos"])))
    by_pk = sorted(ballots, key=lambda b: str(b["id"]))
    roll_by_position = sorted(roll, key=lambda r: _position(r["sys_pos"]))
    roll_by_xmin = sorted(roll, key=lambda r: (r["sys_xmin"], _position(r["sys_pos"])))
    guesses = {
        "cast order ↔ physical order": dict(zip(cast_order, (b["id"] for b in by_position), strict=False)),
        "cast order ↔ xmin order": dict(zip(cast_order, (b["id"] for b in by_xmin), strict=False)),
        "cast order ↔ primary key order": dict(zip(cast_order, (b["id"] for b in by_pk), strict=False)),
        "roll physical order ↔ ballot physical order": dict(
            zip((r["person_id"] for r in roll_by_position), (b["id"] for b in by_position), strict=False)
        ),
        "roll xmin order ↔ ballot xmin order": dict(
            zip((r["person_id"] for r in roll_by_xmin), (b["id"] for b in by_xmin), strict=False)
        ),
    }
    same_xmin = {}
    for row in roll:
        match = [b["id"] for b in ballots if b["sys_xmin"] == row["sys_xmin"]]
        if len(match) == 1:
            same_xmin[row["person_id"]] = match[0]
    guesses["same transaction id"] = same_xmin
    return guesses


def random_marks(round_, voter, rng) -> dict:
    subjects = [pk for pk in round_.subjects.values_list("pk", flat=True) if pk != voter.pk]
    return {str(s): {d: rng.choice(Mark.values) for d in round_.dimensions} for s in subjects}


def run_election(bureau, unit, people, rng, index) -> tuple[dict, list[int], list[dict], list[dict]]:
    """One round: all of ``people`` cast in random order; sealed; the truth and the dump."""
    round_ = staff_round(bureau, unit, rng.sample(people, 3), title=f"集体评议{index}")
    by = actor(bureau)
    services.open_round(round_, by=by)
    order = list(people)
    rng.shuffle(order)
    truth = {}
    for voter in order:
        code = services.cast(round_, by=voter.user, marks=random_marks(round_, voter, rng))
        truth[voter.pk] = Ballot.objects.get(receipt_digest=services.digest(code)).pk
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    roll = dump(RollEntry._meta.db_table, "electorate_id IN (SELECT id FROM appraisals_electorate WHERE round_id = %s)",
                [round_.pk])  # fmt: skip
    ballots = dump(Ballot._meta.db_table, "electorate_id IN (SELECT id FROM appraisals_electorate WHERE round_id = %s)",
                   [round_.pk])  # fmt: skip
    return truth, [p.pk for p in order], roll, ballots


def attack(personas, runs: int, seed: int = 12) -> tuple[dict[str, float], list[logging.LogRecord]]:
    """Mean over runs of (accuracy − 1/N) for each strategy."""
    rng = random.Random(seed)
    units = [voters_unit(personas.a, size) for size in SIZES]
    excess: dict[str, list[float]] = {}
    for index in range(runs):
        unit, people = units[index % len(units)]
        truth, order, roll, ballots = run_election(personas.a, unit, people, rng, index)
        assert len(roll) == len(ballots) == len(people)
        for strategy, guess in adversary_guesses(roll, ballots, order).items():
            right = sum(1 for person, ballot in guess.items() if truth.get(person) == ballot)
            excess.setdefault(strategy, []).append(right / len(people) - 1 / len(people))
    return {strategy: sum(values) / len(values) for strategy, values in excess.items()}


def assert_nothing_else_links(caplog) -> None:
    """No history table of ballots or of the roll; no notification, log line or audit row about a cast."""
    tables = connection.introspection.table_names()
    assert not [t for t in tables if "historical" in t and ("ballot" in t or "rollentry" in t)]
    assert not hasattr(Ballot, "history") and not hasattr(RollEntry, "history")
    assert not [f for f in Ballot._meta.get_fields() if f.get_internal_type() in ("DateTimeField", "DateField")]
    assert not [f for f in RollEntry._meta.get_fields() if getattr(f, "get_internal_type", lambda: "")() in (
        "DateTimeField", "DateField")]  # fmt: skip
    assert not Notification.objects.filter(title__contains="投票").exists()
    assert not [r for r in caplog.records if "ballot" in r.getMessage().lower() or "选票" in r.getMessage()]
    # Every historical model's rows written during voting: none is of a roll or a ballot.
    historical = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    assert all(m._meta.model_name not in ("historicalballot", "historicalrollentry") for m in historical)


def test_a_linking_adversary_does_no_better_than_chance(personas, caplog):
    caplog.set_level(logging.DEBUG)
    excess = attack(personas, RUNS)
    for strategy, value in excess.items():
        assert value <= 0.05, (strategy, value)
    print("sealed", excess)
    assert_nothing_else_links(caplog)


def naive_cast(round_, *, by, marks, kind=None, now=None) -> str:
    """What a naive system does: insert the voter's ballot when they cast (in cast order), mark the roll."""
    from django.db import transaction

    voter = services.person_of(by)
    with transaction.atomic():
        entry = RollEntry.objects.select_for_update().get(electorate__round=round_, person=voter)
        code = services.new_receipt()
        Ballot.objects.create(electorate=entry.electorate, filled=True, marks=marks,
                              receipt_digest=services.digest(code))  # fmt: skip
        RollEntry.objects.filter(pk=entry.pk).update(voted=True)
    return code


def test_the_attack_catches_a_naive_implementation(personas, monkeypatch):
    monkeypatch.setattr(services, "cast", naive_cast)
    monkeypatch.setattr(services, "_rewrite", lambda model, queryset: None)  # no seal
    monkeypatch.setattr(services, "compact", lambda: None)
    excess = attack(personas, 10)
    assert max(excess.values()) > 0.5, excess
    print("naive", excess)
