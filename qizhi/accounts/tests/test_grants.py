"""Grants: declared CRUD, and that a grant changes what a user sees at once."""

import pytest

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Action, Role, allowed
from qizhi.core.scoping import forget_scope, scope_of
from qizhi.core.testing import ScopedCrudTests
from qizhi.org.models import Person
from qizhi.org.testing import make_user

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


def test_an_admin_opens_an_account_with_its_grant_and_person(client, personas):
    from django.contrib.auth import authenticate

    person = personas.a.people[1]
    client.force_login(personas.a.admin)
    data = {
        "username": "new_clerk",
        "first_name": "新同事",
        "password1": "Qz-long-passw0rd",
        "password2": "Qz-long-passw0rd",
        "role": Role.STAFF,
        "unit": personas.a.judicial_office.pk,
        "person": person.pk,
    }
    response = client.post("/accounts/users/add/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    user = authenticate(username="new_clerk", password="Qz-long-passw0rd")
    assert user is not None
    assert list(user.grants.values_list("role", "unit")) == [(Role.STAFF, personas.a.judicial_office.pk)]
    person.refresh_from_db()
    assert person.user == user


def test_an_account_cannot_be_granted_outside_the_admins_subtree(client, personas):
    client.force_login(personas.a.admin)
    data = {
        "username": "intruder",
        "first_name": "越权",
        "password1": "Qz-long-passw0rd",
        "password2": "Qz-long-passw0rd",
        "role": Role.ADMIN,
        "unit": personas.b.unit.pk,
    }
    response = client.post("/accounts/users/add/", data)
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="intruder").exists()


def test_only_administrators_open_accounts(client, personas):
    client.force_login(personas.a.party_affairs)
    assert client.get("/accounts/users/add/").status_code == 403
