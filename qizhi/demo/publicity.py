"""The bureau's bulletins and articles of this year as seed 000 counts them, and what it has disclosed.

Seed 000: 85 issues of the “三项重点工作”“三项制度建设” bulletin and 20 of the 创先争优 bulletin; 215 articles,
114 in national or provincial outlets, 62 municipal, 39 county. Issues are spread over the year up to
today and numbered by the service in date order; then a few bulletins, the public commitments and the
model posts go through review, approval and publication (one item waits for review, one for approval,
one was withdrawn), so that the portal, the kiosk, the feed and the 待办 list show something real.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from qizhi.disclosure import services as disclosure
from qizhi.disclosure.choices import Channel
from qizhi.org.models import Unit
from qizhi.publicity import services
from qizhi.publicity.choices import ArticleKind, OutletLevel
from qizhi.publicity.models import Article, Bulletin
from qizhi.targets.models import Commitment, ModelPost

SERIES = (("“三项重点工作”“三项制度建设”信息简报", 85), ("创先争优信息简报", 20))
OUTLETS = {
    OutletLevel.CENTRAL: ("法制日报", "人民调解杂志", "中国普法网", "法制网"),
    OutletLevel.PROVINCIAL: ("四川法制报", "四川长安网", "四川司法行政网", "四川日报", "四川法治网"),
    OutletLevel.MUNICIPAL: ("市日报", "市广播电视台", "市司法局网站", "市长安网"),
    OutletLevel.COUNTY: ("云溪县电视台", "云溪县人民政府网", "云溪县广播站"),
}
LEVELS = (
    (OutletLevel.CENTRAL, 31),
    (OutletLevel.PROVINCIAL, 83),
    (OutletLevel.MUNICIPAL, 62),
    (OutletLevel.COUNTY, 39),
)
TOPICS = ("社会矛盾化解", "社会管理创新", "公正廉洁执法", "人民调解", "社区矫正", "法律援助", "普法宣传", "公证服务",
          "安置帮教", "创先争优", "司法所规范化建设", "领导挂牌接访")  # fmt: skip
ACTIONS = ("扎实推进", "创新开展", "深入推进", "全力做好", "积极探索")
CHANNELS = [Channel.BOARD, Channel.WEBSITE, Channel.KIOSK, Channel.MICROBLOG]


def _days(count: int, year: int, today: datetime.date) -> list[datetime.date]:
    """``count`` working days spread evenly from 5 January to today."""
    start = datetime.date(year, 1, 5)
    span = (today - start).days
    days = []
    for i in range(count):
        day = start + datetime.timedelta(days=span * i // max(count - 1, 1))
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
        days.append(day)
    return days


def build_publicity(bureau, *, actor) -> tuple[int, int]:
    """This year's issues and articles of ``bureau``; returns (issues, articles)."""
    rng = random.Random(215)
    today = timezone.localdate()
    issues = 0
    for name, count in SERIES:
        bulletin = Bulletin(unit=bureau, name=name, issuer=f"{bureau.name}办公室")
        bulletin.stamp(actor)
        bulletin.save()
        for n, day in enumerate(_days(count, today.year, today), start=1):
            topic = TOPICS[(n + len(name)) % len(TOPICS)]
            services.issue_bulletin(
                bulletin, title=f"{bureau.name}{ACTIONS[n % len(ACTIONS)]}{topic}工作", issued_on=day, by=actor,
                text=f"近日，{bureau.name}召开专题会议，安排部署{topic}工作。\n"
                     f"会议要求，各股室、各司法所要提高认识、明确责任，确保{topic}工作取得实效。\n"
                     f"截至目前，全局已开展{topic}活动{rng.randint(3, 30)}次。",
                editor="办公室",
            )  # fmt: skip
            issues += 1
    units = [bureau, *Unit.objects.get_children(bureau)]
    articles = []
    for level, count in LEVELS:
        for day in _days(count, today.year, today):
            topic = rng.choice(TOPICS)
            article = Article(
                unit=rng.choice(units), title=f"{bureau.name}{rng.choice(ACTIONS)}{topic}", published_on=day,
                kind=rng.choice(ArticleKind.values), outlet=rng.choice(OUTLETS[level]), outlet_level=level,
                author=rng.choice(("宣教科", "办公室", "政治处", "基层科")),
            )  # fmt: skip
            article.stamp(actor)
            articles.append(article)
    Article.objects.bulk_create(articles)
    return issues, len(articles)


def build_disclosure(bureau) -> int:
    """Recent bulletins, the public commitments, the model posts and the last approved month's figures published;
    returns the items published."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("party", "leader"))}
    party, leader = users["party"], users["leader"]
    records = [("publicity.bulletinissue", issue) for issue in _recent_issues(bureau, 6)]
    records += [("targets.commitment", c) for c in Commitment.objects.filter(unit__path__startswith=bureau.path,
                                                                                 public=True)[:5]]  # fmt: skip
    records += [("targets.modelpost", p) for p in ModelPost.objects.filter(unit__path__startswith=bureau.path,
                                                                               public=True)[:4]]  # fmt: skip
    month = _last_approved_month(bureau)
    records += [("statistics.statreport", month)] if month else []
    published = 0
    for index, (kind, record) in enumerate(records):
        item = disclosure.propose(record, kind=kind, channels=CHANNELS, by=party)
        if index == 0:
            continue  # waits for the leader's review
        disclosure.review(item, by=leader, secrecy_checked=True, note="经保密审查，不涉及国家秘密和工作秘密")
        if index == 1:
            continue  # waits for approval
        disclosure.approve(item, by=leader)
        disclosure.publish(item, by=party, link="http://127.0.0.1:8000/public/")
        published += 1
        if index == 2:
            disclosure.withdraw(item, by=party, reason="简报中一处数字有误，更正后重新发布")
    return published


def _last_approved_month(bureau):
    """The latest approved monthly report in the bureau, of the unit nearest the bureau (a report's public
    figures roll up its unit's subtree)."""
    from qizhi.core.workflow import Status
    from qizhi.statistics.models import StatReport

    reports = StatReport.objects.filter(unit__path__startswith=bureau.path, status=Status.APPROVED)
    return reports.order_by("-month", "unit__depth", "unit__path").first()


def _recent_issues(bureau, count: int):
    from qizhi.publicity.models import BulletinIssue

    return list(BulletinIssue.objects.filter(bulletin__unit=bureau).order_by("-issued_on", "-pk")[:count])
