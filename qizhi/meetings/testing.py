"""Meetings in the test personas' bureaus, built on demand, and the scoping samples of meeting models."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F

from qizhi.core.testing import PERSONA_HOOKS, sample
from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind, PointKind
from qizhi.meetings.models import Attendance, ComplianceRule, LifeMeetingPoint, Meeting
from qizhi.org.testing import Bureau
from qizhi.party.models import Membership
from qizhi.party.testing import party_of

HELD_ON = datetime.date(2025, 3, 10)

PERSONA_HOOKS.append(services.ensure_rules)  # a transactional test empties the table the data migration filled


def meetings_of(bureau: Bureau) -> dict:
    """A held branch committee meeting of the bureau's branch and an organizational life meeting with a point."""
    if "meetings" in bureau.__dict__:
        return bureau.__dict__["meetings"]
    party = party_of(bureau)
    # The party sample records its members today; they have been members since they joined.
    Membership.objects.filter(branch__unit__path__startswith=bureau.unit.path).update(started_on=F("joined_on"))
    actor = get_user_model().objects.get(username=bureau.party_affairs.username)
    prefix = bureau.unit.name[:2]
    committee = services.save_meeting(
        Meeting(
            kind=MeetingKind.BRANCH_COMMITTEE, party_org=party["branch"], date=HELD_ON, topic=f"{prefix}三月支委会"
        ),
        by=actor,
    )
    committee = services.mark_held(committee, by=actor)
    life = services.save_meeting(
        Meeting(
            kind=MeetingKind.ORGANIZATIONAL_LIFE,
            party_org=party["branch"],
            date=datetime.date(2025, 12, 20),
            topic=f"{prefix}年度组织生活会",
        ),
        by=actor,
    )
    point = LifeMeetingPoint(
        meeting=life, kind=PointKind.SELF_CRITICISM, speaker=party["membership"].person, content=f"{prefix}学习不够深入"
    )
    point.stamp(actor)
    point.save()
    bureau.__dict__["meetings"] = {
        "committee": committee,
        "life": life,
        "attendance": committee.attendances.order_by("pk").first(),
        "point": point,
    }
    return bureau.__dict__["meetings"]


@sample(Meeting)
def _meeting_sample(bureau: Bureau):
    return meetings_of(bureau)["committee"]


@sample(Attendance)
def _attendance_sample(bureau: Bureau):
    return meetings_of(bureau)["attendance"]


@sample(LifeMeetingPoint)
def _point_sample(bureau: Bureau):
    return meetings_of(bureau)["point"]


@sample(ComplianceRule)
def _compliance_rule_sample(bureau: Bureau):
    services.ensure_rules()
    return ComplianceRule.objects.get(kind=MeetingKind.PARTY_LECTURE)
