"""The public status page: the same answer for a wrong number and a wrong code, a rate limit, what it shows."""

import datetime
import re

import pytest
from django.urls import reverse

from qizhi.reception import services
from qizhi.reception.choices import CaseStatus, Channel, Satisfaction
from qizhi.reception.testing import reception_of

pytestmark = pytest.mark.django_db
URL = "reception_public:status"
TYPED = re.compile(r'value="[^"]*"|"X-CSRFToken": "[^"]*"')


def ask(client, number, code):
    return client.post(reverse(URL), {"number": number, "code": code})


def test_a_number_and_its_code_show_the_state_the_clock_and_the_stops(client, personas):
    data = reception_of(personas.a)
    case = data["case"]
    page = ask(client, case.number.lower(), data["code"].lower())  # typed in lower case: still found
    assert page.status_code == 200 and page.context["case"] == case
    html = page.content.decode()
    assert "2026年11月18日" in html and "2026年11月20日" in html  # the dated clock stop
    assert "受理期限" in html and "停止计时2个自然日" in html
    assert "反映相邻通行纠纷" not in html  # the case's text and the staff's notes are not shown
    assert "电话联系双方当事人" not in html


def test_a_wrong_number_and_a_wrong_code_get_the_same_answer(client, personas):
    data = reception_of(personas.a)
    case = data["case"]
    wrong_code = ask(client, case.number, "AAAAAAAA")
    wrong_number = ask(client, "JF-2026-999999", data["code"])
    junk = ask(client, "'; DROP TABLE", "\x00")
    # The same page, but for the CSRF token and the typed values echoed in the form's inputs.
    bodies = {TYPED.sub("", r.content.decode()) for r in (wrong_code, wrong_number)}
    assert wrong_code.status_code == wrong_number.status_code == 200
    assert len(bodies) == 1  # byte for byte the same page
    assert "编号或查询码不正确" in wrong_code.content.decode()
    assert junk.status_code == 200 and "case" not in junk.context


def test_the_status_page_is_rate_limited_per_address(client, personas):
    data = reception_of(personas.a)
    codes = [ask(client, "JF-2026-000404", "AAAAAAAA").status_code for _ in range(20)]
    assert set(codes) == {200}
    assert ask(client, data["case"].number, data["code"]).status_code == 429  # even with the right code
    other = client.post(reverse(URL), {"number": "x", "code": "y"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another address is not limited


def test_the_citizen_rates_a_closed_case_and_unsatisfied_reopens_it(client, personas):
    a = personas.a
    services.ensure_rules()
    registered = services.register_case(
        unit=a.unit, kind="letter", channel=Channel.PUBLIC, subject="办证", content="…",
        received_on=datetime.date(2026, 11, 20),
    )  # fmt: skip
    case = registered.case
    services.take(case, by=a.party_affairs)
    services.accept(case, on=datetime.date(2026, 11, 23), by=a.party_affairs)
    services.close(case, on=datetime.date(2026, 11, 30), outcome="已答复", reply="已为您办理", by=a.party_affairs)
    page = ask(client, case.number, registered.code)
    assert "已为您办理" in page.content.decode() and page.context["rate_form"] is not None
    response = client.post(reverse(URL), {
        "number": case.number, "code": registered.code, "satisfaction": Satisfaction.UNSATISFIED,
    })  # fmt: skip
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.reopened_on == datetime.date(2026, 12, 3)
    forged = client.post(reverse(URL), {"number": case.number, "code": "WRONG123", "satisfaction": "satisfied"})
    assert "编号或查询码不正确" in forged.content.decode()
    case.refresh_from_db()
    assert case.satisfaction == Satisfaction.UNSATISFIED


def test_the_pages_need_no_login(client):
    assert client.get(reverse(URL)).status_code == 200
    assert client.get(reverse("reception_public:letter")).status_code == 200


def test_behind_nginx_each_visitor_is_limited_by_their_own_address(client, personas, settings):
    """Behind nginx every connection comes from 127.0.0.1: the limit counts the address nginx passes in X-Real-IP,
    so one visitor's attempts never close the page to the public."""
    settings.CLIENT_ADDRESS_HEADER = "X-Real-IP"
    reception_of(personas.a)
    for _ in range(20):
        client.post(reverse(URL), {"number": "x", "code": "y"}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.5")
    blocked = client.post(reverse(URL), {"number": "x", "code": "y"}, REMOTE_ADDR="127.0.0.1",
                          HTTP_X_REAL_IP="203.0.113.5")  # fmt: skip
    assert blocked.status_code == 429
    other = client.post(reverse(URL), {"number": "x", "code": "y"}, REMOTE_ADDR="127.0.0.1",
                        HTTP_X_REAL_IP="198.51.100.8")  # fmt: skip
    assert other.status_code == 200


def test_served_directly_a_forged_address_header_changes_nothing(client, personas, settings):
    """Without a proxy the header is the client's own writing: a new X-Real-IP each time still counts as one."""
    settings.CLIENT_ADDRESS_HEADER = ""
    reception_of(personas.a)
    answers = [
        client.post(reverse(URL), {"number": "x", "code": "y"}, REMOTE_ADDR="10.0.0.3", HTTP_X_REAL_IP=f"192.0.2.{n}")
        for n in range(21)
    ]
    assert answers[-1].status_code == 429
