"""Paying dues: one's own or by proxy, several months at once, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qizhi.dues import services
from qizhi.dues.models import DuesPayment
from qizhi.dues.tests.helpers import actor_of, member, months_ago, this_month
from qizhi.org.testing import make_person, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def test_it_records_a_member_paying_two_months_of_their_own(personas):
    user = make_user("dangyuan")
    membership = member(personas.a, "王党员", "3000.01", user=user)
    payments = services.pay(membership, [months_ago(2), months_ago(1)], by=user)
    assert [(p.month, p.due, p.proxy) for p in payments] == [(months_ago(2), Decimal("30.00"), None),
                                                             (months_ago(1), Decimal("30.00"), None)]  # fmt: skip
    assert all(p.created_by == user for p in payments)


def test_it_refuses_a_month_already_paid_and_changes_nothing(personas):
    membership = member(personas.a, "李党员", "4000")
    actor = actor_of(personas.a)
    services.pay(membership, [months_ago(1)], by=actor)
    with pytest.raises(ValidationError) as caught:
        services.pay(membership, [months_ago(2), months_ago(1)], by=actor)
    assert "已交纳" in caught.value.message_dict["months"][0]
    assert DuesPayment.objects.filter(membership=membership).count() == 1


def test_a_secretary_paying_for_a_member_is_recorded_as_proxy(personas):
    membership = member(personas.a, "赵党员", "2000")
    secretary = personas.a.branch_secretary
    helper = make_person(personas.a.unit, "钱书记", user=secretary)
    [payment] = services.pay(membership, [months_ago(1)], by=secretary, extra=Decimal("10.00"))
    assert payment.proxy == helper
    assert (payment.due, payment.extra, payment.amount) == (Decimal("10.00"), Decimal("10.00"), Decimal("20.00"))


def test_a_member_cannot_pay_for_someone_else(personas):
    membership = member(personas.a, "孙党员", "2000")
    with pytest.raises(PermissionDenied):
        services.pay(membership, [months_ago(1)], by=personas.a.staff)
    with pytest.raises(PermissionDenied):  # the sibling bureau's secretary neither
        services.pay(membership, [months_ago(1)], by=personas.b.branch_secretary)
    assert not DuesPayment.objects.filter(membership=membership).exists()


def test_it_refuses_months_without_a_base_before_joining_or_past_this_year(personas):
    membership = member(personas.a, "周党员", "2000", since=months_ago(3))
    actor = actor_of(personas.a)
    for month, words in [
        (months_ago(4), "尚未核定"),
        (datetime.date(2015, 6, 1), "不在可交纳的月份内"),
        (datetime.date(this_month().year + 1, 1, 1), "不在可交纳的月份内"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.pay(membership, [month], by=actor)
        assert words in caught.value.message_dict["months"][0]
    with pytest.raises(ValidationError) as caught:
        services.pay(membership, [months_ago(1)], by=actor, extra=Decimal("-1"))
    assert "extra" in caught.value.message_dict
    assert not DuesPayment.objects.filter(membership=membership).exists()


def test_an_exemption_makes_the_month_free_and_a_reduction_caps_it(personas):
    membership = member(personas.a, "吴党员", "6000")  # 90.00 a month
    actor = actor_of(personas.a)
    services.grant_relief(membership, kind="exempt", start_month=months_ago(2), end_month=months_ago(2),
                          reason="重病", by=actor)  # fmt: skip
    relief = services.grant_relief(membership, kind="reduced", amount=Decimal("20.00"), start_month=months_ago(1),
                                   end_month=this_month(), reason="家庭困难", by=actor)  # fmt: skip
    assert relief.approved_by == actor and relief.approved_on is not None
    assert services.dues_for(membership, months_ago(3)).due == Decimal("90.00")
    assert services.dues_for(membership, months_ago(2)).due == Decimal("0.00")
    assert services.dues_for(membership, months_ago(1)).due == Decimal("20.00")
    with pytest.raises(ValidationError):  # overlapping the reduction
        services.grant_relief(membership, kind="exempt", start_month=this_month(), end_month=this_month(),
                              reason="重复", by=actor)  # fmt: skip


def test_only_an_approver_grants_a_relief(personas):
    membership = member(personas.a, "郑党员", "6000")
    with pytest.raises(PermissionDenied):
        services.grant_relief(membership, kind="exempt", start_month=this_month(), end_month=this_month(),
                              reason="无", by=personas.a.staff)  # fmt: skip


def test_a_member_pays_two_months_on_their_own_page(client, personas):
    user = make_user("wode")
    membership = member(personas.a, "冯党员", "3000.00", user=user)
    client.force_login(user)
    page = client.get(reverse("dues:my_dues"))
    assert "每月应交 15.00 元" in page.content.decode()
    months = [months_ago(2).strftime("%Y-%m"), months_ago(1).strftime("%Y-%m")]
    today = this_month().replace(day=2).isoformat()
    response = client.post(reverse("dues:my_dues"), {"membership": membership.pk, "months": months, "paid_on": today})
    assert response.status_code == 302
    assert sorted(DuesPayment.objects.filter(membership=membership).values_list("due", flat=True)) == [
        Decimal("15.00"), Decimal("15.00")]  # fmt: skip
    again = client.post(reverse("dues:my_dues"), {"membership": membership.pk, "months": months[:1], "paid_on": today})
    assert again.status_code == 200  # that month is no longer offered: the form refuses it
    assert DuesPayment.objects.filter(membership=membership).count() == 2


def test_the_own_page_cannot_pay_for_someone_else(client, personas):
    user = make_user("zijide")
    member(personas.a, "褚党员", "3000.00", user=user)
    other = member(personas.a, "卫党员", "3000.00")
    client.force_login(user)
    month = months_ago(1).strftime("%Y-%m")
    today = this_month().isoformat()
    response = client.post(reverse("dues:my_dues"), {"membership": other.pk, "months": [month], "paid_on": today})
    assert response.status_code == 200
    assert not DuesPayment.objects.filter(membership=other).exists()
