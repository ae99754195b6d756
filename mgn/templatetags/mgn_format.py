"""Formatting filters, in Python rather than an include per cell (a page with many table
cells renders much faster). ``{% load mgn_format %}``::

    {{ f.aanmeld_avg|weeks:f.aanmeld_over }}   {{ o.wait_weeks|weeks_words }}
    {{ regel.amount|euro }}   {{ share|percent:1 }}   {{ month|month_year }}
    {{ d|date_long }}   {{ moment|datetime_long }}   {{ gesprek.starts_at|datetime_weekday }}
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

from mgn import formats

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
    """Weeks with one decimal, or "geen gegevens" (for screen readers; a dash on screen);
    ``over`` marks a value past its norm in words, not only in colour."""
    if value is None:
        return NONE
    if over:
        return format_html('<span class="wt-over">{}{}</span>', floatformat(value, 1), OVER)
    return format_html("<span>{}</span>", floatformat(value, 1))


@register.filter
def weeks_words(value):
    return formats.weeks_words(value)


@register.filter
def weeks_short(value):
    return formats.weeks_short(value)


@register.filter
def euro(value):
    """ "€ 1.234,50" (the same as ``€ {{ value|floatformat:"2g" }}``); "–" when unknown."""
    return formats.euro(value)


@register.filter
def count_noun(value, nouns: str):
    """``{{ n|count_noun:"regel,regels" }}`` -> "1 regel", "2 regels"."""
    singular, _, plural = nouns.partition(",")
    return formats.count(value, singular, plural)


@register.filter
def percent(value, decimals=0):
    return formats.percent(value, int(decimals))


@register.filter
def month_year(value):
    return formats.month_year(value) if value else ""


@register.filter
def day_month(value):
    return formats.day_month(value) if value else ""


@register.filter(expects_localtime=True)
def date_long(value):
    """ "5 december 2026", the one date format for people (also for a datetime)."""
    return formats.date_long(value) if value else ""


@register.filter(expects_localtime=True)
def datetime_long(value):
    """ "5 december 2026, 14:30"."""
    return formats.datetime_long(value) if value else ""


@register.filter(expects_localtime=True)
def date_weekday(value):
    """ "zaterdag 5 december 2026": the day of an appointment."""
    return formats.date_weekday(value) if value else ""


@register.filter(expects_localtime=True)
def datetime_weekday(value):
    """ "zaterdag 5 december 2026, 14:30": the start of an appointment."""
    return formats.datetime_weekday(value) if value else ""
