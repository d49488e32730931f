"""Approvals wait in the 待办 of their first instance: the holders of the right nearest the row, not
every leader above them (``core.scoping.first_instance``). Held against hand-made cases on the
personas, and under Hypothesis against a naive reference computed from the grants row by row."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Action, Role, allowed
from qizhi.core.scoping import first_instance, forget_scope, is_first_instance
from qizhi.org.models import Unit
from qizhi.org.testing import make_user

pytestmark = [pytest.mark.django_db]

AREA = "statistics"


def firsts(user, author: str | None = None) -> set[str]:
    rows = first_instance(Unit.objects.all(), user, Action.APPROVE, area=AREA, path_field="path", author=author)
    return set(rows.values_list("name", flat=True))


def test_a_judicial_offices_row_waits_for_its_head_and_the_rest_for_the_leader(personas):
    a = personas.a
    assert firsts(a.unit_head) == {a.judicial_office.name}
    assert firsts(a.leader) == {a.unit.name, a.office.name}  # not the office that has its own head
    assert firsts(a.statistician) == set()  # enters statistics, approves nothing
    assert firsts(personas.root_admin) == {personas.root.name}  # each county has its own approvers
    # The right itself is unchanged: the leader may still act on the judicial office's row.
    assert is_first_instance(a.leader, Action.APPROVE, area=AREA, path=a.judicial_office.path) is False
    assert is_first_instance(a.unit_head, Action.APPROVE, area=AREA, path=a.judicial_office.path) is True
    assert is_first_instance(a.unit_head, Action.APPROVE, area=AREA, path=a.unit.path) is False  # out of scope


def test_a_row_goes_up_when_its_nearest_holder_leaves_or_is_its_author(personas):
    a = personas.a
    a.unit_head.is_active = False
    a.unit_head.save()
    assert a.judicial_office.name in firsts(a.leader)

    a.unit_head.is_active = True
    a.unit_head.save()
    # A row the head made goes to the leader: nobody approves their own. Here the rows are grants, and
    # the grant's user stands for the row's author.
    own = Grant.objects.filter(user=a.unit_head)
    for approver, expected in ((a.leader, True), (a.unit_head, False)):
        rows = first_instance(own, approver, Action.APPROVE, area=AREA, path_field="unit__path", author="user")
        assert rows.exists() is expected
        assert is_first_instance(approver, Action.APPROVE, area=AREA, path=a.judicial_office.path,
                                 author_id=a.unit_head.pk) is expected  # fmt: skip


def test_a_superuser_sees_only_rows_nobody_else_may_approve(personas):
    boss = get_user_model().objects.create_superuser("boss", password="x")
    assert firsts(boss) == set()
    Grant.objects.filter(user=personas.root_admin).delete()
    assert firsts(boss) == {personas.root.name}


ROLES = [Role.LEADER, Role.UNIT_HEAD, Role.PARTY_AFFAIRS, Role.STATISTICIAN]


def reference(users, rows) -> dict[int, set[str]]:
    """For each row, the active holders whose nearest covering grant is the deepest of all holders'."""
    shown: dict[int, set[str]] = {u.pk: set() for u in users}
    grants = [(g.user_id, g.unit.path) for g in Grant.objects.select_related("unit", "user")
              if g.user.is_active and allowed(g.role, Action.APPROVE, AREA)]  # fmt: skip
    for row in rows:
        depth: dict[int, int] = {}
        for user_id, path in grants:
            if row.path.startswith(path):
                depth[user_id] = max(depth.get(user_id, 0), len(path))
        if depth:
            deepest = max(depth.values())
            for user_id, d in depth.items():
                if d == deepest and user_id in shown:
                    shown[user_id].add(row.name)
    return shown


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(ROLES), st.integers(0, 6)), max_size=8),
       st.sets(st.integers(0, 3)))  # fmt: skip
def test_first_instance_equals_the_reference(personas, grants, inactive):
    units = list(Unit.objects.order_by("path"))
    with transaction.atomic():
        Grant.objects.all().delete()
        users = [make_user(f"fi{i}", is_active=i not in inactive) for i in range(4)]
        for index, role, unit in grants:
            Grant.objects.get_or_create(user=users[index], role=role, unit=units[unit])
        for user in users:
            forget_scope(user)
        expected = reference(users, units)
        for user in users:
            got = firsts(user) if user.is_active else set()
            assert got == expected[user.pk], (user.username, grants)
            singly = {u.name for u in units if user.is_active
                      and is_first_instance(user, Action.APPROVE, area=AREA, path=u.path)}  # fmt: skip
            assert singly == expected[user.pk]
        transaction.set_rollback(True)
