"""Formatting for the dashboard's many table cells, in Python: an include per cell made the
page's rendering the slowest part of the request (docs/benchmarks.md)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

register = template.Library()

NONE = format_html(
    '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>', "geen gegevens"
)
OVER = format_html(
    ' <span aria-hidden="true">▲</span><span class="visually-hidden">{}</span>',
    " (boven de Treeknorm)",
)


@register.filter
def weeks(value, over=False):
    """Weeks with one decimal, or "geen gegevens"; ``over`` marks a value past its norm in
    words, not only in colour."""
    if value is None:
        return NONE
    if over:
        return format_html('<span class="wt-over">{}{}</span>', floatformat(value, 1), OVER)
    return format_html("<span>{}</span>", floatformat(value, 1))
