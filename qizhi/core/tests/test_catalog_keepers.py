"""Deployment-wide tables (the indicator catalog, the compliance rules, the working-day calendar, the legal
clocks) are kept by an administrator of the whole unit tree: a county's administrator in a province's
deployment keeps the county's accounts, not the rules its neighbours are measured by."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from qizhi.accounts.roles import Role
from qizhi.core.context_processors import navigation
from qizhi.core.scoping import forget_scope, keeps_catalogs
from qizhi.org.choices import UnitKind
from qizhi.org.models import Unit
from qizhi.org.testing import make_user
from qizhi.statistics.models import Indicator

pytestmark = pytest.mark.django_db


def menu(user) -> dict:
    request = RequestFactory().get("/")
    request.user = user
    forget_scope(user)
    return navigation(request)


def menu_urls(user) -> set[str]:
    return {reverse(item.url_name) for _group, items in menu(user)["menu"]() for item in items}


def test_only_an_administrator_of_every_top_unit_keeps_the_catalogs(client, personas):
    superuser = make_user("super", is_superuser=True)
    assert keeps_catalogs(superuser) and keeps_catalogs(personas.root_admin)
    for user in (personas.a.admin, personas.b.admin, personas.a.leader, personas.a.staff):
        assert not keeps_catalogs(user)
    indicator = Indicator.objects.create(code="keep", name="保留指标", unit_of_measure="件", line="publicity")
    assert not Indicator.objects.editable_by(personas.a.admin).filter(pk=indicator.pk).exists()
    assert Indicator.objects.editable_by(personas.root_admin).filter(pk=indicator.pk).exists()
    rules = reverse("meetings:compliancerule_list")
    assert rules in menu_urls(personas.root_admin) and rules not in menu_urls(personas.a.admin)
    client.force_login(personas.a.admin)
    assert client.get(rules).status_code == 403

    # A second top unit (a court beside the bureau): the bureau's administrator no longer covers the tree, and
    # the menu, whose rendering is cached by the grants and whether they cover the tree, drops the item at once.
    key = menu(personas.root_admin)["menu_key"]()
    court = Unit.objects.add_root(create_kwargs={"name": "测试市中级人民法院", "kind": UnitKind.COURT})
    forget_scope(personas.root_admin)
    assert not keeps_catalogs(personas.root_admin) and keeps_catalogs(superuser)
    assert rules not in menu_urls(personas.root_admin) and menu(personas.root_admin)["menu_key"]() != key
    both = make_user("both_admin", role=Role.ADMIN, unit=personas.root)
    both.grants.create(role=Role.ADMIN, unit=court)
    assert keeps_catalogs(both)


def test_only_a_superuser_enters_the_django_admin(client, personas):
    """The admin writes past every scope and service; ``is_staff`` with model permissions given by a superuser
    opened it before (a county's administrator with ``change_indicator`` changed the catalog there)."""
    from django.contrib.auth.models import Permission

    indicator = Indicator.objects.create(code="keep", name="保留指标", unit_of_measure="件", line="publicity")
    county = personas.a.admin
    county.is_staff = True
    county.save()
    county.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["statistics", "party"]))
    client.force_login(county)
    change = reverse("admin:statistics_indicator_change", args=[indicator.pk])
    for url in (reverse("admin:index"), change, reverse("admin:party_membership_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url
    client.post(change, {"code": "keep", "name": "改过", "unit_of_measure": "件", "line": "publicity"})
    indicator.refresh_from_db()
    assert indicator.name == "保留指标"
    assert "后台管理" not in client.get("/").content.decode()

    client.force_login(make_user("super", is_superuser=True, is_staff=True))
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
