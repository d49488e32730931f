"""The party's rules: joining, conversion, transfers, appointments, and the organization's figures.

State changes are atomic service functions with a keyword-only actor; views and the API call them
and never set a status field themselves. Figures are grouped queries over unit or party-org paths.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import Refused, lock, require
from qizhi.core.scoping import ancestor_paths, minimal_prefixes, scope_of, subtree_q
from qizhi.org.choices import Education, PoliticalStatus
from qizhi.org.models import Person, Unit
from qizhi.org.services import StaffCounts, staff_counts
from qizhi.party import signals
from qizhi.party.choices import (
    AGE_BANDS,
    ALLOWED_PARENTS,
    MEMBER_HOLDING,
    EndReason,
    MembershipStatus,
    OfficerRole,
    PartyOrgKind,
    TransferKind,
    TransferStatus,
)
from qizhi.party.models import TERM_WARNING_DAYS, Membership, Officer, PartyOrg, Term, Transfer

AREA = "party"

# --- Organizations ------------------------------------------------------------------------------


def check_placement(kind: str, parent: PartyOrg | None) -> None:
    """A group sits in a branch, a branch in a committee or general branch, and so on."""
    allowed = ALLOWED_PARENTS[kind]
    if (parent.kind if parent else None) not in allowed:
        label = PartyOrgKind(kind).label
        if parent is None:
            raise ValidationError({"parent": _("{kind}必须隶属于上级党组织").format(kind=label)})
        raise ValidationError(
            {"parent": _("{kind}不能设在{parent}之下").format(kind=label, parent=PartyOrgKind(parent.kind).label)}
        )


def may_add_org(user, unit: Unit, parent: PartyOrg | None = None) -> bool:
    """Who sets up a party organization: whoever may add in ``party`` over its unit, and change its parent."""
    scope = scope_of(user)
    return scope.covers(Action.ADD, AREA, unit.path) and (
        parent is None or scope.covers(Action.CHANGE, AREA, parent.unit.path)
    )


@transaction.atomic
def create_party_org(*, parent: PartyOrg | None, by, **fields) -> PartyOrg:
    if parent is not None:
        lock(parent)
    if not may_add_org(by, fields["unit"], parent):
        raise Refused(_("您不能在{unit}设立党组织").format(unit=fields["unit"]))
    check_placement(fields["kind"], parent)
    org = PartyOrg(**fields)
    org.stamp(by)
    if parent is None:
        return PartyOrg.objects.add_root(instance=org)
    return PartyOrg.objects.add_child(parent, instance=org)


# --- Memberships --------------------------------------------------------------------------------


def groups_of(branch: PartyOrg):
    return PartyOrg.objects.filter(subtree_q("path", branch.path), kind=PartyOrgKind.GROUP)


def current_membership(person: Person) -> Membership | None:
    return person.memberships.filter(ended_on__isnull=True).select_related("branch").first()


def _check_group(branch: PartyOrg, group: PartyOrg | None) -> None:
    if group is not None and (group.kind != PartyOrgKind.GROUP or not group.path.startswith(branch.path)):
        raise ValidationError({"group": _("党小组“{group}”不属于{branch}").format(group=group, branch=branch)})


def _check_branch(branch: PartyOrg) -> None:
    if not branch.holds_members:
        raise ValidationError(
            {"branch": _("党员的组织关系只能在党支部或党总支，不能在{kind}").format(kind=branch.get_kind_display())}
        )


def may_record_member(user, branch: PartyOrg) -> bool:
    """Who records a member in ``branch`` (joining, an arrival): whoever may add in ``party`` over its unit."""
    return scope_of(user).covers(Action.ADD, AREA, branch.unit.path)


@transaction.atomic
def join(
    person: Person,
    *,
    branch: PartyOrg,
    joined_on: datetime.date,
    status: str = MembershipStatus.PROBATIONARY,
    full_on: datetime.date | None = None,
    group: PartyOrg | None = None,
    started_on: datetime.date | None = None,
    by,
) -> Membership:
    """Record a person as a member of ``branch`` (a new member, or one whose relation was recorded late)."""
    lock(person)  # one current membership: a second recording waits, then finds the first
    if not may_record_member(by, branch):
        raise Refused(_("您不能在{branch}登记党员").format(branch=branch), field="branch")
    _check_branch(branch)
    _check_group(branch, group)
    existing = current_membership(person)
    if existing is not None:
        raise ValidationError(
            {
                "person": _("{person}已是{branch}的党员，一人只能有一个组织关系").format(
                    person=person, branch=existing.branch
                )
            }
        )
    today = timezone.localdate()
    if joined_on > today:
        raise ValidationError({"joined_on": _("入党日期不能晚于今天")})
    if status == MembershipStatus.PROBATIONARY and full_on is not None:
        raise ValidationError({"full_on": _("预备党员不能有转正日期")})
    if full_on is not None and full_on < joined_on:
        raise ValidationError({"full_on": _("转正日期不能早于入党日期")})
    if started_on is not None and not joined_on <= started_on <= today:
        raise ValidationError({"started_on": _("组织关系起始日期应在入党日期与今天之间")})
    membership = Membership(
        person=person,
        branch=branch,
        group=group,
        status=status,
        joined_on=joined_on,
        full_on=full_on,
        started_on=started_on or today,
    )
    membership.stamp(by)
    membership.save()
    _sync_political_status(person, status, by)
    return membership


def _sync_political_status(person: Person, status: str, by) -> None:
    """The roster's 政治面貌 follows the membership, so both tell the same."""
    wanted = PoliticalStatus.PARTY_MEMBER if status == MembershipStatus.FULL else PoliticalStatus.PROBATIONARY
    if person.political_status != wanted:
        person.political_status = wanted
        person.stamp(by)
        person.save(update_fields=["political_status", "updated_at", "updated_by", "version"])


# A procedure that converts its own members, registered by an app above this one (发展党员, in its
# AppConfig.ready): it answers True when it converted the member, False when the member is not its own.
ConversionProcedure = Callable[..., bool]
_conversion_procedures: list[ConversionProcedure] = []


def register_conversion_procedure(procedure: ConversionProcedure) -> None:
    """``procedure(membership, on=, by=)`` converts the members still on its way (see ``convert_to_full``)."""
    if procedure not in _conversion_procedures:
        _conversion_procedures.append(procedure)


@transaction.atomic
def convert_to_full(membership: Membership, *, on: datetime.date, by) -> Membership:
    """转正： a probationary member becomes a full member on ``on`` — the one conversion, whichever
    page asks. A member still on the way through 发展党员 (an applicant at 预备党员) is converted by
    that procedure's own step, so its rules, checks and record are the same from both pages; a
    member recorded without it (joined before the system) is converted on the membership alone."""
    if membership.current:
        for procedure in _conversion_procedures:
            if procedure(membership, on=on, by=by):
                membership.refresh_from_db()
                return membership
    return convert_membership(membership, on=on, by=by)


@transaction.atomic
def convert_membership(membership: Membership, *, on: datetime.date, by) -> Membership:
    """The membership's side of 转正 (status, date, 政治面貌); call ``convert_to_full``, which
    leaves no 发展党员 record behind (only recruitment's conversion step calls this directly)."""
    lock(membership)
    require(
        membership, by=by, action=Action.CHANGE, message=_("您不能为{person}办理转正").format(person=membership.person)
    )
    if membership.status != MembershipStatus.PROBATIONARY:
        raise ValidationError({"status": _("{person}已是正式党员").format(person=membership.person)})
    if not membership.current:
        raise ValidationError({"status": _("该组织关系已结束，不能转正")})
    if on < membership.joined_on:
        raise ValidationError({"full_on": _("转正日期不能早于入党日期")})
    if on > timezone.localdate():
        raise ValidationError({"full_on": _("转正日期不能晚于今天")})
    membership.status = MembershipStatus.FULL
    membership.full_on = on
    membership.stamp(by)
    membership.save()
    _sync_political_status(membership.person, MembershipStatus.FULL, by)
    return membership


@transaction.atomic
def move_to_group(membership: Membership, *, group: PartyOrg | None, by) -> Membership:
    lock(membership)
    require(membership, by=by, action=Action.CHANGE)
    _check_group(membership.branch, group)
    membership.group = group
    membership.stamp(by)
    membership.save()
    return membership


def _end(membership: Membership, *, on: datetime.date, reason: str, by) -> None:
    membership.ended_on = on
    membership.end_reason = reason
    membership.stamp(by)
    membership.save()


@transaction.atomic
def cancel_probation(membership: Membership, *, on: datetime.date, by) -> Membership:
    """取消预备党员资格: the probationary membership ends (the 发展党员 procedure decides when)."""
    lock(membership)
    require(membership, by=by, action=Action.CHANGE)
    if membership.status != MembershipStatus.PROBATIONARY or not membership.current:
        raise ValidationError({"status": _("只有当前的预备党员可以取消预备党员资格")})
    if not membership.joined_on <= on <= timezone.localdate():
        raise ValidationError({"ended_on": _("取消日期应在入党日期与今天之间")})
    _end(membership, on=on, reason=EndReason.PROBATION_CANCELLED, by=by)
    return membership


# --- Transfers ----------------------------------------------------------------------------------


def transfer_destinations(membership: Membership) -> QuerySet[PartyOrg]:
    """Where a member may be transferred inside the deployment: any organization that keeps members (the receiver
    confirms), not the member's own branch. The form's and the API's choices, one rule through either door."""
    return PartyOrg.objects.filter(kind__in=MEMBER_HOLDING).exclude(pk=membership.branch_id)


@transaction.atomic
def start_transfer(
    membership: Membership,
    *,
    to_org: PartyOrg | None = None,
    to_group: PartyOrg | None = None,
    to_outside: str = "",
    letter_number: str = "",
    reason: str = "",
    by,
) -> Transfer:
    """The sending side starts a transfer: inside the deployment it waits for the receiver's
    confirmation; to an organization outside it completes at once (the membership ends here).
    The membership's row stays locked to the end: of simultaneous transfers of one member, the
    first wins and the others find it pending or ended."""
    lock(membership)
    require(
        membership,
        by=by,
        action=Action.CHANGE,
        message=_("您不能转出{person}的组织关系").format(person=membership.person),
    )
    if not membership.current:
        raise ValidationError({"membership": _("该组织关系已结束，不能再转出")})
    if membership.transfers_out.filter(status=TransferStatus.PENDING).exists():
        raise ValidationError({"membership": _("{person}已有一个待接收的转接").format(person=membership.person)})
    if (to_org is None) == (not to_outside.strip()):
        raise ValidationError({"to_org": _("请选择转入的党组织，或填写系统外的转入组织名称（二者选一）")})
    today = timezone.localdate()
    transfer = Transfer(
        person=membership.person,
        membership=membership,
        from_org=membership.branch,
        to_org=to_org,
        to_group=to_group,
        to_outside=to_outside.strip(),
        letter_number=letter_number,
        reason=reason,
        requested_on=today,
    )
    if to_org is not None:
        _check_branch(to_org)
        if to_org.pk == membership.branch_id:
            raise ValidationError({"to_org": _("转入组织不能与转出组织相同")})
        _check_group(to_org, to_group)
        transfer.kind = TransferKind.INTERNAL
    else:
        transfer.kind = TransferKind.OUTGOING
        transfer.status = TransferStatus.COMPLETED
        transfer.completed_on = today
        _end(membership, on=today, reason=EndReason.TRANSFERRED_OUT, by=by)
    transfer.stamp(by)
    transfer.save()
    return transfer


def may_receive(transfer: Transfer, user) -> bool:
    """The receiving organization's keepers confirm or return a transfer."""
    return transfer.to_org_id is not None and scope_of(user).covers(Action.CHANGE, AREA, transfer.to_org.unit.path)


def may_withdraw(transfer: Transfer, user) -> bool:
    """The sending organization's keepers withdraw it."""
    return transfer.from_org_id is not None and scope_of(user).covers(Action.CHANGE, AREA, transfer.from_org.unit.path)


@transaction.atomic
def confirm_transfer(transfer: Transfer, *, by, group: PartyOrg | None = None) -> Membership:
    """The receiving side confirms: the old membership ends, a new one carries its dates and status."""
    lock(transfer)
    if not may_receive(transfer, by):
        raise Refused(_("只有转入组织可以接收"))
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(
            {"status": _("该转接状态为“{status}”，不能再接收").format(status=transfer.get_status_display())}
        )
    old = lock(transfer.membership)
    if not old.current:  # ended meanwhile (no later path should allow it; the data stays consistent)
        raise ValidationError({"status": _("该组织关系已结束，不能再接收")})
    group = group or transfer.to_group
    _check_group(transfer.to_org, group)
    today = timezone.localdate()
    _end(old, on=today, reason=EndReason.TRANSFERRED, by=by)
    new = Membership(
        person=old.person,
        branch=transfer.to_org,
        group=group,
        status=old.status,
        joined_on=old.joined_on,
        full_on=old.full_on,
        started_on=today,
    )
    new.stamp(by)
    new.save()
    transfer.status = TransferStatus.COMPLETED
    transfer.completed_on = today
    transfer.stamp(by)
    transfer.save()
    signals.membership_transferred.send(Membership, old=old, new=new, by=by)
    return new


@transaction.atomic
def cancel_transfer(transfer: Transfer, *, by, rejected: bool = False, note: str = "") -> Transfer:
    """The sender withdraws it, or the receiver returns it (``rejected``); the membership stays."""
    lock(transfer)
    if not (may_receive(transfer, by) if rejected else may_withdraw(transfer, by)):
        raise Refused(_("只有转入组织可以退回") if rejected else _("只有转出组织可以撤销"))
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError({"status": _("只有待接收的转接可以撤销或退回")})
    transfer.status = TransferStatus.REJECTED if rejected else TransferStatus.CANCELLED
    transfer.note = note
    transfer.stamp(by)
    transfer.save()
    return transfer


@transaction.atomic
def record_incoming(
    person: Person,
    *,
    to_org: PartyOrg,
    from_outside: str,
    joined_on: datetime.date,
    status: str,
    full_on: datetime.date | None = None,
    to_group: PartyOrg | None = None,
    letter_number: str = "",
    by,
) -> Transfer:
    """A member arriving from an organization outside the deployment."""
    if not from_outside.strip():
        raise ValidationError({"from_outside": _("请填写转出组织名称")})
    join(person, branch=to_org, group=to_group, joined_on=joined_on, status=status, full_on=full_on, by=by)
    today = timezone.localdate()
    transfer = Transfer(
        kind=TransferKind.INCOMING,
        status=TransferStatus.COMPLETED,
        person=person,
        from_outside=from_outside.strip(),
        to_org=to_org,
        to_group=to_group,
        letter_number=letter_number,
        requested_on=today,
        completed_on=today,
    )
    transfer.stamp(by)
    transfer.save()
    return transfer


# --- Officers -----------------------------------------------------------------------------------


@transaction.atomic
def appoint(term: Term, person: Person, role: str, *, by, confirm_retired: bool = False) -> Officer:
    """Put ``person`` in office; a retired person as secretary of a serving organization needs confirmation."""
    lock(term)
    require(term, by=by, action=Action.CHANGE, message=_("您不能任命{term}的委员").format(term=term))
    org = term.party_org
    if role == OfficerRole.SECRETARY and person.retired and not org.retirees and not confirm_retired:
        raise ValidationError(
            {
                "confirm_retired": _("{person}已退休，{org}不是退休党员支部；确需任命为书记，请勾选确认").format(
                    person=person, org=org
                )
            }
        )
    if role == OfficerRole.SECRETARY and term.officers.filter(role=OfficerRole.SECRETARY).exists():
        raise ValidationError({"role": _("{term}已有书记").format(term=term)})
    officer = Officer(term=term, person=person, role=role)
    officer.stamp(by)
    officer.save()
    return officer


def current_term(org: PartyOrg, today: datetime.date | None = None) -> Term | None:
    today = today or timezone.localdate()
    return org.terms.filter(start_date__lte=today).order_by("-number").first()


def expiring_terms(orgs, today: datetime.date | None = None):
    """Terms of ``orgs`` ending within the warning window （换届提醒）."""

    today = today or timezone.localdate()
    succeeded = Term.objects.filter(party_org=OuterRef("party_org"), number__gt=OuterRef("number"))
    return (
        Term.objects.filter(
            party_org__in=orgs, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=TERM_WARNING_DAYS)
        )
        .exclude(Exists(succeeded))  # already 换届: the next term was elected
        .select_related("party_org")
    )


# --- Figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberCounts:
    members: int = 0
    full: int = 0
    probationary: int = 0
    retired: int = 0
    serving: int = 0

    def __add__(self, other: MemberCounts) -> MemberCounts:
        return MemberCounts(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values(), strict=True)))


MEMBER_AGGREGATES = {
    "n_members": Count("pk"),
    "n_full": Count("pk", filter=Q(status=MembershipStatus.FULL)),
    "n_probationary": Count("pk", filter=Q(status=MembershipStatus.PROBATIONARY)),
    "n_retired": Count("pk", filter=Q(person__retired=True)),
    "n_serving": Count("pk", filter=Q(person__retired=False)),
}


def _member_counts(row: dict) -> MemberCounts:
    return MemberCounts(**{key[2:]: value for key, value in row.items() if key.startswith("n_")})


def current_members():
    return Membership.objects.filter(ended_on__isnull=True)


def members_in(*, unit: Unit | None = None, party_org: PartyOrg | None = None):
    """Current memberships of a unit's subtree (by the branch's unit) or of a party organization's subtree."""
    if party_org is not None and party_org.kind == PartyOrgKind.GROUP:
        return current_members().filter(group=party_org)
    if party_org is not None:
        return current_members().filter(subtree_q("branch__path", party_org.path))
    return current_members().filter(subtree_q("branch__unit__path", unit.path))


def orgs_in(*, unit: Unit | None = None, party_org: PartyOrg | None = None):
    if party_org is not None:
        return PartyOrg.objects.filter(subtree_q("path", party_org.path))
    return PartyOrg.objects.filter(subtree_q("unit__path", unit.path))


def tree_counts(orgs: list[PartyOrg], *, unit: Unit | None = None) -> dict[int, MemberCounts]:
    """Member counts of every organization in ``orgs`` over its subtree, from one grouped query.

    Memberships are grouped by their branch once; each node then adds up the branches under its
    path (a group counts the members placed in it). ``unit``, when the organizations are those of a
    unit's subtree, lets the query start from that unit's path range (one index range).
    """
    if not orgs:
        return {}
    if unit is not None:
        within = subtree_q("branch__unit__path", unit.path)
    else:  # a group's members are in its branch: search the branch's subtree
        steplen = PartyOrg.steplen
        paths = {org.parent_path if org.kind == PartyOrgKind.GROUP else org.path for org in orgs}
        within = Q()
        for prefix in minimal_prefixes(paths):
            within |= subtree_q("branch__path", prefix)
    rows = current_members().filter(within).values("branch__path", "group_id").annotate(**MEMBER_AGGREGATES).order_by()
    by_path: dict[str, MemberCounts] = {}  # every ancestor path of a branch gets its members
    by_group: dict[int, MemberCounts] = {}
    steplen = PartyOrg.steplen
    for row in rows:
        counts = _member_counts(row)
        path = row["branch__path"]
        for above in ancestor_paths(path, steplen):
            by_path[above] = by_path.get(above, MemberCounts()) + counts
        if row["group_id"]:
            by_group[row["group_id"]] = by_group.get(row["group_id"], MemberCounts()) + counts
    return {
        org.pk: by_group.get(org.pk, MemberCounts())
        if org.kind == PartyOrgKind.GROUP
        else by_path.get(org.path, MemberCounts())
        for org in orgs
    }


def leaders_of(orgs: list[PartyOrg]) -> dict[int, PartyOrg]:
    """The 党组 that leads each top-level organization of ``orgs`` (seed 000: the bureau's 党组 leads its
    branches): the 党组 among ``orgs`` whose unit is the nearest above or at the organization's unit. A 党组
    leads; it does not contain (its own subtree holds no branches, and memberships stay where they are).
    ``orgs`` must carry their unit (reads ``unit.path``: select_related it)."""
    leading = sorted(
        (o for o in orgs if o.kind == PartyOrgKind.LEADING_GROUP), key=lambda o: len(o.unit.path), reverse=True
    )
    led = {}
    for org in orgs:
        if org.depth != 1 or org.kind == PartyOrgKind.LEADING_GROUP:
            continue
        leader = next((g for g in leading if org.unit.path.startswith(g.unit.path)), None)
        if leader is not None:
            led[org.pk] = leader
    return led


def tree_rows(orgs: list[PartyOrg], counts: dict[int, MemberCounts]) -> list[tuple[PartyOrg, MemberCounts, int]]:
    """The party tree as rows ``(org, counts, level)``: each 党组 with the organizations it leads below it
    (their members are its counts), every other organization under its own parent, in path order."""
    led = leaders_of(orgs)
    steplen = PartyOrg.steplen
    subtrees: dict[str, list[PartyOrg]] = {}
    for org in orgs:
        subtrees.setdefault(org.path[:steplen], []).append(org)
    led_trees = {o.path[:steplen] for o in orgs if o.pk in led}
    roots_of: dict[int, list[PartyOrg]] = {}
    for org in orgs:
        if org.pk in led:
            roots_of.setdefault(led[org.pk].pk, []).append(org)
    top = min((o.depth for o in orgs), default=1)
    rows = []
    for org in orgs:
        if org.path[:steplen] in led_trees:
            continue  # shown under its 党组
        if org.kind != PartyOrgKind.LEADING_GROUP:
            rows.append((org, counts[org.pk], org.depth - top))
            continue
        roots = roots_of.get(org.pk, [])
        rows.append((org, sum((counts[o.pk] for o in roots), MemberCounts()), org.depth - top))
        for root in roots:
            rows.extend((o, counts[o.pk], o.depth - top + 1) for o in subtrees[root.path[:steplen]])
    return rows


def age_band_q(index: int, today: datetime.date, field: str = "person__birth_date") -> Q:
    """Members whose age on ``today`` falls in ``AGE_BANDS[index]``, as a condition on the birth date."""
    low, high, _label = AGE_BANDS[index]
    condition = Q()
    if high is not None:  # younger than ``high``: born after the day ``high`` years ago
        condition &= Q(**{f"{field}__gt": years_before(today, high)})
    if low is not None:
        condition &= Q(**{f"{field}__lte": years_before(today, low)})
    return condition


def _age_band_case(today: datetime.date) -> Case:
    whens = [When(age_band_q(index, today), then=Value(index)) for index in range(len(AGE_BANDS))]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def figures(*, unit: Unit | None = None, party_org: PartyOrg | None = None, today: datetime.date | None = None) -> dict:
    """The organization's figures (issue 3 §6): staff, members and their shares, and distributions."""
    today = today or timezone.localdate()
    members = members_in(unit=unit, party_org=party_org)
    counts = _member_counts(members.aggregate(**MEMBER_AGGREGATES))
    staff = staff_counts(unit) if unit is not None else StaffCounts()
    org_kinds = Counter(
        dict(orgs_in(unit=unit, party_org=party_org).values_list("kind").annotate(n=Count("pk")).order_by())
    )
    ages = dict(members.annotate(band=_age_band_case(today)).values_list("band").annotate(n=Count("pk")).order_by())
    educations = dict(members.values_list("person__education").annotate(n=Count("pk")).order_by())
    decades = dict(
        members.annotate(year=ExtractYear("joined_on")).values_list("year").annotate(n=Count("pk")).order_by()
    )
    by_decade = Counter()
    for year, n in decades.items():
        by_decade[year - year % 10] += n
    share = round(100 * counts.serving / staff.serving) if staff.serving else None
    return {
        "scope": {"unit": unit.pk if unit else None, "party_org": party_org.pk if party_org else None},
        "staff": staff.staff,
        "serving": staff.serving,
        "retired": staff.retired,
        "members": counts.members,
        "full_members": counts.full,
        "probationary_members": counts.probationary,
        "serving_members": counts.serving,
        "retired_members": counts.retired,
        "serving_member_share_percent": share,
        "committees": org_kinds[PartyOrgKind.COMMITTEE],
        "general_branches": org_kinds[PartyOrgKind.GENERAL_BRANCH],
        "branches": org_kinds[PartyOrgKind.BRANCH],
        "groups": org_kinds[PartyOrgKind.GROUP],
        "by_age": [{"band": str(label), "members": ages.get(i, 0)} for i, (_lo, _hi, label) in enumerate(AGE_BANDS)],
        "by_education": [
            {"education": str(label), "members": educations.get(code, 0)} for code, label in Education.choices
        ]
        + ([{"education": _("未填写"), "members": educations[""]}] if educations.get("") else []),
        "by_joining_decade": [{"decade": decade, "members": n} for decade, n in sorted(by_decade.items())],
    }
