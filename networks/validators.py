"""Identifier checks, written once: AGB, UZOVI, CBS gemeentecode.

AGB (Vektis) is 8 digits and UZOVI 4 digits; neither has a public check digit, so
the format is what can be checked. The first two AGB digits are the zorgsoort.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_AGB = re.compile(r"[0-9]{8}")
_UZOVI = re.compile(r"[0-9]{4}")
_CBS = re.compile(r"GM[0-9]{4}")


def validate_agb(value: str) -> None:
    if not _AGB.fullmatch(value or ""):
        raise ValidationError(
            _("Een AGB-code bestaat uit precies 8 cijfers (u vulde %(value)s in)."),
            code="invalid_agb",
            params={"value": value},
        )
    if value == "00000000":
        raise ValidationError(_("00000000 is geen geldige AGB-code."), code="invalid_agb")


def validate_uzovi(value: str) -> None:
    if not _UZOVI.fullmatch(value or ""):
        raise ValidationError(
            _("Een UZOVI-code bestaat uit precies 4 cijfers (u vulde %(value)s in)."),
            code="invalid_uzovi",
            params={"value": value},
        )
    if value == "0000":
        raise ValidationError(_("0000 is geen geldige UZOVI-code."), code="invalid_uzovi")


def validate_cbs_gemeentecode(value: str) -> None:
    if not _CBS.fullmatch(value or ""):
        raise ValidationError(
            _(
                "Een CBS-gemeentecode is 'GM' gevolgd door 4 cijfers, bijvoorbeeld GM0363 "
                "(u vulde %(value)s in)."
            ),
            code="invalid_cbs",
            params={"value": value},
        )


# Paths under /netwerken/ that are pages, not networks (networks/urls.py resolves them
# before "<slug>/"): a network with one of these slugs could never be opened.
RESERVED_NETWORK_SLUGS = frozenset(
    {"programma", "indicatorborden", "organisaties", "beoordelingen"}
)


def validate_network_slug(value: str) -> None:
    if (value or "").lower() in RESERVED_NETWORK_SLUGS:
        raise ValidationError(
            _("De korte naam %(value)s is gereserveerd; kies een andere."),
            code="reserved_slug",
            params={"value": value},
        )
