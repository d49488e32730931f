"""The party's rules and figures, against hand-computed values, and a Hypothesis run of random histories."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.org.testing import make_person
from qizhi.party import services
from qizhi.party.choices import MembershipStatus, OfficerRole, PartyOrgKind, TransferStatus
from qizhi.party.models import Membership, PartyOrg, Term
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db
FULL, PROBATIONARY = MembershipStatus.FULL, MembershipStatus.PROBATIONARY
D = datetime.date


@pytest.fixture
def party(personas):
    return party_of(personas.a)


@pytest.fixture
def actor(personas):
    return personas.a.party_affairs


def test_a_person_cannot_be_a_member_twice(personas, party, actor):
    with pytest.raises(ValidationError) as error:
        services.join(personas.a.people[0], branch=party["second"], joined_on=D(2020, 1, 1), by=actor)
    assert "一人只能有一个组织关系" in str(error.value)
    assert Membership.objects.filter(person=personas.a.people[0], ended_on__isnull=True).count() == 1


def test_the_database_refuses_a_second_current_membership(personas, party):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=personas.a.people[0],
            branch=party["second"],
            status=FULL,
            joined_on=D(2020, 1, 1),
            full_on=D(2021, 1, 1),
            started_on=D(2024, 1, 1),
        )


@pytest.mark.parametrize(
    "kwargs,field,message",
    [
        ({"joined_on": D(2999, 1, 1)}, "joined_on", "不能晚于今天"),
        ({"status": PROBATIONARY, "full_on": D(2021, 1, 1)}, "full_on", "预备党员不能有转正日期"),
        ({"status": FULL, "full_on": D(2019, 1, 1)}, "full_on", "不能早于入党日期"),
    ],
)
def test_bad_joins_are_refused_with_the_field_named(personas, party, actor, kwargs, field, message):
    values = {"joined_on": D(2020, 1, 1), "status": FULL, **kwargs}
    with pytest.raises(ValidationError) as error:
        services.join(personas.a.people[1], branch=party["branch"], by=actor, **values)
    assert message in error.value.message_dict[field][0]
    assert not Membership.objects.filter(person=personas.a.people[1]).exists()


def test_a_membership_is_kept_in_a_branch_not_a_group(personas, party, actor):
    with pytest.raises(ValidationError) as error:
        services.join(personas.a.people[1], branch=party["group"], joined_on=D(2020, 1, 1), by=actor)
    assert "branch" in error.value.message_dict


def test_a_group_must_belong_to_a_branch(personas, actor):
    with pytest.raises(ValidationError) as error:
        services.create_party_org(parent=None, by=actor, name="孤立小组", kind=PartyOrgKind.GROUP, unit=personas.a.unit)
    assert "党小组必须隶属于上级党组织" in error.value.message_dict["parent"][0]
    committee = services.create_party_org(
        parent=None, by=actor, name="机关党委", kind="committee", unit=personas.a.unit
    )
    with pytest.raises(ValidationError):
        services.create_party_org(
            parent=committee, by=actor, name="小组", kind=PartyOrgKind.GROUP, unit=personas.a.unit
        )
    assert not PartyOrg.objects.filter(kind=PartyOrgKind.GROUP, name__in=["孤立小组", "小组"]).exists()


def test_joining_sets_the_political_status_and_conversion_follows(personas, party, actor):
    person = personas.a.people[1]
    membership = services.join(person, branch=party["branch"], joined_on=D(2024, 6, 1), by=actor)
    person.refresh_from_db()
    assert person.political_status == "probationary"
    assert membership.conversion_due_on() == D(2025, 6, 1)
    services.convert_to_full(membership, on=D(2025, 6, 1), by=actor)
    person.refresh_from_db()
    assert (membership.status, membership.full_on, person.political_status) == (FULL, D(2025, 6, 1), "party_member")
    with pytest.raises(ValidationError):
        services.convert_to_full(membership, on=D(2025, 7, 1), by=actor)


def test_an_internal_transfer_waits_then_moves_the_membership_with_its_dates(personas, party, actor):
    transfer = party["transfer"]
    old = transfer.membership
    assert transfer.status == TransferStatus.PENDING and old.current
    new = services.confirm_transfer(transfer, by=personas.a.branch_secretary)
    old.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.COMPLETED
    assert (old.ended_on, old.end_reason) == (transfer.completed_on, "transferred")
    assert (new.branch, new.joined_on, new.full_on, new.status) == (
        party["second"],
        old.joined_on,
        old.full_on,
        old.status,
    )
    assert list(old.person.memberships.order_by("pk")) == [old, new]
    with pytest.raises(ValidationError):
        services.confirm_transfer(transfer, by=actor)


def test_a_transfer_cannot_target_its_own_organization(personas, party, actor):
    with pytest.raises(ValidationError) as error:
        services.start_transfer(party["membership"], to_org=party["branch"], by=actor)
    assert "不能与转出组织相同" in error.value.message_dict["to_org"][0]


def test_a_transfer_names_exactly_one_destination(personas, party, actor):
    with pytest.raises(ValidationError):
        services.start_transfer(party["membership"], by=actor)
    with pytest.raises(ValidationError):
        services.start_transfer(party["membership"], to_org=party["second"], to_outside="外省某支部", by=actor)


def test_a_transfer_out_of_the_deployment_ends_the_membership_at_once(personas, party, actor):
    transfer = services.start_transfer(party["membership"], to_outside="某市律师协会党委", by=actor)
    party["membership"].refresh_from_db()
    assert transfer.status == TransferStatus.COMPLETED
    assert party["membership"].end_reason == "transferred_out"
    assert services.current_membership(party["membership"].person) is None


def test_an_incoming_member_from_outside_is_recorded(personas, party, actor):
    person = make_person(personas.a.office, "转入者")
    transfer = services.record_incoming(
        person,
        to_org=party["branch"],
        from_outside="外县司法局机关党支部",
        joined_on=D(2015, 7, 1),
        status=FULL,
        full_on=D(2016, 7, 1),
        by=actor,
    )
    assert transfer.kind == "incoming" and services.current_membership(person).branch == party["branch"]


def test_a_withdrawn_transfer_leaves_the_membership(personas, party, actor):
    transfer = services.cancel_transfer(party["transfer"], by=actor)
    assert transfer.status == TransferStatus.CANCELLED
    assert transfer.membership.current


def test_a_retired_secretary_needs_confirmation(personas, party, actor):
    term = Term.objects.create(party_org=party["second"], number=1, start_date=D(2024, 1, 1), end_date=D(2027, 1, 1))
    retired = personas.a.people[2]
    with pytest.raises(ValidationError) as error:
        services.appoint(term, retired, OfficerRole.SECRETARY, by=actor)
    assert "confirm_retired" in error.value.message_dict
    assert not term.officers.exists()
    services.appoint(term, retired, OfficerRole.SECRETARY, by=actor, confirm_retired=True)
    assert term.officers.get().person == retired


def test_figures_of_a_branch_by_hand(personas, party, actor):
    # 云溪机关党支部: 云溪甲 (serving, full, group) and 云溪丙 (retired, full, pending transfer away).
    services.join(personas.a.people[1], branch=party["branch"], joined_on=D(2024, 6, 1), by=actor)
    figures = services.figures(party_org=party["branch"], today=D(2026, 11, 23))
    assert (figures["members"], figures["full_members"], figures["probationary_members"]) == (3, 2, 1)
    assert (figures["serving_members"], figures["retired_members"], figures["groups"]) == (2, 1, 1)
    ages = {row["band"]: row["members"] for row in figures["by_age"]}
    assert ages["40—49岁"] == 3  # all three were born on 1985-03-14: 41 years old
    assert {row["decade"]: row["members"] for row in figures["by_joining_decade"]} == {2010: 2, 2020: 1}


def test_figures_of_a_unit_share_members_among_serving_staff(personas, party):
    figures = services.figures(unit=personas.a.unit)
    # staff: 3 (2 serving); members: 云溪甲 (serving), 云溪丙 (retired) → 1 of 2 serving staff = 50%.
    assert (figures["staff"], figures["serving"], figures["members"], figures["serving_members"]) == (3, 2, 2, 1)
    assert figures["serving_member_share_percent"] == 50
    assert (figures["branches"], figures["groups"]) == (2, 1)


def test_tree_counts_come_from_one_query(personas, party, django_assert_num_queries):
    orgs = list(PartyOrg.objects.all())
    with django_assert_num_queries(1):
        counts = services.tree_counts(orgs)
    assert counts[party["branch"].pk].members == 2
    assert counts[party["group"].pk].members == 1
    assert counts[party["second"].pk].members == 0


# --- A random history keeps every invariant --------------------------------------------------------

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["join", "convert", "transfer", "confirm", "withdraw", "leave"]),
        st.integers(0, 5),
        st.integers(0, 2),
    ),
    max_size=25,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_random_histories_keep_one_organization_per_person_and_true_counts(personas, actions):
    from django.db import transaction

    actor = personas.root_admin
    sid = transaction.savepoint()
    try:
        unit = personas.a.unit
        branches = [
            services.create_party_org(parent=None, by=actor, name=f"支部{i}", kind="branch", unit=unit)
            for i in range(3)
        ]
        people = [make_person(unit, f"成员{i}") for i in range(6)]
        for name, who, where in actions:
            person, branch = people[who], branches[where]
            current = services.current_membership(person)
            try:
                if name == "join":
                    services.join(person, branch=branch, joined_on=D(2020, 1, 1), by=actor)
                elif name == "convert" and current:
                    services.convert_to_full(current, on=D(2021, 1, 1), by=actor)
                elif name == "transfer" and current:
                    services.start_transfer(current, to_org=branch, by=actor)
                elif name in ("confirm", "withdraw") and current:
                    pending = current.transfers_out.filter(status="pending").first()
                    if pending and name == "confirm":
                        services.confirm_transfer(pending, by=actor)
                    elif pending:
                        services.cancel_transfer(pending, by=actor)
                elif name == "leave" and current:
                    services.start_transfer(current, to_outside="系统外支部", by=actor)
            except ValidationError:
                pass  # a refused step changes nothing; the invariants below must still hold
            for p in people:
                assert Membership.objects.filter(person=p, ended_on__isnull=True).count() <= 1
        counts = services.tree_counts(branches)
        for branch in branches:
            recount = [m for m in Membership.objects.filter(branch=branch) if m.ended_on is None]
            assert counts[branch.pk].members == len(recount)
            assert counts[branch.pk].probationary == sum(m.status == PROBATIONARY for m in recount)
    finally:
        transaction.savepoint_rollback(sid)


def test_tree_counts_of_groups_alone(personas, party):
    counts = services.tree_counts([party["group"]])
    assert counts[party["group"].pk].members == 1


def test_a_members_relation_may_start_on_a_given_day(personas):
    import datetime as dt

    from django.core.exceptions import ValidationError as Invalid

    from qizhi.org.testing import make_person
    from qizhi.party import services as party
    from qizhi.party.testing import party_of

    branch = party_of(personas.a)["branch"]
    person = make_person(personas.a.office, "新党员")
    with pytest.raises(Invalid) as error:
        party.join(person, branch=branch, joined_on=dt.date(2024, 7, 1), started_on=dt.date(2024, 6, 1),
                   by=personas.a.party_affairs)  # fmt: skip
    assert error.value.message_dict["started_on"] == ["组织关系起始日期应在入党日期与今天之间"]
    membership = party.join(person, branch=branch, joined_on=dt.date(2024, 7, 1), started_on=dt.date(2024, 7, 1),
                            by=personas.a.party_affairs)  # fmt: skip
    assert membership.started_on == dt.date(2024, 7, 1)
