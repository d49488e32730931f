"""Reviewing progress and deleting a task: the services decide who may, and of simultaneous reviews
one happens (PostgreSQL, threads)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from qizhi.core.refusals import Refused
from qizhi.core.testing import race, winners_and_refusals
from qizhi.targets import services
from qizhi.targets.models import ProgressReport, Target
from qizhi.targets.testing import plan_of, report_of

POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL")


@pytest.mark.django_db
def test_it_refuses_a_review_by_the_reporter_or_a_stranger(personas):
    report = report_of(personas.a)
    with pytest.raises(ValidationError):
        services.approve_progress(report, by=personas.a.staff)  # her own report
    for stranger in (personas.b.unit_head, personas.a.statistician):
        with pytest.raises(Refused):
            services.approve_progress(report, by=stranger)
        with pytest.raises(Refused):
            services.return_progress(report, by=stranger, reason="不行")
    assert ProgressReport.objects.get(pk=report.pk).status == "submitted"


@pytest.mark.django_db
def test_it_refuses_deleting_a_task_with_reports_or_by_a_stranger(personas):
    plan = plan_of(personas.a)
    report_of(personas.a)
    with pytest.raises(ValidationError):
        services.delete_target(plan["member"], by=personas.a.admin)  # it has a progress report
    with pytest.raises(Refused):
        services.delete_target(plan["lessons"], by=personas.b.admin)
    with pytest.raises(Refused):
        services.delete_target(plan["lessons"], by=personas.a.staff)
    assert Target.objects.filter(pk__in=[plan["member"].pk, plan["lessons"].pk]).count() == 2
    services.delete_target(plan["lessons"], by=personas.a.admin)
    assert not Target.objects.filter(pk=plan["lessons"].pk).exists()


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_reviews_of_one_report_one_happens(personas):
    report = report_of(personas.a)
    head = personas.a.unit_head

    def attempt(i):
        record = ProgressReport.objects.get(pk=report.pk)
        user = get_user_model().objects.get(pk=head.pk)
        if i == 0:
            return services.return_progress(record, by=user, reason="补充材料")
        return services.approve_progress(record, by=user)

    won, refused = winners_and_refusals(race(3, attempt))
    assert len(won) == 1 and len(refused) == 2
    assert ProgressReport.objects.get(pk=report.pk).status == won[0].status
    target = Target.objects.get(pk=report.target_id)
    assert target.actual == (report.value if won[0].status == "approved" else None)
