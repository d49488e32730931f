"""The province generator writes a consistent tree, unique people, true party figures, and no duplicates."""

import io

import pytest
from django.core.management import call_command

from qizhi.accounts.models import Grant
from qizhi.demo import province
from qizhi.org.models import Person, Unit
from qizhi.party import services
from qizhi.party.models import Membership, PartyOrg

pytestmark = pytest.mark.django_db
SMALL = ["--cities", "2", "--counties", "2", "--departments", "2", "--judicial-offices", "3", "--people", "400"]


def generate(*extra):
    out = io.StringIO()
    call_command("generate_province", *SMALL, *extra, stdout=out)
    return out.getvalue()


def test_it_builds_a_consistent_tree_and_staff():
    output = generate()
    assert "BENCH root_id=" in output
    root = province.generated_root()
    assert (
        Unit.objects.count()
        == province.ProvinceSize(
            cities=2, counties_per_city=2, departments_per_county=2, judicial_offices_per_county=3
        ).units
    )
    assert all(not problems for problems in Unit.objects.find_problems())
    assert Person.objects.count() == 400
    assert Person.objects.values("id_number").distinct().count() == 400
    assert Unit.objects.get_descendant_count(root) == Unit.objects.count() - 1
    # One bench login per level the benchmarks measure: the province, a city, a county.
    places = dict(Grant.objects.filter(user__username__startswith="bench").values_list("user__username", "unit__depth"))
    assert places == {"bench": 1, "bench_city": 2, "bench_county": 3}


def test_party_data_matches_the_roster():
    generate()
    members = Person.objects.filter(political_status__in=["party_member", "probationary"])
    assert Membership.objects.count() == members.count()
    assert set(Membership.objects.values_list("person_id", flat=True)) == set(members.values_list("pk", flat=True))
    assert all(not problems for problems in PartyOrg.objects.find_problems())
    orgs = list(PartyOrg.objects.all())
    counts = services.tree_counts(orgs)
    assert sum(counts[o.pk].members for o in orgs if o.depth == 1) == members.count()
    assert not Membership.objects.filter(status="probationary", full_on__isnull=False).exists()


def test_a_second_run_does_not_duplicate_and_reset_rebuilds():
    generate()
    units, people = Unit.objects.count(), Person.objects.count()
    assert "已存在" in generate()
    assert (Unit.objects.count(), Person.objects.count()) == (units, people)
    generate("--reset")
    assert (Unit.objects.count(), Person.objects.count()) == (units, people)
    assert (
        Membership.objects.count()
        == Person.objects.filter(political_status__in=["party_member", "probationary"]).count()
    )


@pytest.mark.dated
def test_each_county_publishes_its_bulletins_through_the_log_and_reset_removes_them(client):
    from django.utils import timezone

    from qizhi.core.scoping import subtree_q
    from qizhi.disclosure import services as disclosure
    from qizhi.disclosure.models import Disclosure, Publication

    disclosure.bump_portal()  # the file cache outlives the test database
    assert "县司法局公开事项 96 项" in generate()  # 2 cities × 2 counties × 24 items
    county = Unit.objects.get(pk=province.describe_existing(province.generated_root()).county.pk)
    # Per county the 12th and the 24th item were withdrawn (one in twelve) and the 8th has a second edition.
    assert Disclosure.objects.filter(status="withdrawn").count() == 8
    assert Disclosure.objects.filter(edition=2).count() == 4
    assert Publication.objects.filter(channel="website").count() == 96 + 4
    live = disclosure.live("website")
    assert live.count() == 96 - 8
    assert live.filter(subtree_q("disclosure__unit__path", county.path)).count() == 22
    row = live.filter(subtree_q("disclosure__unit__path", county.path)).order_by("-published_at").first()
    assert row.published_at <= timezone.now()
    assert row.title.startswith(f"{county.name}工作信息〔{timezone.localdate().year}〕第")
    page = client.get("/public/", {"unit": county.pk}).content.decode()
    assert row.title in page
    generate("--reset")
    assert Disclosure.objects.count() == 96 and Publication.objects.filter(channel="website").count() == 100
