"""Validators that every app may need: Dutch identifiers (the AGB, UZOVI and CBS codes of
organisations live with them in ``networks.validators``) and the bounds on input — free
text, names and dates — that forms, the API and imports share (docs/input-limits.md).

The limits are named constants here, in one place; a model field names them in its
``max_length`` and ``validators``, and ModelForms and ModelSerializers pick them up.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from stdnum.nl import bsn as stdnum_bsn

# Maximum lengths of free text, in characters (docs/input-limits.md).
TEXT_REMARK = 1_000  # a short remark or reason
TEXT_REQUEST = 4_000  # a hulpvraag, a description
TEXT_LONG = 10_000  # the text of an advies
NAME_MAX = 200

# Plausible dates.
DATE_OF_BIRTH_EARLIEST = date(1900, 1, 1)
RECORD_EARLIEST = date(2000, 1, 1)  # registrations, intakes, care and contract dates
PLANNING_YEARS_AHEAD = 2  # how far ahead planned dates (slots, contracts) may lie
PERIOD_YEARS_AHEAD = 10  # contract, insurance and report periods

# Right-to-left and left-to-right embeddings, overrides and isolates: they reorder what
# a reader sees (a name or a sentence can read differently from what is stored).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# The implicit direction marks as well; a name has no use for them.
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")


def validate_bsn(value: str) -> str:
    """Nine digits passing the elfproef (python-stdnum); returns the compact form."""
    try:
        return stdnum_bsn.validate(value)
    except Exception:  # stdnum raises several ValidationError subclasses
        raise ValidationError(
            _("Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan)."), code="invalid_bsn"
        ) from None


# Unicode category Cc is exactly C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_WHITESPACE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def has_control_characters(value: str, *, allow_newlines: bool = False) -> bool:
    """C0/C1 control characters (NUL included); tab, CR and LF only with ``allow_newlines``."""
    pattern = _CONTROL_BUT_WHITESPACE if allow_newlines else _CONTROL
    return pattern.search(value) is not None


def has_bidi_controls(value: str) -> bool:
    return _BIDI.search(value) is not None


def is_invisible(value: str) -> bool:
    """True when nothing of ``value`` would show: only spaces, format characters (zero-width
    space and joiners, soft hyphen, BOM, direction marks), controls and unassigned code
    points."""
    return all(
        char.isspace() or unicodedata.category(char) in {"Cf", "Cc", "Cn", "Zs", "Zl", "Zp"}
        for char in value
    )


def normalise_text(value: str) -> str:
    """NFC, so the same name or word is stored one way however it was typed."""
    return unicodedata.normalize("NFC", value)


def validate_plain_text(value: str) -> None:
    """Free text (several lines): no control characters but tab and newlines, no bidi
    embeddings, overrides or isolates."""
    if has_control_characters(value, allow_newlines=True):
        raise ValidationError(
            _("De tekst bevat een onzichtbaar stuurteken (zoals een NUL-teken)."),
            code="control_character",
        )
    if has_bidi_controls(value):
        raise ValidationError(
            _("De tekst bevat een teken dat de leesrichting omdraait; haal het weg."),
            code="bidi_control",
        )


def validate_line(value: str) -> None:
    """One line of text (an address, a label): as free text, without line breaks."""
    if has_control_characters(value):
        raise ValidationError(
            _("Dit veld is één regel zonder stuurtekens (zoals een NUL-teken of een regeleinde)."),
            code="control_character",
        )
    validate_plain_text(value)


def validate_name(value: str) -> None:
    """A person's or organisation's name: one visible line, without direction controls."""
    validate_line(value)
    if any(char in DIRECTION_MARKS for char in value):
        raise ValidationError(
            _("De naam bevat een teken dat de leesrichting verandert; haal het weg."),
            code="bidi_control",
        )
    if value and is_invisible(value):
        raise ValidationError(_("De naam bestaat alleen uit onzichtbare tekens."), code="invisible")


def clean_name(value: str) -> str:
    """A name normalised (NFC, outer spaces removed) and checked with ``validate_name``."""
    value = normalise_text(value).strip()
    validate_name(value)
    return value


def clean_text(value: str) -> str:
    """Free text normalised (NFC, outer whitespace removed) and checked."""
    value = normalise_text(value).strip()
    validate_plain_text(value)
    return value


def _dutch(day: date) -> str:
    return day.strftime("%d-%m-%Y")


@deconstructible
class DateRangeValidator:
    """A date between ``earliest`` and today plus ``years_ahead`` years (today itself when
    0). Today is taken when validating, never when the code is loaded."""

    def __init__(self, earliest: date, years_ahead: int = 0):
        self.earliest = earliest
        self.years_ahead = years_ahead

    def latest(self) -> date:
        today = timezone.localdate()
        if not self.years_ahead:
            return today
        try:
            return today.replace(year=today.year + self.years_ahead)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.years_ahead, day=28)

    def __call__(self, value: date) -> None:
        if value < self.earliest:
            raise ValidationError(
                _("Deze datum ligt vóór %(earliest)s; controleer het jaar.")
                % {"earliest": _dutch(self.earliest)},
                code="date_too_early",
            )
        latest = self.latest()
        if value > latest:
            message = (
                _("Deze datum ligt in de toekomst.")
                if not self.years_ahead
                else _("Deze datum ligt na %(latest)s; controleer het jaar.")
                % {"latest": _dutch(latest)}
            )
            raise ValidationError(message, code="date_too_late")

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRangeValidator) and (self.earliest, self.years_ahead) == (
            other.earliest,
            other.years_ahead,
        )


validate_date_of_birth = DateRangeValidator(DATE_OF_BIRTH_EARLIEST)
validate_record_date = DateRangeValidator(RECORD_EARLIEST)
validate_planned_date = DateRangeValidator(RECORD_EARLIEST, years_ahead=PLANNING_YEARS_AHEAD)
# Contract, insurance and reporting periods: they may be agreed years ahead.
validate_period_date = DateRangeValidator(RECORD_EARLIEST, years_ahead=PERIOD_YEARS_AHEAD)


# An uploaded document (a signed agreement, a plan, a contracting document): a PDF of at most
# this size, checked by its signature rather than by the name or type the browser sends.
PDF_UPLOAD_MAX = 10 * 1024 * 1024


def check_pdf_upload(document, *, field: str = "document", missing: str = "") -> None:
    """Refuse a missing document (with ``missing`` as the message), one over
    ``PDF_UPLOAD_MAX``, or one whose content does not start with ``%PDF-``; the errors are
    keyed by ``field`` so a form shows them beside its file input."""
    if document is None:
        raise ValidationError({field: missing or _("Voeg het document toe (PDF).")})
    if document.size > PDF_UPLOAD_MAX:
        raise ValidationError(
            {field: _("Het document is groter dan 10 MB; voeg een kleiner PDF-bestand toe.")}
        )
    head = document.read(5)
    document.seek(0)
    if head != b"%PDF-":
        raise ValidationError({field: _("Het document is geen PDF-bestand.")})
