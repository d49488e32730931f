"""Finding people by name, pinyin, initials (zhw → 张伟) or the ID number's last digits."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qizhi.org.filters import search_people
from qizhi.org.models import Person
from qizhi.org.pinyin import search_keys
from qizhi.org.testing import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas):
    unit = personas.a.office
    return {name: make_person(unit, name) for name in ("张伟", "张卫东", "王伟", "常娟")}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("zhw", {"张伟", "张卫东"}),
        ("zw", {"张伟", "张卫东"}),
        ("zhangwei", {"张伟", "张卫东"}),
        ("zhangweid", {"张卫东"}),
        ("ZHANGW", {"张伟", "张卫东"}),
        ("张", {"张伟", "张卫东"}),
        ("伟", {"张伟", "王伟"}),
        ("chj", {"常娟"}),
    ],
)
def test_it_finds_people(people, query, expected):
    found = {p.name for p in search_people(Person.objects.filter(pk__in=[p.pk for p in people.values()]), query)}
    assert found == expected


def test_it_finds_by_the_last_digits_of_the_id_number(people):
    person = people["王伟"]
    assert list(search_people(Person.objects.all(), person.id_number[-6:])) == [person]


def test_the_list_page_searches(client, personas, people):
    client.force_login(personas.a.leader)
    html = client.get("/org/people/", {"q": "zhw"}).content.decode()
    assert "张伟" in html and "张卫东" in html and "王伟" not in html


@given(st.text(alphabet="张王李赵伟芳娜敏静丽强磊军洋", min_size=1, max_size=4))
def test_every_name_is_found_by_its_own_keys(name):
    keys = search_keys(name).split()
    assert len(keys) >= 2
    assert all(k.isascii() and k.islower() for k in keys)
