"""Where an ID number is masked, so is the birth date: its eight hidden digits are that date.

The personas' people were born on 1985-03-14 (``make_person``); their ID numbers carry 19850314.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qizhi.core.testing import SAMPLES
from qizhi.party.models import Membership

pytestmark = pytest.mark.django_db

HIDDEN = ("1985-03-14", "1985年3月14日", "1985-3-14", "1985/3/14", "19850314")


def cells(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_the_people_list_shows_the_birth_year_only(client, personas):
    client.force_login(personas.a.party_affairs)  # may see personal data, but the list masks IDs
    html = client.get(reverse("org:person_list")).content.decode()
    assert "1985年" in html
    assert not any(text in html for text in HIDDEN)


def test_the_detail_page_masks_the_birth_date_with_the_id(client, personas):
    person = personas.a.people[0]
    client.force_login(personas.a.branch_secretary)  # "org": READ, no personal data
    html = client.get(person.get_absolute_url()).content.decode()
    assert '<dd class="col-sm-9" id="birth-date">1985年</dd>' in html
    assert not any(text in html for text in HIDDEN)
    client.force_login(personas.a.party_affairs)
    html = client.get(person.get_absolute_url()).content.decode()
    assert person.id_number in html and "1985年3月14日" in html


def test_the_api_gives_the_birth_year_where_the_id_is_masked(client, personas):
    person = personas.a.people[0]
    client.force_login(personas.a.branch_secretary)
    body = client.get(f"/api/org/people/{person.pk}/").json()
    assert body["birth_date"] is None and body["birth_year"] == 1985
    assert "19850314" not in body["id_number"]
    client.force_login(personas.a.party_affairs)
    body = client.get(f"/api/org/people/{person.pk}/").json()
    assert body["birth_date"] == "1985-03-14" and body["id_number"] == person.id_number


def test_the_people_export_masks_the_birth_date_with_the_id(client, personas):
    client.force_login(personas.a.branch_secretary)
    values = cells(client.get(reverse("org:person_export")).content)
    assert "1985年" in values
    assert not any(text in value for value in values for text in HIDDEN)
    client.force_login(personas.a.party_affairs)
    values = cells(client.get(reverse("org:person_export")).content)
    assert not any(value == "1985年" for value in values)  # the full date, as before


def test_the_party_roster_export_masks_the_birth_date_with_the_id(client, personas):
    SAMPLES[Membership](personas.a)  # a member of the bureau, born 1985-03-14
    client.force_login(personas.a.branch_secretary)
    values = cells(client.get(reverse("party:membership_export")).content)
    assert "1985年" in values
    assert not any(text in value for value in values for text in HIDDEN)
    html = client.get(reverse("party:membership_list")).content.decode()
    assert "1985年" in html and not any(text in html for text in HIDDEN)
