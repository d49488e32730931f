"""Recruitment data in the test personas' bureaus, built on demand, and the scoping sample."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from qizhi.core.testing import sample
from qizhi.org.testing import Bureau
from qizhi.party.testing import party_of
from qizhi.recruitment import services
from qizhi.recruitment.choices import Step
from qizhi.recruitment.models import Applicant

APPLIED = datetime.date(2025, 3, 3)
TALKED = datetime.date(2025, 3, 20)
ACTIVIST = datetime.date(2025, 6, 3)  # one year as 积极分子 ends on 2026-06-03


def recruitment_of(bureau: Bureau) -> dict:
    """The bureau's second person (not a member) applied to the branch and became an 积极分子,
    with the branch member as contact person."""
    if "recruitment" in bureau.__dict__:
        return bureau.__dict__["recruitment"]
    party = party_of(bureau)
    actor = get_user_model().objects.get(username=bureau.party_affairs.username)
    applicant = services.apply(bureau.people[1], branch=party["branch"], applied_on=APPLIED, by=actor)
    services.record(applicant, Step.TALK, on=TALKED, by=actor, talked_by="书记")
    services.record(applicant, Step.ACTIVIST, on=ACTIVIST, by=actor, contact_1=party["membership"])
    bureau.__dict__["recruitment"] = {"applicant": applicant}
    return bureau.__dict__["recruitment"]


@sample(Applicant)
def _applicant_sample(bureau: Bureau):
    return recruitment_of(bureau)["applicant"]
