"""A 发展对象 walked through the procedure by the bureau's party-affairs officer, step by step."""

from __future__ import annotations

import datetime

from qizhi.org.testing import make_person
from qizhi.party import services as party
from qizhi.party.choices import MembershipStatus
from qizhi.party.testing import party_of
from qizhi.recruitment import services
from qizhi.recruitment.choices import Step

D = datetime.date
APPLIED = D(2024, 1, 31)


def second_full_member(bureau):
    """A second full member of the branch (two introducers are needed)."""
    if "introducer" not in bureau.__dict__:
        person = make_person(bureau.unit, name="介绍人乙")
        bureau.__dict__["introducer"] = party.join(
            person, branch=party_of(bureau)["branch"], status=MembershipStatus.FULL, joined_on=D(2005, 7, 1),
            full_on=D(2006, 7, 1), by=bureau.party_affairs,
        )  # fmt: skip
    return bureau.__dict__["introducer"]


def applicant(bureau, *, applied_on=APPLIED, name="申请人甲"):
    person = make_person(bureau.unit, name=name, political_status="masses")
    return services.apply(person, branch=party_of(bureau)["branch"], applied_on=applied_on, by=bureau.party_affairs)


# The dates of the whole way, each within its clock: talk within a month, a year as 积极分子,
# 支部大会 within a month of 预审 after the 公示, approval within three months.
WAY = [
    (Step.TALK, D(2024, 2, 20), {"talked_by": "书记"}),
    (Step.ACTIVIST, D(2024, 3, 1), "contacts"),
    (Step.EXAMINATION, D(2024, 9, 1), {}),
    (Step.CANDIDATE, D(2025, 3, 1), {}),
    (Step.INTRODUCERS, D(2025, 3, 5), "introducers"),
    (Step.REVIEW, D(2025, 4, 10), {}),
    (Step.TRAINING, D(2025, 4, 20), {"hours": 24}),
    (Step.COMMITTEE, D(2025, 5, 6), {}),
    (Step.PREREVIEW, D(2025, 5, 20), {}),
    (Step.NOTICE, D(2025, 5, 21), {"until": D(2025, 5, 27)}),
    (Step.ASSEMBLY, D(2025, 6, 10), {"voters": 9, "votes_for": 8, "votes_against": 0, "votes_abstain": 1}),
    (Step.APPROVAL, D(2025, 7, 1), {}),
]


def walk(bureau, applicant, *, until: str | None = None, by=None):
    """Record the steps of ``WAY`` up to (not including) ``until``."""
    member, second = party_of(bureau)["membership"], second_full_member(bureau)
    for step, on, data in WAY:
        if step == until:
            return applicant
        if data == "contacts":
            data = {"contact_1": member}
        elif data == "introducers":
            data = {"introducer_1": member, "introducer_2": second}
        services.record(applicant, step, on=on, by=by or bureau.party_affairs, **data)
    return applicant
