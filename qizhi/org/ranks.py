"""The order of a roster (花名册, 签到表): leaders first, then by position, then by name.

A unit's roster lists its people the way an organ ranks them, not in pinyin order: the head (局长, 院长,
党组书记), the deputies (政委, 副局长, 党组成员, 纪检组长), the heads of sections and offices (主任, 所长,
科长…), their deputies, then everyone else; people without a position last. The rank is read from the
position's title, so it needs no field of its own; ``position_rank`` (Python) and ``position_rank_sql``
(the same rule as a database expression, for ``order_by``) agree, and a test holds them together.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When

HEAD, DEPUTY_HEAD, SECTION_HEAD, SECTION_DEPUTY, STAFF, NONE = range(6)
HEADS = ("局长", "院长", "厅长", "党组书记", "党委书记", "书记")
DEPUTY_HEADS = ("政委", "副局长", "副院长", "副厅长", "党组副书记", "党委副书记", "副书记", "党组成员", "纪检组长")
SECTION_HEADS = ("主任", "所长", "科长", "处长", "庭长", "股长", "队长", "会长")

# (rank, how the title is matched): the first rule that matches wins, so deputies are tried before heads.
RULES: list[tuple[int, str, tuple[str, ...]]] = [
    (DEPUTY_HEAD, "startswith", DEPUTY_HEADS),
    (HEAD, "startswith", HEADS),
    (SECTION_DEPUTY, "startswith", tuple("副" + t for t in SECTION_HEADS)),
    (SECTION_HEAD, "endswith", SECTION_HEADS),
]


def position_rank(position: str) -> int:
    title = (position or "").strip()
    if not title:
        return NONE
    for rank, how, titles in RULES:
        if any(getattr(title, how)(t) for t in titles):
            return rank
    return STAFF


def position_rank_sql(field: str = "position") -> Case:
    """``position_rank`` as an expression: ``qs.annotate(rank=position_rank_sql()).order_by("rank", …)``."""
    whens = [When(**{field: ""}, then=Value(NONE))]
    for rank, how, titles in RULES:
        condition = Q()
        for title in titles:
            condition |= Q(**{f"{field}__{how}": title})
        whens.append(When(condition, then=Value(rank)))
    return Case(*whens, default=Value(STAFF), output_field=IntegerField())


def roster_order(queryset, prefix: str = "", *, by_unit: bool = False):
    """People (or rows pointing at people through ``prefix``, e.g. ``person__``) in roster order: serving
    before retired, leaders first, then by position and name (unit by unit, in tree order, with ``by_unit``)."""
    keys = [f"{prefix}retired", "roster_rank", f"{prefix}pinyin", "pk"]
    if by_unit:
        keys.insert(0, f"{prefix}unit__path")
    return queryset.annotate(roster_rank=position_rank_sql(f"{prefix}position")).order_by(*keys)
