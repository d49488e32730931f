"""The organization's figures against seed 000 (loaded by the demo) and hand-counted trees."""

import io

from django.core.management import call_command

from qizhi.org import services
from qizhi.org.models import Unit


def test_it_gives_seed_000_figures_for_the_demo_bureau(demo):
    counts = services.staff_counts(demo)
    assert (counts.staff, counts.serving, counts.retired) == (85, 61, 24)
    assert (counts.party_members, counts.serving_party_members) == (66, 45)
    assert counts.party_share_percent == 74


def test_it_does_not_duplicate_when_the_demo_runs_twice(demo):
    units, people = Unit.objects.count(), demo.people.model.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert (Unit.objects.count(), demo.people.model.objects.count()) == (units, people)


def test_children_counts_add_up_to_the_parent(demo):
    children = services.children_staff_counts(demo)
    own = demo.people.count()
    assert sum(c.staff for c in children.values()) + own == services.staff_counts(demo).staff
    office = Unit.objects.get(name="东乡司法所")
    assert children[office.pk].staff == 4


def test_it_counts_units_by_kind(demo):
    kinds = {row["kind"]: row for row in services.units_by_kind(demo)}
    assert kinds["judicial_office"]["units"] == 4
    assert kinds["department"]["units"] == 5
    assert sum(row["staff"] for row in kinds.values()) == 85
