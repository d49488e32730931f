"""Migration 0002 repairs the applicants a 转正 on the member's own page left at 预备党员 (issue #14)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from qizhi.party.choices import MembershipStatus
from qizhi.party.models import Membership
from qizhi.recruitment.choices import Stage
from qizhi.recruitment.models import Applicant
from qizhi.recruitment.tests.helpers import D, applicant, walk

pytestmark = pytest.mark.django_db

repair = importlib.import_module("qizhi.recruitment.migrations.0002_repair_stale_conversions").repair_stale_conversions
history = importlib.import_module("qizhi.recruitment.migrations.0003_history_of_repaired_conversions")


def test_it_moves_a_stale_applicant_to_full_on_the_memberships_conversion_date(personas):
    stale = walk(personas.a, applicant(personas.a))
    waiting = walk(personas.a, applicant(personas.a, name="申请人乙"))
    # what the member's page did before issue #14: the membership alone converted
    Membership.objects.filter(pk=stale.membership_id).update(status=MembershipStatus.FULL, full_on=D(2026, 7, 1))
    repair(apps, None)
    stale, waiting = Applicant.objects.get(pk=stale.pk), Applicant.objects.get(pk=waiting.pk)
    assert (stale.stage, stale.converted_on) == (Stage.FULL, D(2026, 7, 1))
    assert (waiting.stage, waiting.converted_on) == (Stage.PROBATIONARY, None)
    repair(apps, None)  # running again changes nothing
    assert Applicant.objects.get(pk=stale.pk).version == stale.version


def test_the_repair_leaves_a_history_row_naming_the_migration(personas):
    stale = walk(personas.a, applicant(personas.a))
    waiting = walk(personas.a, applicant(personas.a, name="申请人乙"))
    Membership.objects.filter(pk=stale.membership_id).update(status=MembershipStatus.FULL, full_on=D(2026, 7, 1))
    rows_before = stale.history.count(), waiting.history.count()
    repair(apps, None)
    history.record_history(apps, None)
    newest = stale.history.first()
    assert stale.history.count() == rows_before[0] + 1
    assert (newest.history_type, newest.stage, newest.converted_on) == ("~", Stage.FULL, D(2026, 7, 1))
    assert newest.history_user is None and "0002" in newest.history_change_reason
    assert newest.branch_id == stale.branch_id and newest.membership_id == stale.membership_id
    assert waiting.history.count() == rows_before[1]  # not repaired: no row
    history.record_history(apps, None)  # running again finds the history up to date
    assert stale.history.count() == rows_before[0] + 1
