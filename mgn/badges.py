"""Badges for choice values: one mapping per set of choices says which tone (colour) each
value gets, so templates show ``{% badge vg.status "verkennend_gesprek.Status" %}`` instead
of comparing hard-coded choice strings. The badge always shows the label in words; the
colour only adds (and a mark such as "!" is hidden from screen readers).

An app registers its choices once, next to them (in its ``constants.py``)::

    badge_register(Urgency, {Urgency.CRISIS: "error", Urgency.HOOG: "warning"},
                   default="neutral", marks={Urgency.CRISIS: "! "})

The key is "<app_label>.<ChoicesName>", from the class's module and name.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString

TONES = ("", "neutral", "success", "warning", "error", "regie", "role")


@dataclass(frozen=True)
class BadgeStyle:
    choices: type[models.Choices]
    tones: Mapping[str, str]
    default: str = ""
    marks: Mapping[str, str] = field(default_factory=dict)

    def tone(self, value) -> str:
        return self.tones.get(str(value), self.default)

    def label(self, value) -> str:
        try:
            return str(self.choices(value).label)
        except ValueError:
            return "" if value is None else str(value)


_STYLES: dict[str, BadgeStyle] = {}


def badge_key(choices: type[models.Choices]) -> str:
    """ "wachttijden.Urgency" for wachttijden.constants.Urgency."""
    return f"{choices.__module__.split('.')[0]}.{choices.__name__}"


def badge_register(
    choices: type[models.Choices],
    tones: Mapping,
    *,
    default: str = "",
    marks: Mapping | None = None,
    key: str | None = None,
) -> BadgeStyle:
    """Say which tone each value of ``choices`` gets (``default`` for the rest) and which
    values carry a visual mark before their label. Returns the style; registering the same
    key again replaces it."""
    for tone in [*tones.values(), default]:
        if tone not in TONES:
            raise ValueError(f"Unknown badge tone {tone!r}; one of {TONES}")
    style = BadgeStyle(
        choices,
        {str(value): tone for value, tone in tones.items()},
        default,
        {str(value): mark for value, mark in (marks or {}).items()},
    )
    _STYLES[key or badge_key(choices)] = style
    return style


def badge_style(key: str) -> BadgeStyle:
    try:
        return _STYLES[key]
    except KeyError:
        raise LookupError(f"No badge style registered as {key!r}") from None


def badge_html(value, key: str, *, label: str | None = None) -> SafeString:
    """The badge of ``value`` in the choices registered as ``key``; ``label`` replaces the
    choice's own label."""
    style = badge_style(key)
    tone = style.tone(value)
    css = f"badge badge--{tone}" if tone else "badge"
    text = style.label(value) if label is None else label
    mark = style.marks.get(str(value))
    if mark:
        return format_html(
            '<span class="{}"><span aria-hidden="true">{}</span>{}</span>', css, mark, text
        )
    return format_html('<span class="{}">{}</span>', css, text)
