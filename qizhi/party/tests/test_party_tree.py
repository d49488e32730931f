"""The party tree shows each 党组 above the organizations it leads (issue #14 §4, seed 000): the top-level
organizations of its unit's subtree, unless a 党组 nearer their unit leads them; its figures are theirs."""

from __future__ import annotations

import re

import pytest

from qizhi.party import services
from qizhi.party.choices import PartyOrgKind
from qizhi.party.models import PartyOrg
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


def leading_group(bureau, unit, name):
    return services.create_party_org(
        parent=None, by=bureau.party_affairs, name=name, kind=PartyOrgKind.LEADING_GROUP, unit=unit
    )


def test_a_leading_group_heads_the_organizations_of_its_units(personas):
    party = party_of(personas.a)  # 云溪机关党支部 (2 members, a 党小组), 云溪司法所党支部 (none yet)
    bureau_group = leading_group(personas.a, personas.a.unit, "云溪县司法局党组")
    orgs = list(PartyOrg.objects.filter(unit__path__startswith=personas.a.unit.path).select_related("unit"))
    rows = services.tree_rows(orgs, services.tree_counts(orgs))
    assert [(org.name, level) for org, _c, level in rows] == [
        ("云溪县司法局党组", 0),
        ("云溪机关党支部", 1),
        ("云溪第一党小组", 2),
        ("云溪司法所党支部", 1),
    ]
    assert rows[0][1].members == 2 == services.tree_counts(orgs)[party["branch"].pk].members
    assert services.tree_counts(orgs)[bureau_group.pk].members == 0  # it leads; it holds no one


def test_the_nearest_leading_group_leads(personas):
    party = party_of(personas.a)
    leading_group(personas.a, personas.a.unit, "云溪县司法局党组")
    office_group = leading_group(personas.a, personas.a.judicial_office, "云溪司法所党组")
    orgs = list(PartyOrg.objects.filter(unit__path__startswith=personas.a.unit.path).select_related("unit"))
    led = services.leaders_of(orgs)
    assert led[party["second"].pk] == office_group and led[party["branch"].pk].name == "云溪县司法局党组"


def test_the_tree_page_shows_the_leading_group_first_and_not_the_siblings(client, personas):
    party_of(personas.a)
    party_of(personas.b)
    leading_group(personas.a, personas.a.unit, "云溪县司法局党组")
    client.force_login(personas.a.leader)
    html = client.get("/party/orgs/tree/").content.decode()
    names = re.findall(r'data-org="([^"]+)"', html)
    assert names[:2] == ["云溪县司法局党组", "云溪机关党支部"] and "石桥机关党支部" not in names
    assert "所领导党组织合计" in html
