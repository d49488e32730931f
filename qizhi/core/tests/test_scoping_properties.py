"""The path-range scoping against a naive reference (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.core.scoping import PATH_ALPHABET, minimal_prefixes, next_prefix

steps = st.text(alphabet=PATH_ALPHABET, min_size=4, max_size=4)
paths = st.lists(steps, min_size=1, max_size=5).map("".join)


@given(prefix=paths, path=paths)
def test_the_range_condition_equals_startswith(prefix, path):
    upper = next_prefix(prefix)
    in_range = path >= prefix and (upper is None or path < upper)
    assert in_range == path.startswith(prefix)


@given(st.sets(paths, max_size=12))
def test_minimal_prefixes_cover_the_same_paths(prefixes):
    reduced = minimal_prefixes(prefixes)
    assert set(reduced) <= prefixes
    for path in prefixes:
        assert any(path.startswith(p) for p in reduced)
    for a in reduced:
        assert not any(a != b and a.startswith(b) for b in reduced)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=12), picks=st.data())
def test_visible_to_equals_a_naive_walk_of_the_tree(shape, picks, django_user_model):
    """Random trees, random grants: visible_to() returns exactly the units under a granted unit."""
    from qizhi.accounts.models import Grant
    from qizhi.accounts.roles import Role
    from qizhi.org.models import Unit

    Unit.objects.all().delete()
    django_user_model.objects.filter(username="prop").delete()
    units = [Unit.objects.add_root(create_kwargs={"name": "根", "kind": "bureau"})]
    for parent_index in shape:
        parent = Unit.objects.get(pk=units[parent_index % len(units)].pk)
        units.append(Unit.objects.add_child(parent, create_kwargs={"name": "子", "kind": "department"}))
    granted = picks.draw(st.lists(st.sampled_from(units), max_size=3, unique_by=lambda u: u.pk))
    user = django_user_model.objects.create_user("prop")
    for unit in granted:
        Grant.objects.create(user=user, role=Role.STAFF, unit=unit)
    everything = list(Unit.objects.all())
    expected = {u.pk for u in everything if any(is_descendant_or_self(u, g, everything) for g in granted)}
    assert set(Unit.objects.visible_to(user).values_list("pk", flat=True)) == expected


def is_descendant_or_self(unit, ancestor, everything) -> bool:
    """Walk up parent links, without using paths: the naive reference."""
    by_path = {u.path: u for u in everything}
    node = unit
    while node is not None:
        if node.pk == ancestor.pk:
            return True
        node = by_path.get(node.path[: -node.steplen]) if node.depth > 1 else None
    return False
