from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundState(models.TextChoices):
    """Where a round stands: prepared, voting, voting over, ballots sealed (results), grades final."""

    DRAFT = "draft", _("准备中")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已截止")
    SEALED = "sealed", _("已封存")
    GRADED = "graded", _("已定等次")


class ElectorateKind(models.TextChoices):
    """Who rates (seed 003): the branch's members, and all staff of the unit (集体评议); who elects (换届选举):
    the organization's full members, who alone have the vote."""

    BRANCH = "branch", _("支部党员评议")
    STAFF = "staff", _("全体干警评议")
    ELECTORS = "electors", _("有选举权的正式党员")


class Mark(models.TextChoices):
    """The grade scale, used for a rating on a ballot and for the final 等次."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("合格")
    BASIC = "basic", _("基本合格")
    INCOMPETENT = "incompetent", _("不合格")


# The points of a mark when the ratings of a subject are averaged (100 = all 优秀).
MARK_POINTS = {Mark.EXCELLENT: 100, Mark.COMPETENT: 80, Mark.BASIC: 60, Mark.INCOMPETENT: 0}

# Seed 003: 岗位职责, 审判(业务)绩效, 工作作风, 廉洁自律.
DEFAULT_DIMENSIONS = ["岗位职责", "业务绩效", "工作作风", "廉洁自律"]


class Vote(models.TextChoices):
    """What an election ballot says of each candidate (换届选举)."""

    FOR = "for", _("赞成")
    AGAINST = "against", _("反对")
    ABSTAIN = "abstain", _("弃权")


# An election ballot has one "dimension": the vote on the candidate.
ELECTION_DIMENSIONS = ["选举"]
