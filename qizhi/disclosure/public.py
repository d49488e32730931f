"""The public side, without login: the portal (``/public/``), the kiosk (``/public/kiosk/``) and the Atom
feed (``/public/feed.xml``). Every page reads ``services.live`` — published publication rows with their
frozen text — never a live record, and is cached per published version: the cache key carries the
portal generation, which every publication and withdrawal changes, so a withdrawn item is gone from
the next request on; a scheduled item appears within ``CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qizhi.core import params, publishing
from qizhi.core.scoping import subtree_q
from qizhi.disclosure import services
from qizhi.disclosure.choices import Channel
from qizhi.disclosure.models import Publication
from qizhi.org.models import Unit

CACHE_SECONDS = 60
PER_PAGE = 20
MAX_QUERY = 50


def cached(view):
    """Serve a public page from the cache while nothing was published or withdrawn since it was made."""

    def wrapper(request, *args, **kwargs):
        query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()))
        # The scheme, host and language too: the feed's links are absolute, and the labels are translated.
        raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}|{get_language()}"
        key = f"qizhi:portal:{services.portal_generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type, status = hit
            return HttpResponse(content, content_type=content_type, status=status)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, (response.content, response["Content-Type"], 200), CACHE_SECONDS)
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _filtered(request, channel: str):
    rows = services.live(channel).select_related("disclosure__unit").order_by("-published_at", "-pk")
    kinds = dict(publishing.choices())
    unit_id = params.optional_id(request.GET, "unit")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()[:MAX_QUERY].replace("\x00", "")
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id).only("path").first()
        rows = rows.filter(subtree_q("disclosure__unit__path", unit.path)) if unit else rows.none()
    if kind in kinds:
        rows = rows.filter(kind=kind)
    if q:
        rows = rows.filter(Q(title__contains=q) | Q(body__contains=q))
    chosen = {"unit": unit_id, "kind": kind if kind in kinds else "", "label": kinds.get(kind, ""), "q": q}
    return rows, chosen, kinds


def _units(channel: str):
    ids = services.live(channel).values("disclosure__unit")
    return Unit.objects.filter(pk__in=ids).only("pk", "name").order_by("path")


@cached
def portal(request):
    """公开目录: what is published on the website, by unit and kind, searchable."""
    rows, chosen, kinds = _filtered(request, Channel.WEBSITE)
    page = Paginator(rows, PER_PAGE).get_page(params.optional_id(request.GET, "page") or 1)
    return render(request, "disclosure/public/portal.html", {
        "page": page, "chosen": chosen, "kinds": kinds, "units": _units(Channel.WEBSITE),
    })  # fmt: skip


def _live_item(channel: str, pk: int) -> Publication:
    item = services.live(channel).select_related("disclosure__unit").filter(pk=pk).first()
    if item is None:
        raise Http404(_("该公开信息不存在或已撤回"))
    return item


@cached
def portal_item(request, pk: int):
    return render(request, "disclosure/public/item.html", {"item": _live_item(Channel.WEBSITE, pk)})


@cached
def kiosk(request):
    """触摸屏首页: one large button per kind with how many items it holds, and the newest items."""
    rows = services.live(Channel.KIOSK)
    kinds = dict(publishing.choices())
    counts = dict(rows.order_by().values_list("kind").annotate(n=Count("pk")))  # one grouped query
    tiles = [{"kind": k, "label": label, "count": counts[k]} for k, label in kinds.items() if counts.get(k)]
    newest = rows.order_by("-published_at", "-pk")[:6]
    return render(request, "disclosure/public/kiosk.html", {"tiles": tiles, "newest": newest})


@cached
def kiosk_list(request):
    rows, chosen, kinds = _filtered(request, Channel.KIOSK)
    page = Paginator(rows, 8).get_page(params.optional_id(request.GET, "page") or 1)
    return render(request, "disclosure/public/kiosk_list.html", {"page": page, "chosen": chosen, "kinds": kinds})


@cached
def kiosk_item(request, pk: int):
    return render(request, "disclosure/public/kiosk_item.html", {"item": _live_item(Channel.KIOSK, pk)})


@cached
def feed(request):
    """Atom feed of the website's items, the newest 50 (the website and the microblog relay read it)."""
    kinds = dict(publishing.choices())
    home = request.build_absolute_uri(reverse("public:portal"))
    atom = feedgenerator.Atom1Feed(
        title=_("党务政务公开"), link=home, description=_("依法应当公开的信息"), language="zh-cn",
        feed_url=request.build_absolute_uri(reverse("public:feed")), feed_guid=home,
    )  # fmt: skip
    rows = services.live(Channel.WEBSITE).order_by("-published_at", "-pk")[:50]
    for row in rows:
        link = request.build_absolute_uri(reverse("public:item", args=[row.pk]))
        atom.add_item(
            title=row.title, link=link, description=row.body, unique_id=f"{link}#v{row.edition}",
            pubdate=row.published_at, updateddate=row.published_at, author_name=row.unit_name,
            categories=[kinds.get(row.kind, row.kind)],
        )  # fmt: skip
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response
