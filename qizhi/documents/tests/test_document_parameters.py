"""The documents' parameters and scope: a foreign record is 404 like a missing one, junk is 400, a role
without export gets nothing, and the statistics report defaults to last month."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from qizhi.documents.tests.test_year_summary import words
from qizhi.statistics import services as statistics

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def test_the_documents_refuse_junk_foreign_records_and_roles_without_export(client, personas):
    from qizhi.party.testing import party_of
    from qizhi.targets.testing import plan_of

    a, b = personas.a, personas.b
    own_plan, other_plan = plan_of(a)["plan"], plan_of(b)["plan"]
    own_branch, other_branch = party_of(a)["branch"], party_of(b)["branch"]
    client.force_login(a.leader)
    routes = [
        ("documents:branch_report", own_branch.pk, other_branch.pk, {"year": "20x6"}),
        ("documents:responsibility_letter", own_plan.pk, other_plan.pk, {}),
        ("documents:statistics_report", a.unit.pk, b.unit.pk, {"month": "2026-13"}),
    ]
    for name, own, other, junk in routes:
        assert client.get(reverse(name, args=[own])).status_code == 200, name
        assert client.get(reverse(name, args=[other])).status_code == 404, name
        if junk:
            assert client.get(reverse(name, args=[own]), junk).status_code == 400, name
    letter = reverse("documents:responsibility_letter", args=[own_plan.pk])
    assert client.get(letter, {"owner": b.unit.pk}).status_code == 404  # the sibling's unit as the owner
    assert client.get(letter, {"owner": "junk"}).status_code == 200  # an optional narrowing: junk ignored
    client.force_login(a.staff)  # a plain staff member exports nothing
    assert client.get(reverse("documents:statistics_report", args=[a.unit.pk])).status_code in (403, 404)


def test_the_statistics_report_defaults_to_last_month(client, personas):
    client.force_login(personas.a.leader)
    response = client.get(reverse("documents:statistics_report", args=[personas.a.unit.pk]))
    last = statistics.previous_month(timezone.localdate())
    assert f"{last.year}年{last.month}月司法行政业务统计报表" in words(response.content)
