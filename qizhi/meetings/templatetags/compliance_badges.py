"""The compliance table's rows and its items drawn as Bootstrap badges:
``{% load compliance_badges %}{% compliance_rows report meeting_list list_held %}``.

Built here, not by a template loop with an include per item: a city's year has about a hundred
organizations and thousands of items, and the loop was a third of the page's time (bench/README.md).
Every value that is text goes through the standard library's ``html.escape``: the same text as
Django's ``escape()`` (which calls it), without its check for lazy strings on each of a page's
2,300 values. Only the organization's name is text a user typed; the rest are numbers, codes and
labels of ours, escaped all the same.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from qizhi.meetings.services.compliance import HELD, MISSING, NOT_DUE, OPEN, Item, OrgCompliance

register = template.Library()

BADGE_CSS = {HELD: "text-bg-success", MISSING: "text-bg-danger", OPEN: "text-bg-light border", NOT_DUE: ""}
BACKFILLED_CSS = "text-bg-success bg-opacity-50 text-dark"


def badge(item: Item) -> SafeString:
    """One item: its period and meeting kind, its state as the title, 补录 when entered after the fact."""
    css = BADGE_CSS[item.state]
    label = escape(item.period.label + item.rule.label)
    state = escape(item.state_label)
    suffix = _("（{state}）").format(state=item.state_label) if item.state == OPEN else ""
    if item.backfilled:
        suffix = _("（补录）") if item.backfilled == item.held else _("（含补录）")
        css = BACKFILLED_CSS
    return SafeString(
        f'<span class="badge {css} me-1" data-kind="{escape(item.rule.kind)}" data-period="{escape(item.period.key)}"'
        f' data-state="{escape(item.state)}" data-backfilled="{int(item.backfilled)}" title="{label}：{state}">'
        f"{label}{escape(suffix)}</span>"
    )


@register.simple_tag
def pending_badges(entry: OrgCompliance) -> SafeString:
    """Badges of what is missing or still open (the page shows these first)."""
    return mark_safe("".join(badge(i) for i in entry.items if i.state in (MISSING, OPEN)))


@register.simple_tag
def held_badges(entry: OrgCompliance) -> SafeString:
    return mark_safe("".join(badge(i) for i in entry.items if i.state == HELD))


def held_cell(entry: OrgCompliance, held: int, list_held: bool) -> str:
    """What was held: a count that opens onto its badges (a county's page) or the count alone (a city's)."""
    if not held:
        return ""
    count = escape(_("已召开%(n)s项") % {"n": held})
    if list_held:
        summary = f'<summary class="text-success">{count}</summary>'
        return f'<details class="d-inline small">{summary}{held_badges(entry)}</details>'
    return f'<span class="small text-success">{count}</span>'


def row(entry: OrgCompliance, meeting_list: str, list_held: bool) -> str:
    org, held, missing, rate = entry.org, entry.held, entry.missing, entry.attendance_rate
    name = escape(org.name)
    danger = " text-danger fw-semibold" if missing else ""
    rate = "—" if rate is None else escape(f"{localize(rate)}%")
    return (
        f'<tr data-org="{name}"><td class="text-nowrap"><a href="{escape(meeting_list)}?party_org={int(org.pk)}">'
        f'{name}</a></td><td class="text-end">{int(entry.due)}</td><td class="text-end">{int(held)}</td>'
        f'<td class="text-end{danger}">{int(missing)}</td><td class="text-end">{rate}</td>'
        f"<td>{pending_badges(entry)}{held_cell(entry, held, list_held)}</td></tr>\n"
    )


@register.simple_tag
def compliance_rows(report, meeting_list: str, list_held: bool) -> SafeString:
    """The table's body: one row per organization (its link, due, held, missing, attendance rate and
    items), or a row saying there is none."""
    if not report.orgs:
        none = escape(_("该单位没有需要召开组织生活的党组织"))
        return SafeString(f'<tr><td colspan="6" class="text-muted">{none}</td></tr>')
    return mark_safe("".join(row(entry, meeting_list, bool(list_held)) for entry in report.orgs))
