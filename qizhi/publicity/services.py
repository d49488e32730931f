"""Publicity: numbering bulletin issues without gaps, and the year's figures as seed 000 writes them.

Numbering: an issue's 期号 is the next number of its bulletin in the year of its date, taken while the
bulletin's row is locked, so two editors issuing at once get N and N+1 (the second waits for the
first); issues are never deleted and their date cannot move to another year, so no number is lost.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import Refused, lock
from qizhi.core.scoping import subtree_q
from qizhi.publicity.choices import OutletLevel
from qizhi.publicity.models import Article, Bulletin, BulletinIssue

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_date(issued_on: datetime.date | None) -> None:
    if issued_on is None:
        raise ValidationError({"issued_on": _("请填写编发日期")})
    if not FIRST_YEAR <= issued_on.year <= LAST_YEAR:
        raise ValidationError({"issued_on": _("编发日期应在2000年至2100年之间")})


def next_number(bulletin: Bulletin, year: int) -> int:
    """The number the next issue of ``bulletin`` in ``year`` gets (read under the bulletin's lock)."""
    last = BulletinIssue.objects.filter(bulletin=bulletin, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def may_issue(bulletin: Bulletin, user) -> bool:
    """Those who may add records where the bulletin is issue its numbers (the bulletin's page offers
    编发新一期 on this, while the bulletin is still being issued)."""
    return Bulletin.objects.for_action(user, Action.ADD).filter(pk=bulletin.pk).exists()


def issue_bulletin(
    bulletin: Bulletin, *, title: str, text: str, issued_on: datetime.date, by, editor: str = ""
) -> BulletinIssue:
    """Issue the next number of ``bulletin`` in the year of ``issued_on``."""
    with transaction.atomic():
        lock(bulletin)
        if not may_issue(bulletin, by):
            raise Refused(_("您不能编发该简报"))
        _check_date(issued_on)
        if not bulletin.active:
            raise ValidationError({"bulletin": _("该简报已停编")})
        issue = BulletinIssue(
            bulletin=bulletin, year=issued_on.year, number=next_number(bulletin, issued_on.year),
            title=title.strip(), text=text, issued_on=issued_on, editor=editor,
        )  # fmt: skip
        issue.full_clean()
        issue.stamp(by)
        issue.save()
        return issue


def check_issue_date(issue: BulletinIssue, issued_on: datetime.date | None) -> None:
    """An issued number belongs to its year: the date may change within the year only."""
    _check_date(issued_on)
    if issue.pk and issued_on.year != issue.year:
        raise ValidationError(
            {
                "issued_on": _("期号{label}属于{year}年，编发日期不能改到其他年份").format(
                    label=issue.label, year=issue.year
                )
            }
        )


# --- Figures ----------------------------------------------------------------------------------------


def figures(unit, year: int) -> dict:
    """The year's bulletins and articles of ``unit`` and everything under it (two aggregate queries),
    and the sentence of seed 000 made from them."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    counts = Article.objects.filter(subtree_q("unit__path", unit.path), published_on__range=(start, end)).aggregate(
        total=Count("pk"), **{level: Count("pk", filter=Q(outlet_level=level)) for level in OutletLevel.values}
    )
    series = list(
        BulletinIssue.objects.filter(subtree_q("bulletin__unit__path", unit.path), year=year)
        .values("bulletin", "bulletin__name")
        .annotate(issues=Count("pk"), last=Max("number"))
        .order_by("-issues", "bulletin__name")
    )
    articles = {
        "total": counts["total"],
        "national_or_provincial": counts[OutletLevel.CENTRAL] + counts[OutletLevel.PROVINCIAL],
        **{level: counts[level] for level in OutletLevel.values},
    }
    bulletins = [{"bulletin": s["bulletin"], "name": s["bulletin__name"], "issues": s["issues"]} for s in series]
    result = {"unit": unit.pk, "unit_name": unit.name, "year": year, "articles": articles, "bulletins": bulletins,
              "bulletin_issues": sum(s["issues"] for s in bulletins)}  # fmt: skip
    result["paragraph"] = paragraph(result)
    return result


def paragraph(figures: dict) -> str:
    """据统计，全年共发送……信息简报85期，……共计215篇；其中……114篇，……62篇，……39篇。"""
    a = figures["articles"]
    sent = "，".join(f"{b['name']}{b['issues']}期" for b in figures["bulletins"]) or "信息简报0期"
    return (
        f"据统计，全年共发送{sent}，县级以上报刊、新闻网站发布调研文章、经验材料、信息共计{a['total']}篇；"
        f"其中在国家级、省级报刊、新闻网站采用的{a['national_or_provincial']}篇，"
        f"市级报刊、新闻网站采用的{a['municipal']}篇，县级报刊、新闻网站转发的{a['county']}篇。"
    )
