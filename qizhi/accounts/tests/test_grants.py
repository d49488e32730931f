"""Grants: declared CRUD, and that a grant changes what a user sees at once."""

import pytest

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Action, Role, allowed
from qizhi.core.scoping import forget_scope, scope_of
from qizhi.core.testing import ScopedCrudTests, make_user
from qizhi.org.models import Person

pytestmark = pytest.mark.django_db


class TestGrantCrud(ScopedCrudTests):
    url_base = "accounts:grant"
    editor = Role.ADMIN
    viewer = Role.LEADER

    def sample(self, bureau):
        return Grant.objects.get(unit=bureau.unit, role=Role.LEADER)

    def deletable_sample(self, bureau):
        return Grant.objects.create(user=bureau.staff, role=Role.STAFF, unit=bureau.office)

    def create_data(self, bureau):
        user = make_user(f"new_{bureau.unit.pk}")
        return {"user": user.pk, "role": Role.STATISTICIAN, "unit": bureau.judicial_office.pk}

    def edit_data(self, obj):
        return {"user": obj.user_id, "role": Role.UNIT_HEAD, "unit": obj.unit_id, "version": obj.version}


def test_a_grant_opens_exactly_its_subtree(personas):
    user = make_user("newcomer")
    assert not Person.objects.visible_to(user).exists()
    Grant.objects.create(user=user, role=Role.STAFF, unit=personas.a.office)
    forget_scope(user)
    assert set(Person.objects.visible_to(user)) == {p for p in personas.a.people if p.unit == personas.a.office}


def test_two_grants_add_up(personas):
    user = make_user("two_hats")
    Grant.objects.create(user=user, role=Role.STAFF, unit=personas.a.office)
    Grant.objects.create(user=user, role=Role.STAFF, unit=personas.b.unit)
    visible = set(Person.objects.visible_to(user))
    assert visible == {p for p in personas.a.people if p.unit == personas.a.office} | set(personas.b.people)


def test_view_does_not_imply_change(personas):
    assert Person.objects.visible_to(personas.a.leader).count() == 3
    assert not Person.objects.editable_by(personas.a.leader).exists()
    assert Person.objects.editable_by(personas.a.party_affairs).count() == 3


def test_a_superuser_sees_everything(personas):
    boss = make_user("boss", is_superuser=True)
    assert Person.objects.visible_to(boss).count() == Person.objects.count()


def test_an_inactive_or_anonymous_user_sees_nothing(personas):
    from django.contrib.auth.models import AnonymousUser

    user = personas.a.leader
    user.is_active = False
    forget_scope(user)
    assert not Person.objects.visible_to(user).exists()
    assert not Person.objects.visible_to(AnonymousUser()).exists()


def test_the_role_table_is_read_by_one_check():
    assert allowed(Role.ADMIN, Action.DELETE, "anything")
    assert allowed(Role.PARTY_AFFAIRS, Action.IMPORT, "org")
    assert not allowed(Role.STAFF, Action.CHANGE, "org")
    assert not allowed(Role.STATISTICIAN, Action.EXPORT, "org")
    assert not allowed("no-such-role", Action.VIEW, "org")


def test_scope_is_resolved_once_per_user_object(personas, django_assert_num_queries):
    user = personas.a.leader
    forget_scope(user)
    with django_assert_num_queries(1):
        scope_of(user).paths(Action.VIEW, "org")
        scope_of(user).paths(Action.CHANGE, "org")
