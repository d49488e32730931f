"""Who may report progress on a task is the service's decision (``may_report``): the page's form and
its button ask the same predicate, so nobody is led to a form the service would refuse."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from qizhi.core.refusals import Refused
from qizhi.targets import services
from qizhi.targets.models import ProgressReport
from qizhi.targets.testing import plan_of

pytestmark = pytest.mark.django_db


def _report(target, by):
    return services.report_progress(target, by=by, as_of=timezone.localdate(), value=Decimal(10), narrative="调处10件")


def test_only_the_responsible_person_reports_on_a_task_that_names_one(personas):
    target = plan_of(personas.a)["member"]  # 乙's task; 乙 signs in as a.staff
    # the judicial office's head (changes its targets, but a person is named), another bureau's staff
    for outsider in (personas.a.unit_head, personas.b.staff):
        assert not services.may_report(target, outsider)
        with pytest.raises(Refused):
            _report(target, outsider)
    assert not ProgressReport.objects.filter(target=target).exists()

    assert services.may_report(target, personas.a.staff)
    _report(target, personas.a.staff)
    assert ProgressReport.objects.filter(target=target, created_by=personas.a.staff).count() == 1


def test_the_form_page_and_its_button_ask_the_same(client, personas):
    target = plan_of(personas.a)["member"]
    url = reverse("targets:progressreport_add", args=[target.pk])

    client.force_login(personas.a.unit_head)  # sees the task, may not report on it
    assert client.get(url).status_code == 403
    assert url not in client.get(target.get_absolute_url()).content.decode()

    client.force_login(personas.a.staff)
    assert client.get(url).status_code == 200
    assert url in client.get(target.get_absolute_url()).content.decode()
