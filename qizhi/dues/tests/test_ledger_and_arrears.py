"""The branch's monthly ledger (hand-computed, balancing to the fen), the unpaid list and its reminders."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.core.models import Notification
from qizhi.dues import services
from qizhi.dues.models import DuesPayment
from qizhi.dues.tests.helpers import actor_of, member, months_ago
from qizhi.org.testing import make_person, make_user
from qizhi.party.testing import party_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def test_the_ledger_of_a_month_balances_to_the_fen(personas):
    actor = actor_of(personas.a)
    month = months_ago(1)
    a = member(personas.a, "甲", "3000.00")  # 15.00, paid with 5.00 extra
    b = member(personas.a, "乙", "3000.01")  # 30.00, unpaid
    c = member(personas.a, "丙", "5000.01", kind="retired")  # 50.00, exempt this month
    d = member(personas.a, "丁", "8888.88")  # 133.33, paid by the secretary
    services.pay(a, [month], by=actor, extra=Decimal("5.00"))
    services.grant_relief(c, kind="exempt", start_month=month, end_month=month, reason="住院", by=actor)
    make_person(personas.a.unit, "书记", user=personas.a.branch_secretary)
    services.pay(d, [month], by=personas.a.branch_secretary)
    services.pay(b, [months_ago(2)], by=actor)  # another month: not in this ledger

    book = services.ledger(party_of(personas.a)["branch"], month)
    rows = {r.membership.pk: r for r in book.rows}
    assert (rows[a.pk].due, rows[a.pk].paid, rows[a.pk].extra, rows[a.pk].status) == (
        Decimal("15.00"), Decimal("15.00"), Decimal("5.00"), "paid")  # fmt: skip
    assert (rows[b.pk].due, rows[b.pk].paid, rows[b.pk].status) == (Decimal("30.00"), Decimal("0.00"), "unpaid")
    assert (rows[c.pk].due, rows[c.pk].status) == (Decimal("0.00"), "exempt")
    assert rows[d.pk].payment.proxy.name == "书记"
    totals = book.totals
    assert totals["due"] == Decimal("178.33")  # 15.00 + 30.00 + 0.00 + 133.33
    assert totals["paid"] == Decimal("148.33")  # 15.00 + 133.33
    assert totals["extra"] == Decimal("5.00")
    assert totals["received"] == Decimal("153.33")
    assert totals["outstanding"] == Decimal("30.00")
    assert (totals["members"], totals["paid_members"]) == (4, 2)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    bases=st.lists(st.integers(min_value=0, max_value=3_000_000), min_size=1, max_size=5),
    paid=st.lists(st.booleans(), min_size=5, max_size=5),
    extras=st.lists(st.integers(min_value=0, max_value=10_000), min_size=5, max_size=5),
)
def test_the_ledger_totals_equal_the_payments_recorded(personas, bases, paid, extras):
    from django.db import transaction

    actor = actor_of(personas.a)
    month = months_ago(1)
    branch = party_of(personas.a)["branch"]
    with transaction.atomic():
        for index, fen in enumerate(bases):
            membership = member(personas.a, f"成员{index}", str(Decimal(fen) / 100))
            if paid[index]:
                services.pay(membership, [month], by=actor, extra=Decimal(extras[index]) / 100)
        book = services.ledger(branch, month)
        payments = DuesPayment.objects.filter(month=month, membership__branch=branch)
        assert book.totals["paid"] == sum((p.due for p in payments), Decimal("0"))
        assert book.totals["received"] == sum((p.amount for p in payments), Decimal("0"))
        assert book.totals["due"] == sum((r.due for r in book.rows), Decimal("0"))
        transaction.set_rollback(True)


def test_the_ledger_exports_the_same_totals(client, personas):
    from io import BytesIO

    from openpyxl import load_workbook

    month = months_ago(1)
    services.pay(member(personas.a, "甲", "3000.01"), [month], by=actor_of(personas.a))
    member(personas.a, "乙", "3000.00")
    client.force_login(personas.a.branch_secretary)
    branch = party_of(personas.a)["branch"]
    response = client.get(reverse("dues:ledger_export"), {"party_org": branch.pk, "month": month.strftime("%Y-%m")})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert rows[-1][0] == "合计"
    assert (rows[-1][5], rows[-1][7]) == (45, 30)  # due 30.00 + 15.00; paid 30.00
    page = client.get(reverse("dues:ledger"), {"party_org": branch.pk, "month": month.strftime("%Y-%m")})
    assert "实收30.00元，未交15.00元" in page.content.decode()


def test_the_ledger_refuses_the_sibling_bureaus_branch(client, personas):
    client.force_login(personas.a.leader)
    other = party_of(personas.b)["branch"]
    assert client.get(reverse("dues:ledger"), {"party_org": other.pk}).status_code == 404
    assert client.get(reverse("dues:ledger_export"), {"party_org": other.pk}).status_code == 404
    assert client.get(reverse("dues:ledger"), {"party_org": "x", "month": "2026-13"}).status_code == 200


def test_it_counts_consecutive_unpaid_months_back_from_last_month(personas):
    actor = actor_of(personas.a)
    steady = member(personas.a, "按时", "3000")
    lapsed = member(personas.a, "欠三", "3000")
    gone = member(personas.a, "欠六", "5000.01")
    excused = member(personas.a, "免交", "3000")
    services.pay(steady, [months_ago(n) for n in range(1, 13)], by=actor)
    services.pay(lapsed, [months_ago(4), months_ago(6)], by=actor)  # 3, 2, 1 unpaid; 5 unpaid but 4 paid
    services.grant_relief(excused, kind="exempt", start_month=months_ago(2), end_month=months_ago(1),
                          reason="病休", by=actor)  # fmt: skip
    services.pay(excused, [months_ago(n) for n in range(3, 13)], by=actor)
    found = {a.membership.pk: a for a in services.arrears(services.visible_memberships(personas.a.leader))}
    assert steady.pk not in found and excused.pk not in found
    assert (found[lapsed.pk].count, found[lapsed.pk].since, found[lapsed.pk].owed) == (
        3, months_ago(3), Decimal("45.00"))  # fmt: skip
    assert found[lapsed.pk].level == "warning"
    assert (found[gone.pk].count, found[gone.pk].owed, found[gone.pk].level) == (12, Decimal("900.00"), "alert")
    assert [a.membership.pk for a in services.arrears(services.visible_memberships(personas.b.leader))] == []
    # the 待办's question (3 months or more), answered with the SQL pre-selection, is the same rule
    three = services.arrears(services.visible_memberships(personas.a.leader), at_least=3)
    assert [(a.membership.pk, a.count) for a in three] == [(gone.pk, 12), (lapsed.pk, 3)]
    assert [a.membership.pk for a in services.arrears(services.visible_memberships(personas.a.leader), at_least=4)] == [
        gone.pk
    ]


def test_the_daily_command_warns_at_three_and_alerts_at_six_once_each(personas):
    actor = actor_of(personas.a)
    user = make_user("qianjiao")
    late = member(personas.a, "欠交者", "3000", user=user)
    services.pay(late, [months_ago(n) for n in range(4, 13)], by=actor)  # 3 months unpaid
    on_time = member(personas.a, "按时者", "3000", user=make_user("anshi"))
    services.pay(on_time, [months_ago(n) for n in range(1, 13)], by=actor)
    secretary = personas.a.branch_secretary
    call_command("dues_reminders", stdout=StringIO())
    call_command("dues_reminders", stdout=StringIO())  # the next day: nothing new
    titles = list(Notification.objects.filter(recipient=user).values_list("title", flat=True))
    assert titles == [f"党费催交：欠交者自{months_ago(3).year}年{months_ago(3).month}月起连续未交纳党费已满3个月"]
    assert Notification.objects.filter(recipient=secretary, title=titles[0]).count() == 1
    assert not Notification.objects.filter(recipient__username="anshi").exists()
    assert not Notification.objects.filter(recipient=personas.b.branch_secretary).exists()
    DuesPayment.objects.filter(membership=late, month__in=[months_ago(4), months_ago(5), months_ago(6)]).delete()
    call_command("dues_reminders", stdout=StringIO())
    assert Notification.objects.filter(recipient=user, title__contains="已满6个月").count() == 1


def test_the_unpaid_page_lists_only_visible_members(client, personas):
    member(personas.a, "云溪欠交", "3000")
    member(personas.b, "石桥欠交", "3000")
    client.force_login(personas.a.branch_secretary)
    html = client.get(reverse("dues:unpaid")).content.decode()
    assert "云溪欠交" in html and "石桥欠交" not in html


def test_months_in_a_sentence_name_each_year_once():
    months = [datetime.date(2026, 1, 1), datetime.date(2025, 11, 1), datetime.date(2025, 12, 1)]
    assert services.months_text(months) == "2025年11月、12月、2026年1月"
    assert services.months_text([]) == ""
