from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyOrgKind(models.TextChoices):
    LEADING_GROUP = "leading_group", _("党组")
    COMMITTEE = "committee", _("党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    GROUP = "group", _("党小组")


# What may sit directly under what: a group only in a branch, a branch in a committee or general branch.
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    PartyOrgKind.LEADING_GROUP: (None,),
    PartyOrgKind.COMMITTEE: (None, PartyOrgKind.COMMITTEE),
    PartyOrgKind.GENERAL_BRANCH: (None, PartyOrgKind.COMMITTEE),
    PartyOrgKind.BRANCH: (None, PartyOrgKind.COMMITTEE, PartyOrgKind.GENERAL_BRANCH),
    PartyOrgKind.GROUP: (PartyOrgKind.BRANCH,),
}
MEMBER_HOLDING = (PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH)  # where a membership is kept


class MembershipStatus(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class EndReason(models.TextChoices):
    TRANSFERRED = "transferred", _("组织关系转入本系统其他组织")
    TRANSFERRED_OUT = "transferred_out", _("组织关系转出本系统")
    DECEASED = "deceased", _("去世")
    PROBATION_CANCELLED = "probation_cancelled", _("取消预备党员资格")
    OTHER = "other", _("其他")


class OfficerRole(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
    COMMITTEE_MEMBER = "committee_member", _("委员")
    GROUP_LEADER = "group_leader", _("党小组组长")


class TransferKind(models.TextChoices):
    INTERNAL = "internal", _("系统内转接")
    OUTGOING = "outgoing", _("转出本系统")
    INCOMING = "incoming", _("从系统外转入")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已撤销")
    REJECTED = "rejected", _("已退回")


AGE_BANDS = (
    (None, 30, _("30岁以下")),
    (30, 40, _("30—39岁")),
    (40, 50, _("40—49岁")),
    (50, 60, _("50—59岁")),
    (60, None, _("60岁及以上")),
)


class ElectionStatus(models.TextChoices):
    """Where a 换届选举 stands: candidates being settled, the secret ballot running, counted (awaiting the
    higher organ), approved."""

    DRAFT = "draft", _("筹备中")
    VOTING = "voting", _("投票中")
    COUNTED = "counted", _("待报批")
    APPROVED = "approved", _("已批复")
