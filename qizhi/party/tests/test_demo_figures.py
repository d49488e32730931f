"""The demo's party figures are the seeds' own: seed 000's bureau and seed 003's court branch."""

import pytest

from qizhi.org.models import Unit
from qizhi.party import services
from qizhi.party.models import PartyOrg


@pytest.mark.django_db
def test_seed_000_bureau(demo):
    figures = services.figures(unit=Unit.objects.get(name="云溪县司法局"))
    assert (figures["staff"], figures["serving"], figures["retired"]) == (85, 61, 24)
    assert (figures["members"], figures["serving_members"], figures["serving_member_share_percent"]) == (66, 45, 74)
    assert figures["branches"] == 5
    names = set(
        PartyOrg.objects.filter(
            kind="branch", unit__path__startswith=Unit.objects.get(name="云溪县司法局").path
        ).values_list("name", flat=True)
    )
    assert names == {"机关党支部", "公证处党支部", "聚鑫律师党支部", "县法律工作者协会党支部", "退休老干部支部"}


@pytest.mark.django_db
def test_seed_003_court_branch(demo):
    figures = services.figures(party_org=PartyOrg.objects.get(name="云溪县人民法院党支部"))
    assert (figures["groups"], figures["members"], figures["retired_members"]) == (4, 54, 18)


@pytest.mark.django_db
def test_roster_political_status_agrees_with_memberships(demo):
    from qizhi.org.choices import PARTY_STATUSES
    from qizhi.org.models import Person

    members = set(services.current_members().values_list("person_id", flat=True))
    assert members == set(Person.objects.filter(political_status__in=PARTY_STATUSES).values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_bureaus_leading_group_heads_its_five_branches_in_the_tree(demo):
    bureau = Unit.objects.get(name="云溪县司法局")
    orgs = list(PartyOrg.objects.filter(unit__path__startswith=bureau.path).select_related("unit"))
    rows = services.tree_rows(orgs, services.tree_counts(orgs))
    head, counts, level = rows[0]
    assert (head.name, level, counts.members, counts.retired) == ("云溪县司法局党组", 0, 66, 21)
    led = [org.name for org, _c, lvl in rows if lvl == 1]
    assert sorted(led) == sorted(
        ["机关党支部", "公证处党支部", "聚鑫律师党支部", "县法律工作者协会党支部", "退休老干部支部"]
    )
