"""Disclosure rows in the test personas' bureaus: a bulletin issue proposed, reviewed, approved and
published on the website, the kiosk and the microblog; and the scoping samples of disclosure models."""

from __future__ import annotations

from qizhi.core.testing import sample
from qizhi.disclosure import services
from qizhi.disclosure.choices import Channel
from qizhi.disclosure.models import Disclosure, Publication
from qizhi.org.testing import Bureau
from qizhi.publicity.testing import publicity_of

CHANNELS = [Channel.WEBSITE, Channel.KIOSK, Channel.MICROBLOG, Channel.BOARD]


def proposed(bureau: Bureau, record=None, *, kind: str = "publicity.bulletinissue", channels=None) -> Disclosure:
    record = record or publicity_of(bureau)["issue"]
    return services.propose(record, kind=kind, channels=channels or CHANNELS, by=bureau.party_affairs)


def published(bureau: Bureau, record=None, **kwargs) -> Disclosure:
    """``record`` (by default the bureau's bulletin issue) through every step, by different people."""
    item = proposed(bureau, record, **kwargs)
    services.review(item, by=bureau.leader, secrecy_checked=True, note="不涉密")
    services.approve(item, by=bureau.leader)
    services.publish(item, by=bureau.party_affairs, link="https://example.gov.cn/public/")
    item.refresh_from_db()
    return item


def disclosure_of(bureau: Bureau) -> Disclosure:
    if "disclosure" not in bureau.__dict__:
        bureau.__dict__["disclosure"] = published(bureau)
    return bureau.__dict__["disclosure"]


@sample(Disclosure)
def _disclosure_sample(bureau: Bureau):
    return disclosure_of(bureau)


@sample(Publication)
def _publication_sample(bureau: Bureau):
    return disclosure_of(bureau).publications.get(channel=Channel.WEBSITE)
