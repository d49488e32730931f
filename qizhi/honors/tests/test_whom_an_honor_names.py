"""Whom an honor may name is one rule (``Honor.clean``), run by the form, the API and the import alike."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from qizhi.honors.models import Honor

pytestmark = pytest.mark.django_db


def test_an_individual_honor_names_a_person_of_its_unit(personas):
    outside = personas.b.people[0]
    honor = Honor(kind="individual", unit=personas.a.unit, person=outside, title="先进个人", level="county",
                  issuer="县委", granted_on=datetime.date(2025, 7, 1))  # fmt: skip
    with pytest.raises(ValidationError) as refusal:
        honor.clean()
    assert "person" in refusal.value.message_dict
    honor.person = personas.a.people[0]  # of the bureau's office, under the bureau
    honor.clean()
