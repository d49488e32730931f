"""Publicity rows in the test personas' bureaus, and the scoping samples of publicity models."""

from __future__ import annotations

import datetime

from qizhi.core.testing import sample
from qizhi.org.testing import Bureau
from qizhi.publicity import services
from qizhi.publicity.choices import OutletLevel
from qizhi.publicity.models import Article, Bulletin, BulletinIssue


def publicity_of(bureau: Bureau) -> dict:
    """A bulletin with its first issue of 2026 and one provincial article, made once per bureau."""
    if "publicity" in bureau.__dict__:
        return bureau.__dict__["publicity"]
    actor = bureau.party_affairs
    bulletin = Bulletin(unit=bureau.unit, name="三项重点工作信息简报")
    bulletin.stamp(actor)
    bulletin.save()
    issue = services.issue_bulletin(
        bulletin, title=f"{bureau.unit.name}开展矛盾纠纷大排查", text="全局上下迅速行动。\n排查纠纷12起。",
        issued_on=datetime.date(2026, 3, 2), by=actor,
    )  # fmt: skip
    article = Article(unit=bureau.unit, title=f"{bureau.unit.name}推进人民调解规范化", outlet="法制日报",
                      outlet_level=OutletLevel.CENTRAL, published_on=datetime.date(2026, 4, 8))  # fmt: skip
    article.stamp(actor)
    article.save()
    bureau.__dict__["publicity"] = {"bulletin": bulletin, "issue": issue, "article": article}
    return bureau.__dict__["publicity"]


@sample(Bulletin)
def _bulletin_sample(bureau: Bureau):
    return publicity_of(bureau)["bulletin"]


@sample(BulletinIssue)
def _issue_sample(bureau: Bureau):
    return publicity_of(bureau)["issue"]


@sample(Article)
def _article_sample(bureau: Bureau):
    return publicity_of(bureau)["article"]
