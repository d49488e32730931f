"""Two editors activating two templates of one unit and kind at the same moment: one ends active, no error."""

from __future__ import annotations

import pytest
from django.db import connection

from qizhi.core.testing import race, winners_and_refusals
from qizhi.documents import user_templates
from qizhi.documents.models import DocumentTemplate
from qizhi.documents.testing import template_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL"),
]


def test_simultaneous_activations_leave_exactly_one_template_active(personas):
    a = personas.a
    templates = [template_of(a, activate=False, name=f"模板{n}") for n in range(4)]

    def activate(index: int):
        template = DocumentTemplate.objects.get(pk=templates[index].pk)
        return user_templates.set_active(template, True, version=template.version, by=a.party_affairs)

    winners, refusals = winners_and_refusals(race(len(templates), activate))
    # Each activation is served in turn (none is stale: each names its own row), and the last one stands.
    assert len(winners) == len(templates) and not refusals
    assert DocumentTemplate.objects.filter(unit=a.unit, kind=templates[0].kind, active=True).count() == 1
