"""A NUL character in a query string is refused with a Chinese 400 before any view runs (PostgreSQL text
cannot hold one: ``?search=%00`` once gave a 500 there)."""

import pytest

from qizhi.org.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_parameter_is_a_400_in_chinese(client, personas):
    assert client.login(username=personas.a.leader.username, password=PASSWORD)
    api = client.get("/api/org/people/?search=%00")
    assert api.status_code == 400 and api.json()["detail"] == "请求参数含有无效的空字符，请检查链接或筛选条件"
    page = client.get("/org/people/", {"q\x00": "张"})
    assert page.status_code == 400 and "无效的空字符" in page.content.decode()
    assert client.get("/api/org/people/?search=%E5%BC%A0").status_code == 200
