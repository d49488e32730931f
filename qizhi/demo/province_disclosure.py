"""A year of disclosure for the generated province (``province.py``), written in bulk, so that the public
portal, the kiosk and the feed are measured on a province's worth of published items, not an empty page.

Each county bureau keeps a 工作信息 bulletin and publishes its issues as a county does: about two a month
since January, each through the whole log — proposed, reviewed with the 保密审查 by someone else, approved,
published on the website and the touch screen, most on the board, some on the microblog. One item in
twelve was withdrawn again (with its reason), and one a county was corrected and published as a second
edition (the first withdrawn by it). The public text is the bulletin kind's own frozen text
(``core.publishing``), so the portal shows exactly what a real publication would.

Rows are built in memory and written with ``bulk_create``; like the province itself they have no history
and no workflow events. At the default size that is 120 counties × 24 items: 2,880 items and about 9,000
publication rows.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from qizhi.core import publishing
from qizhi.core.scoping import subtree_q
from qizhi.disclosure import services
from qizhi.disclosure.choices import Channel, DisclosureStatus
from qizhi.disclosure.models import Disclosure, Publication
from qizhi.org.models import Unit
from qizhi.publicity.models import Bulletin, BulletinIssue

BATCH_SIZE = 1000
KIND = "publicity.bulletinissue"
LINK = "http://127.0.0.1:8000/public/"
TOPICS = (
    ("召开党风廉政建设工作会议", "传达学习上级会议精神，部署本年度党风廉政建设工作。"),
    ("开展“八五”普法进社区活动", "深入辖区社区、学校开展宪法和民法典宣传，发放资料，解答群众咨询。"),
    ("完成矛盾纠纷集中排查", "各司法所排查化解婚姻家庭、邻里、土地等矛盾纠纷，调解成功率保持较高水平。"),
    ("推行公共法律服务“一站式”办理", "整合公证、法律援助、人民调解窗口，实行首问负责和限时办结。"),
    ("开展社区矫正对象集中教育", "组织社区矫正对象参加集中教育和公益活动，落实分类管理措施。"),
    ("法律援助惠民生工作取得实效", "为农民工、残疾人等困难群众提供法律援助，帮助追讨劳动报酬。"),
    ("召开领导班子民主生活会", "班子成员对照检查，开展批评与自我批评，制定整改措施。"),
    ("公开服务承诺接受群众监督", "各窗口单位公开服务承诺，设置意见箱，定期回访服务对象。"),
)
REASONS = ("信息中一处数据有误，核实后另行发布", "内容已过时效，按规定撤回", "涉及个人信息，经复核后撤回")


@dataclass(frozen=True)
class DisclosureSize:
    items: int = 24  # items a county published this year (about two a month)
    withdrawn_every: int = 12  # one item in this many was withdrawn
    seed: int = 2026


def generate(root: Unit, size: DisclosureSize = DisclosureSize()) -> int:
    """Publish ``size.items`` bulletin issues of every county bureau under ``root``; returns the items."""
    rng = random.Random(size.seed)
    today = timezone.localdate()
    users = get_user_model().objects.filter(username__in=("bench", "bench_county")).in_bulk(field_name="username")
    proposer, reviewer = users.get("bench_county"), users.get("bench")
    counties = list(Unit.objects.filter(subtree_q("path", root.path), depth=root.depth + 2).order_by("path"))
    bulletins = Bulletin.objects.bulk_create([Bulletin(unit=c, name=f"{c.name}工作信息") for c in counties])
    issues = BulletinIssue.objects.bulk_create(_issues(bulletins, rng, size.items, today), batch_size=BATCH_SIZE)
    content_type = ContentType.objects.get_for_model(BulletinIssue)
    freeze = publishing.kind_of(KIND).freeze
    items, rows = [], []
    for n, issue in enumerate(issues):
        text = freeze(issue)
        at = _published_at(rng, issue.issued_on, today)
        channels = [Channel.WEBSITE, Channel.KIOSK]
        channels += [Channel.BOARD] if rng.random() < 0.6 else []
        channels += [Channel.MICROBLOG] if rng.random() < 0.3 else []
        item = Disclosure(
            unit=issue.bulletin.unit, kind=KIND, content_type=content_type, object_id=issue.pk,
            index_number=f"{issue.bulletin.unit.code or issue.bulletin.unit.pk}-{today.year}-{issue.number:04d}",
            title=text.title[:300], body=text.body, summary=text.summary[:300], made_on=text.made_on,
            channels=channels, status=DisclosureStatus.PUBLISHED, edition=1, proposed_by=proposer,
            proposed_at=at, reviewed_by=reviewer, reviewed_at=at, secrecy_checked=True,
            secrecy_note="经保密审查，不涉及国家秘密和工作秘密", approved_by=reviewer, approved_at=at,
        )  # fmt: skip
        withdrawn = n % size.withdrawn_every == size.withdrawn_every - 1
        items.append(item)
        rows += _publications(item, at, edition=1, by=proposer)
        if not withdrawn and issue.number == size.items // 3:  # corrected: a second edition a day later
            later = at + datetime.timedelta(days=1)
            _withdraw(rows[-len(channels) :], later, by=proposer, reason="已发布第2版")
            item.edition = 2
            rows += _publications(item, later, edition=2, by=proposer)
        if withdrawn:
            item.status = DisclosureStatus.WITHDRAWN
            later = min(at + datetime.timedelta(days=rng.randint(1, 10)), timezone.now())
            _withdraw(rows[-len(channels) :], later, by=proposer, reason=rng.choice(REASONS))
    Disclosure.objects.bulk_create(items, batch_size=BATCH_SIZE)
    Publication.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    services.bump_portal()
    return len(items)


def _issues(bulletins: list[Bulletin], rng: random.Random, count: int, today: datetime.date) -> list[BulletinIssue]:
    issues = []
    for bulletin in bulletins:
        for number, day in enumerate(_days(rng, count, today), start=1):
            topic, text = rng.choice(TOPICS)
            issues.append(BulletinIssue(
                bulletin=bulletin, year=today.year, number=number, title=f"{bulletin.unit.name}{topic}",
                text=f"{day.month}月{day.day}日，{bulletin.unit.name}{text}\n下一步，将持续抓好落实。",
                issued_on=day, editor="办公室",
            ))  # fmt: skip
    return issues


def _days(rng: random.Random, count: int, today: datetime.date) -> list[datetime.date]:
    start = min(datetime.date(today.year, 1, 5), today)
    span = max((today - start).days - 3, 0)  # (early in January every issue is of the first days)
    return sorted(start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count))


def _published_at(rng: random.Random, made_on: datetime.date, today: datetime.date) -> datetime.datetime:
    """Within the 20-working-day clock, mostly a few days after the issue, never after today."""
    day = max(min(made_on + datetime.timedelta(days=rng.randint(1, 12)), today - datetime.timedelta(days=1)), made_on)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + rng.randint(0, 8), rng.randint(0, 59))))


def _publications(item: Disclosure, at: datetime.datetime, *, edition: int, by) -> list[Publication]:
    """One row per channel, as ``services.publish`` writes them (the microblog gets its ≤ 140-character text)."""
    microblog = services.microblog_text(item.title, item.summary, LINK)
    return [
        Publication(
            disclosure=item,
            channel=channel,
            edition=edition,
            kind=item.kind,
            unit_name=item.unit.name,
            index_number=item.index_number,
            title=item.title,
            published_at=at,
            published_by=by,
            body=microblog if channel == Channel.MICROBLOG else item.body,
            created_by=by,
            updated_by=by,
        )
        for channel in item.channels
    ]


def _withdraw(rows: list[Publication], at: datetime.datetime, *, by, reason: str) -> None:
    for row in rows:
        row.withdrawn_at, row.withdrawn_by, row.withdraw_reason = at, by, reason


def delete(root: Unit) -> None:
    """Delete the published items, their log and the bulletins of the tree under ``root``."""
    Publication.objects.filter(subtree_q("disclosure__unit__path", root.path)).delete()
    Disclosure.objects.filter(subtree_q("unit__path", root.path)).delete()
    BulletinIssue.objects.filter(subtree_q("bulletin__unit__path", root.path)).delete()
    Bulletin.objects.filter(subtree_q("unit__path", root.path)).delete()
