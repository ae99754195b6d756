"""``{% load mgn_badge %}{% badge value "app.Choices" %}``: a choice value as a badge (its
label, coloured by the tone registered in mgn.badges); ``label="…"`` replaces the label.
``{{ value|badge_tone:"app.Choices" }}`` gives the tone alone (e.g. for a row's class)."""

from django import template

from mgn.badges import badge_html, badge_style

register = template.Library()


@register.simple_tag
def badge(value, key: str, label: str | None = None):
    return badge_html(value, key, label=label)


@register.filter
def badge_tone(value, key: str) -> str:
    return badge_style(key).tone(value)
