"""The portal, the kiosk and the feed: no login, published frozen text only, withdrawals gone at once."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from qizhi.disclosure import services
from qizhi.disclosure.choices import Channel
from qizhi.disclosure.testing import published
from qizhi.publicity.testing import publicity_of

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def test_the_portal_shows_the_published_text_after_the_record_is_edited(client, personas):
    item = published(personas.a)
    issue = publicity_of(personas.a)["issue"]
    issue.title, issue.text = "改过的标题", "改过的正文"
    issue.save()
    row = item.publications.get(channel=Channel.WEBSITE)
    kiosk_row = item.publications.get(channel=Channel.KIOSK)
    pages = [
        client.get(reverse("public:portal")).content.decode(),
        client.get(reverse("public:item", args=[row.pk])).content.decode(),
        client.get(reverse("public:kiosk_item", args=[kiosk_row.pk])).content.decode(),
        client.get(reverse("public:feed")).content.decode(),
    ]
    for html in pages:
        assert "开展矛盾纠纷大排查" in html
        assert "改过的" not in html
    assert "排查纠纷12起。" in pages[1]


def test_the_portal_lists_by_unit_and_kind_and_searches(client, personas):
    published(personas.a)
    published(personas.b)
    a, b = personas.a.unit, personas.b.unit
    everything = client.get(reverse("public:portal")).content.decode()
    assert a.name + "开展" in everything and b.name + "开展" in everything
    only_a = client.get(reverse("public:portal"), {"unit": a.pk}).content.decode()
    assert a.name + "开展" in only_a and b.name + "开展" not in only_a
    assert "开展" not in client.get(reverse("public:portal"), {"kind": "targets.commitment"}).content.decode()
    found = client.get(reverse("public:portal"), {"q": "12起"}).content.decode()
    assert a.name + "开展" in found
    for junk in ({"unit": "abc"}, {"page": "-1"}, {"q": "x" * 500}, {"kind": "<script>"}):
        assert client.get(reverse("public:portal"), junk).status_code == 200
    assert client.get(reverse("public:portal"), {"page": "\x00"}).status_code == 400  # core.middleware: NUL refused


def test_an_item_not_on_the_channel_is_not_found(client, personas):
    item = published(personas.a, channels=[Channel.KIOSK])
    row = item.publications.get()
    assert client.get(reverse("public:item", args=[row.pk])).status_code == 404
    assert client.get(reverse("public:kiosk_item", args=[row.pk])).status_code == 200


def test_a_withdrawn_item_disappears_at_once_from_portal_kiosk_and_feed(client, personas):
    item = published(personas.a)
    web, kiosk = item.publications.get(channel=Channel.WEBSITE), item.publications.get(channel=Channel.KIOSK)
    urls = [reverse("public:portal"), reverse("public:kiosk"), reverse("public:feed")]
    assert all("开展矛盾纠纷大排查" in client.get(url).content.decode() for url in urls)  # now cached
    services.withdraw(item, by=personas.a.party_affairs, reason="内容有误")
    assert all("开展矛盾纠纷大排查" not in client.get(url).content.decode() for url in urls)
    assert client.get(reverse("public:item", args=[web.pk])).status_code == 404
    assert client.get(reverse("public:kiosk_item", args=[kiosk.pk])).status_code == 404


def test_portal_pages_are_served_from_the_cache_until_something_is_published(
    client, personas, django_assert_num_queries
):
    published(personas.a)
    client.get(reverse("public:portal"))
    with django_assert_num_queries(0):
        assert client.get(reverse("public:portal")).status_code == 200
    issue = publicity_of(personas.a)["issue"]
    other = issue.bulletin.issues.create(year=2026, number=2, title="第二期新闻", text="x", issued_on=issue.issued_on)
    published(personas.a, other)
    assert "第二期新闻" in client.get(reverse("public:portal")).content.decode()


def test_the_feed_is_valid_atom(client, personas):
    published(personas.a)
    published(personas.b)
    response = client.get(reverse("public:feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 §4.1.1: exactly one id, title and updated; a self link; every entry with an author
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    ids = set()
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://testserver/public/items/")
        assert entry.find(f"{ATOM}summary") is not None or entry.find(f"{ATOM}content") is not None
        ids.add(entry.findtext(f"{ATOM}id"))
    assert len(ids) == 2


def test_the_kiosk_has_large_touch_targets_and_returns_home_when_idle(client, personas):
    published(personas.a)
    html = client.get(reverse("public:kiosk")).content.decode()
    assert 'data-kiosk-idle="120"' in html and "disclosure/kiosk.js" in html
    assert "<script>" not in html and "onclick" not in html  # no inline script (CSP)
    css = (Path(settings.BASE_DIR) / "qizhi/static/disclosure/kiosk.css").read_text()
    heights = [int(v) for v in re.findall(r"min-height:\s*(\d+)px", css)]
    assert heights and min(heights) >= 48
    js = (Path(settings.BASE_DIR) / "qizhi/static/disclosure/kiosk.js").read_text()
    assert "data-kiosk-idle" in js and "location.assign(home)" in js


def test_public_pages_need_no_login_and_escape_text(client, personas):
    issue = publicity_of(personas.a)["issue"]
    issue.title = "<script>alert(1)</script>"
    issue.save()
    item = published(personas.a)
    for url in (reverse("public:portal"), reverse("public:kiosk"), reverse("public:feed"),
                reverse("public:item", args=[item.publications.get(channel=Channel.WEBSITE).pk])):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.content.decode()


def test_each_host_gets_a_feed_that_links_to_itself(client, personas, settings):
    """The feed's links are absolute: an intranet reader and an internet reader each get their own host's, even
    while the first one's feed is kept (the portal's cache is keyed by scheme and host too)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.ALLOWED_HOSTS = ["intranet.sfj.local", "www.sfj.gov.cn"]
    published(personas.a)

    def links(host: str) -> set[str]:
        feed = ET.fromstring(client.get(reverse("public:feed"), HTTP_HOST=host).content)
        return {link.get("href") for link in feed.iter(f"{ATOM}link")}

    inside = links("intranet.sfj.local")
    outside = links("www.sfj.gov.cn")
    assert inside and all(href.startswith("http://intranet.sfj.local/") for href in inside)
    assert outside and all(href.startswith("http://www.sfj.gov.cn/") for href in outside)
