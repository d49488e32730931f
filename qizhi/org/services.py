"""The organization's figures, computed once here and reused by pages, API and documents.

Every figure is one aggregate query over a unit-path range (``subtree_q``), never a loop per unit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import Refused, lock
from qizhi.core.scoping import scope_of, subtree_q
from qizhi.org.choices import PARTY_STATUSES, UnitKind
from qizhi.org.models import Person, Unit


@dataclass(frozen=True)
class StaffCounts:
    staff: int = 0
    serving: int = 0
    retired: int = 0
    party_members: int = 0
    serving_party_members: int = 0

    @property
    def party_share(self) -> float | None:
        """Party members among serving staff, as a fraction (45 of 61 → 0.7377)."""
        if not self.serving:
            return None
        return self.serving_party_members / self.serving

    @property
    def party_share_percent(self) -> int | None:
        share = self.party_share
        return None if share is None else int(share * 100 + 0.5)

    def as_dict(self) -> dict:
        return {**asdict(self), "party_share_percent": self.party_share_percent}


_MEMBER = Q(political_status__in=PARTY_STATUSES)
# Aliases carry a prefix: an aggregate may not share its name with a field (``retired``).
STAFF_AGGREGATES = {
    "n_staff": Count("pk"),
    "n_serving": Count("pk", filter=Q(retired=False)),
    "n_retired": Count("pk", filter=Q(retired=True)),
    "n_party_members": Count("pk", filter=_MEMBER),
    "n_serving_party_members": Count("pk", filter=_MEMBER & Q(retired=False)),
}


def _counts(row: dict) -> StaffCounts:
    return StaffCounts(**{key[2:]: value for key, value in row.items() if key.startswith("n_")})


def staff_counts(unit: Unit) -> StaffCounts:
    """Counts of the people of ``unit`` and every unit below it (one query)."""
    row = Person.objects.filter(subtree_q("unit__path", unit.path)).aggregate(**STAFF_AGGREGATES)
    return _counts(row)


def children_with_counts(parent: Unit) -> list[tuple[Unit, StaffCounts]]:
    """Each child of ``parent`` (in path order) with counts over its whole subtree: two queries.

    Siblings share one path length, so the people of a child's subtree are those whose unit path
    starts with the child's path: group by that prefix.
    """
    children = list(Unit.objects.filter(subtree_q("path", parent.path), depth=parent.depth + 1).order_by("path"))
    if not children:
        return []
    rows = (
        Person.objects.filter(subtree_q("unit__path", parent.path), unit__depth__gt=parent.depth)
        .annotate(branch=Substr("unit__path", 1, len(children[0].path)))
        .values("branch")
        .annotate(**STAFF_AGGREGATES)
    )
    by_path = {row["branch"]: _counts(row) for row in rows}
    return [(child, by_path.get(child.path, StaffCounts())) for child in children]


def children_staff_counts(parent: Unit) -> dict[int, StaffCounts]:
    """The same counts, by child id."""
    return {child.pk: counts for child, counts in children_with_counts(parent)}


def units_by_kind(unit: Unit) -> list[dict]:
    """Units and staff of the subtree by unit kind (two grouped queries)."""
    units = dict(
        Unit.objects.filter(subtree_q("path", unit.path)).values_list("kind").annotate(n=Count("pk")).order_by()
    )
    staff = dict(
        Person.objects.filter(subtree_q("unit__path", unit.path))
        .values_list("unit__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(UnitKind.choices)
    return [
        {"kind": kind, "label": str(labels.get(kind, kind)), "units": count, "staff": staff.get(kind, 0)}
        for kind, count in sorted(units.items(), key=lambda item: list(labels).index(item[0]))
    ]


def unit_figures(unit: Unit) -> dict:
    """Everything the unit page and ``/api/org/figures/`` show about a unit's subtree."""
    return {
        "unit": {"id": unit.pk, "name": unit.name, "kind": unit.kind},
        **staff_counts(unit).as_dict(),
        "by_kind": units_by_kind(unit),
    }


def id_number_taken(id_number: str, *, exclude_pk: int | None = None) -> bool:
    """Whether another person anywhere already has this ID number (whoever may see them)."""
    if not id_number:
        return False
    return Person.objects.filter(id_number=id_number).exclude(pk=exclude_pk).exists()


# --- The unit tree -------------------------------------------------------------------------------


def may_add_unit(user, parent: Unit) -> bool:
    """Who adds a unit under ``parent``: whoever may add in ``org`` over it (the unit page's button too)."""
    return scope_of(user).covers(Action.ADD, "org", parent.path)


@transaction.atomic
def add_unit(parent: Unit, unit: Unit, *, by) -> Unit:
    """Put the new ``unit`` under ``parent`` (locked: siblings are numbered one at a time)."""
    lock(parent)
    if not may_add_unit(by, parent):
        raise Refused(_("您不能在{parent}下新增单位").format(parent=parent), field="parent")
    unit.stamp(by)
    return Unit.objects.add_child(parent, instance=unit)
