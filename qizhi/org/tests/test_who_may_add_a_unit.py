"""Who may add a unit under another is the service's decision (``add_unit``): the page, the API and
the unit page's button ask the same question."""

from __future__ import annotations

import pytest

from qizhi.core.refusals import Refused
from qizhi.org import services
from qizhi.org.choices import UnitKind
from qizhi.org.models import Unit

pytestmark = pytest.mark.django_db


def test_it_refuses_a_unit_to_whom_may_not_add_under_the_parent(personas):
    a = personas.a
    before = Unit.objects.count()
    for stranger in (a.unit_head, a.staff, personas.b.admin):
        assert not services.may_add_unit(stranger, a.unit)
        with pytest.raises(Refused):
            services.add_unit(a.unit, Unit(name="新设科室", kind=UnitKind.DEPARTMENT), by=stranger)
    assert Unit.objects.count() == before
    assert services.may_add_unit(a.party_affairs, a.unit)
    unit = services.add_unit(a.unit, Unit(name="新设科室", kind=UnitKind.DEPARTMENT), by=a.party_affairs)
    assert unit.path.startswith(a.unit.path) and unit.created_by == a.party_affairs
