from django import template

from qizhi.statistics.services import plain

register = template.Library()


@register.filter
def figure(value) -> str:
    """A statistic as a report prints it: 1855, 12.5, or — when there is none."""
    return plain(value)
