"""Validators for Dutch identifiers that every app may need (the AGB, UZOVI and CBS codes of
organisations live with them in ``networks.validators``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stdnum.nl import bsn as stdnum_bsn


def validate_bsn(value: str) -> str:
    """Nine digits passing the elfproef (python-stdnum); returns the compact form."""
    try:
        return stdnum_bsn.validate(value)
    except Exception:  # stdnum raises several ValidationError subclasses
        raise ValidationError(
            _("Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan)."), code="invalid_bsn"
        ) from None
