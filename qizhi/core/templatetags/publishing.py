"""``{% publish_link record %}``: the "提请公开" button on the page of a record whose kind is publishable
(``core.publishing``), pointing at the disclosure app's proposal page when that app is installed."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.publishing import KINDS
from qizhi.core.scoping import scope_of

register = template.Library()
AREA = "disclosure"  # the app that publishes (by its label: core imports no app above it)


@register.simple_tag(takes_context=True)
def publish_link(context, record) -> str:
    """Shown to a user who may propose items somewhere (the proposal itself checks the record's unit)."""
    kind = next((k for k in KINDS.values() if isinstance(record, k.model)), None)
    user = context.get("user")
    if kind is None or user is None or not scope_of(user).can(Action.ADD, AREA):
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
