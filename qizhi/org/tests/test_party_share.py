"""The party share of a unit with no serving staff is no figure at all, not 0%."""

from qizhi.org import services
from qizhi.org.models import Unit


def test_share_is_none_without_serving_staff(personas):
    empty = Unit.objects.add_child(personas.a.unit, create_kwargs={"name": "空科室", "kind": "department"})
    assert services.staff_counts(empty).party_share_percent is None
