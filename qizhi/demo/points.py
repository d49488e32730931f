"""The 积分细则 of the demo, and this year's totals of 云溪县司法局's members counted from their records."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from qizhi.party.models import Membership
from qizhi.points import services
from qizhi.points.choices import MemberCategory, PointSource
from qizhi.points.models import PointRule

RULES = [
    # name, source, points, yearly cap, evidence, approver, applies to, veto
    ("基础分", PointSource.BASE, "60", None, False, "branch_secretary", MemberCategory.ALL, False),
    ("参加组织生活", PointSource.MEETING_ATTENDANCE, "1", "15", False, "branch_secretary", MemberCategory.ALL, False),
    ("学习时长", PointSource.STUDY_HOURS, "0.5", "10", False, "branch_secretary", MemberCategory.ALL, False),
    ("按时交纳党费", PointSource.DUES_ON_TIME, "0.5", "6", False, "branch_secretary", MemberCategory.ALL, False),
    ("目标任务进度通过审核", PointSource.PROGRESS_APPROVED, "1", "5", False, "branch_secretary",
     MemberCategory.SERVING, False),
    ("受到县级以上表彰", PointSource.MANUAL, "5", "10", True, "party_affairs", MemberCategory.ALL, False),
    ("志愿服务", PointSource.MANUAL, "1", "5", False, "branch_secretary", MemberCategory.ALL, False),
    ("关心下一代、发挥余热", PointSource.MANUAL, "2", "6", False, "branch_secretary", MemberCategory.RETIRED, False),
    ("无故缺席组织生活", PointSource.MANUAL, "-2", "10", False, "branch_secretary", MemberCategory.ALL, False),
    ("受到党纪政务处分", PointSource.MANUAL, "0", None, True, "party_affairs", MemberCategory.ALL, True),
]  # fmt: skip


def build_points(bureau) -> int:
    """The rule table (once per deployment) and the bureau's totals for this year; returns members counted."""
    for name, source, points, cap, evidence, approver, applies_to, veto in RULES:
        PointRule.objects.get_or_create(
            name=name,
            defaults={
                "source": source, "points": Decimal(points), "yearly_cap": Decimal(cap) if cap else None,
                "evidence_required": evidence, "approver_role": approver, "applies_to": applies_to, "veto": veto,
            },
        )  # fmt: skip
    members = Membership.objects.filter(branch__unit__path__startswith=bureau.path, ended_on__isnull=True)
    return services.refresh(members, timezone.localdate().year)
