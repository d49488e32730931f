"""``{% publish_link record %}``: the "提请公开" button on the page of a record whose kind is publishable
(``core.publishing``), pointing at the disclosure app's proposal page when that app is installed."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from qizhi.core.publishing import kind_for, may_propose

register = template.Library()


@register.simple_tag(takes_context=True)
def publish_link(context, record) -> str:
    """Shown to a user the publishing app lets propose this record (``publishing.may_propose``, the
    predicate its proposal service refuses on)."""
    kind = kind_for(record)
    user = context.get("user")
    if kind is None or user is None or not may_propose(user, record):
        return ""
    try:
        url = reverse("disclosure:propose")
    except NoReverseMatch:
        return ""
    button = (
        '<a class="btn btn-sm btn-outline-primary" href="{}?kind={}&amp;object={}">'
        '<i class="bi bi-megaphone"></i> {}</a>'
    )
    return format_html(button, url, kind.key, record.pk, _("提请公开"))
