"""The identifier guard: free text of a case, outcome or signal may not name a person.

A casus is discussed anonymously (R-DOC-1), so every free-text field is checked before it is
saved, in forms and the API alike, for direct identifiers: a BSN, a phone number, an e-mail
address, a postcode, a street address with a house number, an IBAN, and a date that can be
an adult's date of birth. A hit blocks saving with a message that names the kind and the
place (line and character), never the text found; nothing here logs the text either.

Ordinary case text must pass: numbers, amounts, percentages, week numbers, meeting dates,
years, case codes. Hence the rules are narrow and each candidate is checked after matching
(the elfproef, IBAN check digits, a real calendar date, the age it would give).

How the text is read:
- It is normalised character by character (NFKC: fullwidth digits and ``＠`` become ASCII;
  every kind of space becomes a space, every dash a hyphen; zero-width and other format
  characters and combining marks are dropped), so ``06\u200b1234\u200b5678`` is still a
  phone number. Offsets in a ``Hit`` are mapped back to the text as given.
- Every pattern starts at a token boundary (a lookbehind), so a run of digits or letters is
  tried once, not at each of its characters: no pattern backtracks catastrophically.
- Where candidates overlap, the more specific kind wins (e-mail, IBAN, date, phone, BSN,
  postcode, address). Amounts and dates that are no birth date take their span out of play,
  so the date in ``06-02-2026 14:00`` is not read as a phone number.
"""

import bisect
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

logger = logging.getLogger(__name__)

ADULT_AGE = 18
OLDEST_AGE = 120
# A two-digit year is read in this century unless that lies more than this many years
# ahead (meeting dates are planned a year or two ahead, birth dates lie in the past).
TWO_DIGIT_YEAR_AHEAD = 10
# Positions named per kind in a message; more are summed up as "en elders".
POSITIONS_NAMED = 3


class IdentifierKind(TextChoices):
    BSN = "bsn", gettext_lazy("een BSN")
    TELEFOON = "telefoon", gettext_lazy("een telefoonnummer")
    EMAIL = "email", gettext_lazy("een e-mailadres")
    POSTCODE = "postcode", gettext_lazy("een postcode")
    ADRES = "adres", gettext_lazy("een adres met huisnummer")
    IBAN = "iban", gettext_lazy("een IBAN")
    GEBOORTEDATUM = "geboortedatum", gettext_lazy("een datum die een geboortedatum kan zijn")


@dataclass(frozen=True)
class Hit:
    """Where an identifier was found: offsets into the text as given (``text[start:end]``),
    and the 1-based line and character on that line. Never the text itself."""

    kind: IdentifierKind
    start: int
    end: int
    line: int = 1
    column: int = 0  # 0: not computed, read as start + 1


# --- Normalisation ---------------------------------------------------------------------

_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me"})


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """The text to match, and for each of its characters the offset in ``text`` (None when
    the text is plain ASCII and offsets are the same)."""
    if text.isascii():
        return text, None
    chars: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        if char.isascii():
            replacement = char
        else:
            category = unicodedata.category(char)
            if category in _DROPPED_CATEGORIES:
                continue
            if category == "Zs":
                replacement = " "
            elif category == "Pd":
                replacement = "-"
            else:
                replacement = unicodedata.normalize("NFKC", char)
        for piece in replacement:
            chars.append(piece)
            origin.append(offset)
    return "".join(chars), origin


# --- Patterns --------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+%-])[\w.+%-]+(?:@|\s?[\[(]at[\])]\s?)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    r"(?![\w-])",
    re.IGNORECASE,
)

_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}", re.IGNORECASE)
_IBAN_SHORTEST = 15  # Norway

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3,
    "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DATE_DMY = re.compile(
    r"(?<!\w)(?<!\d[-./,:])(\d{1,2})([-./])(\d{1,2})\2(\d{4}|\d{2})(?!\w)(?![-./,:]\d)"
)
_DATE_YMD = re.compile(
    r"(?<!\w)(?<!\d[-./,:])(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?!\w)(?![-./,:]\d)"
)
_DATE_WRITTEN = re.compile(
    rf"(?<!\w)(\d{{1,2}})(?:e|ste|de)?[ -]+({_MONTH_NAMES})\.?[ -]+(\d{{4}}|['’`]\d{{2}})(?!\w)",
    re.IGNORECASE,
)

# Dutch numbers: 0 + 9 digits. Mobile 06 + 8; landline area code 0xx + 7 or 0xxx + 6.
# Digits may be grouped by single spaces, hyphens or dots; the area code in parentheses.
_SEP = r"(?:[ ]?[.-][ ]?|[ ])?"  # one space, hyphen or dot, spaced or not: "06 - 1234"
_PHONE_NATIONAL = re.compile(
    rf"(?<![\w+])(?<!\d[.,])\(?0(?:6\)?(?:{_SEP}\d){{8}}|[1-57-9]\d\)?(?:{_SEP}\d){{7}}"
    rf"|[1-57-9]\d{{2}}\)?(?:{_SEP}\d){{6}})(?!\d)(?![.,]\d)"
)
_PHONE_DUTCH_INTERNATIONAL = re.compile(
    rf"(?<![\w+])\(?(?:\+|00) ?31\)?{_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{8}}(?!\d)(?![.,]\d)"
)
# Other countries' numbers in international notation: + country code and 8 to 12 digits.
_PHONE_FOREIGN = re.compile(r"(?<![\w+])\+(?!31)[1-9]\d{0,2}(?:[ .-]?\d){8,12}(?!\d)(?![.,]\d)")

# The elfproef decides, so the grouping may be loose: 9 digits, 3-3-3 or 4-2-3.
_BSN = re.compile(
    r"(?<!\w)(?<!\d[.,])(?:\d{9}|\d{3}([ .-])\d{3}\1\d{3}|\d{4}([ .-])\d{2}\2\d{3})(?!\w)(?![.,-]\d)"
)

_POSTCODE = re.compile(r"(?<![\w-])[1-9]\d{3}(?: ([A-Z]{2})|([A-Za-z]{2}))(?![\w])")
# Letter pairs PostNL does not use, and units and abbreviations that follow a number.
_POSTCODE_NO_LETTERS = frozenset({"SA", "SD", "SS", "EU"})
_UNITS = frozenset({"km", "kg", "mg", "ml", "cm", "mm", "gb", "mb", "kb", "kw", "pk", "st", "ms"})

# A street name (hyphenated parts allowed) and a house number with an optional addition.
_STREET = re.compile(
    r"(?<![\w-])((?:[^\W\d_]+[-'])*[^\W\d_]{3,}) {1,3}(?:(?:nr|no|nummer)\.? ?)?([1-9]\d{0,4})"
    r"(?:-?\d{1,4}|[ -]?[A-Za-z](?![\w])|[ -](?:bis|hs|huis|bg|I{1,3}|IV)(?![\w]))?"
    r"(?! ?[%‰])(?![.,:]\d)"
)
# Suffixes that mark a street even when typed in lower case, and suffixes that also end
# ordinary words and only count in a capitalised name ("Kerkweg 3", not "snelweg 3").
_STREET_SUFFIXES = (
    "straat", "laan", "gracht", "steeg", "singel", "kade", "plein", "dreef", "allee",
    "dijk", "plantsoen", "boulevard", "hof", "weg", "park", "veld", "baan", "wal", "ring",
    "pad", "markt", "haven", "kamp",
)  # fmt: skip
_STREET_SUFFIXES_LOWER_CASE = frozenset(
    {"straat", "laan", "gracht", "steeg", "singel", "kade", "plein", "dreef", "allee", "dijk"}
    | {"plantsoen", "boulevard"}
)
_NOT_STREETS = frozenset(
    {"loopbaan", "werkveld", "speelveld", "vakgebied", "zorgpad", "behandelpad", "leerpad"}
    | {"levenspad", "ontwikkelpad", "snelweg", "uitweg", "omweg", "rijweg", "zijweg"}
    | {"zorgpark", "toekomstpad", "wachtpad", "krachtenveld", "middenveld", "arbeidsmarkt"}
    | {"woningmarkt", "kerkhof", "gerechtshof", "binnenhof", "taakveld", "beleidsveld"}
    | {"aandachtsveld", "werkterrein", "zorgveld", "actieveld"}
)
# Words after a number that make it a quantity or a day of a month, not a house number.
_QUANTITY_WORDS = frozenset(
    {"keer", "x", "maal", "jaar", "jaren", "jr", "maand", "maanden", "week", "weken", "dag"}
    | {"dagen", "uur", "uren", "min", "minuten", "euro", "eur", "procent", "kinderen", "kind"}
    | {"personen", "mensen", "cliënten", "clienten", "casussen", "sessies", "gesprekken"}
    | {"punten", "km", "kilometer", "meter", "m", "stuks", "plaatsen", "bedden", "leden"}
    | {"deelnemers", "partners", "organisaties", "nachten", "hoog", "jarige"}
    | set(_MONTHS)
)
_NEXT_WORD = re.compile(r"[ ]*([^\W\d_]+)")

# "woont aan de Spui 12", "adres: Lange Voorhout 3": a capitalised name without a suffix.
_ADDRESS_CONTEXT = re.compile(
    r"(?<!\w)(?i:woonadres|verblijfsadres|adres|woont|woonachtig|wonend|verblijft)"
    r"(?: ?:)? +(?:(?i:aan|op|in|te) +)?(?:(?:de|het|'t|den|der|van) +){0,3}"
    r"((?:[A-Z][^\W\d_]*[-' ]+(?:(?:van|de|der|den|het|la|le|'t) +){0,3}){1,4})"
    r"(?:(?:nr|no|nummer)\.? ?)?([1-9]\d{0,4})(?!\w)(?! ?[%‰])(?![.,:]\d)"
)


# --- Checks ----------------------------------------------------------------------------


def _age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _is_adult_birth_date(day: int, month: int, year: int, today: date) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return ADULT_AGE <= _age_on(born, today) <= OLDEST_AGE


def _full_year(digits: str, today: date) -> int:
    digits = digits.lstrip("'’`")
    if len(digits) == 4:
        return int(digits)
    year = today.year // 100 * 100 + int(digits)
    return year if year <= today.year + TWO_DIGIT_YEAR_AHEAD else year - 100


def _is_valid_date(day: int, month: int, year: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _next_word(text: str, end: int) -> str:
    match = _NEXT_WORD.match(text, end)
    return match.group(1).lower() if match else ""


def _is_year(number: str) -> bool:
    # "Zuidlaan 2025 visie": a house number of 1900 to 2099 is rarer than a year.
    return len(number) == 4 and number[:2] in ("19", "20")


def _is_street_name(name: str) -> bool:
    word = name.lower()
    if word in _NOT_STREETS:
        return False
    last = word.rsplit("-", 1)[-1]
    for suffix in _STREET_SUFFIXES:
        if not word.endswith(suffix) or len(last) <= len(suffix):
            continue
        if suffix == "ring" and last[-5] in "aeiouy":  # vergadering, uitkering, ervaring
            return False
        capitalised = any(part[:1].isupper() for part in re.split(r"[-']", name))
        return capitalised or suffix in _STREET_SUFFIXES_LOWER_CASE
    return False


# Candidates: (priority, start, end, kind); kind None marks a span that is no identifier
# but takes its characters out of play (an amount, a meeting date).
_Candidate = tuple[int, int, int, IdentifierKind | None]

_AMOUNT = re.compile(r"€ ?\d[\d.,]*|(?<![\w.,])\d[\d.,]* ?(?i:euro|eur)(?!\w)")


def _candidates(text: str, today: date) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _EMAIL.finditer(text):
        found.append((1, match.start(), match.end(), IdentifierKind.EMAIL))

    for match in _IBAN.finditer(text):
        raw = match.group()
        compact_offsets = [i for i, char in enumerate(raw) if char != " "]
        compact = raw.replace(" ", "").upper()
        for length in range(len(compact), _IBAN_SHORTEST - 1, -1):
            if stdnum_iban.is_valid(compact[:length]):
                end = match.start() + compact_offsets[length - 1] + 1
                found.append((2, match.start(), end, IdentifierKind.IBAN))
                break

    for match in _AMOUNT.finditer(text):
        found.append((3, match.start(), match.end(), None))

    for pattern in (_DATE_DMY, _DATE_YMD, _DATE_WRITTEN):
        for match in pattern.finditer(text):
            if pattern is _DATE_YMD:
                year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
            elif pattern is _DATE_DMY:
                day, month = int(match.group(1)), int(match.group(3))
                year = _full_year(match.group(4), today)
            else:
                day, month = int(match.group(1)), _MONTHS[match.group(2).lower()]
                year = _full_year(match.group(3), today)
            if not _is_valid_date(day, month, year):
                continue
            kind = (
                IdentifierKind.GEBOORTEDATUM
                if _is_adult_birth_date(day, month, year, today)
                else None
            )
            found.append((4, match.start(), match.end(), kind))

    for pattern in (_PHONE_NATIONAL, _PHONE_DUTCH_INTERNATIONAL, _PHONE_FOREIGN):
        for match in pattern.finditer(text):
            found.append((5, match.start(), match.end(), IdentifierKind.TELEFOON))

    for match in _BSN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if stdnum_bsn.is_valid(digits):
            found.append((6, match.start(), match.end(), IdentifierKind.BSN))

    for match in _POSTCODE.finditer(text):
        upper, other = match.group(1), match.group(2)
        if upper is not None:
            if upper in _POSTCODE_NO_LETTERS:
                continue
        elif other.upper() in _POSTCODE_NO_LETTERS or (
            not other.isupper() and other.lower() in _UNITS
        ):
            continue
        found.append((7, match.start(), match.end(), IdentifierKind.POSTCODE))

    for match in _STREET.finditer(text):
        if (
            _is_street_name(match.group(1))
            and not _is_year(match.group(2))
            and _next_word(text, match.end()) not in _QUANTITY_WORDS
        ):
            found.append((8, match.start(), match.end(), IdentifierKind.ADRES))

    for match in _ADDRESS_CONTEXT.finditer(text):
        if not _is_year(match.group(2)) and _next_word(text, match.end()) not in _QUANTITY_WORDS:
            found.append((9, match.start(1), match.end(), IdentifierKind.ADRES))
    return found


def find_identifiers(text: str, *, today: date | None = None) -> list[Hit]:
    """The direct identifiers in ``text``, in reading order. ``today`` (default: the local
    date) decides which dates can be an adult's date of birth (age 18 to 120)."""
    if not text:
        return []
    today = today or timezone.localdate()
    normalised, origin = _normalise(text)
    # Spans already taken, disjoint and sorted by start: a candidate overlapping one loses.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    hits: list[Hit] = []
    candidates = sorted(_candidates(normalised, today), key=lambda candidate: candidate[:3])
    for _priority, start, end, kind in candidates:
        index = bisect.bisect_right(taken_starts, start)
        if (index and taken_ends[index - 1] > start) or (
            index < len(taken_starts) and taken_starts[index] < end
        ):
            continue
        taken_starts.insert(index, start)
        taken_ends.insert(index, end)
        if kind is None:
            continue
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        line_start = text.rfind("\n", 0, start) + 1
        hits.append(
            Hit(
                kind=kind,
                start=start,
                end=end,
                line=text.count("\n", 0, start) + 1,
                column=start - line_start + 1,
            )
        )
    return sorted(hits, key=lambda hit: hit.start)


# --- Messages and validators -----------------------------------------------------------


def _where(hit: Hit) -> str:
    column = hit.column or hit.start + 1
    if hit.line > 1:
        return _("op regel %(line)s bij teken %(column)s") % {"line": hit.line, "column": column}
    return _("bij teken %(column)s") % {"column": column}


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def guard_message(hits: list[Hit], *, field_label: str | None = None) -> str:
    """A Dutch message naming each kind found and where, never the text found ("" for no
    hits). The place is the character on the line, with the line when it is not the first."""
    if not hits:
        return ""
    by_kind: dict[IdentifierKind, list[Hit]] = {}
    for hit in sorted(hits, key=lambda hit: hit.start):
        by_kind.setdefault(IdentifierKind(hit.kind), []).append(hit)
    findings = []
    for kind, kind_hits in by_kind.items():
        places = [_where(hit) for hit in kind_hits[:POSITIONS_NAMED]]
        if len(kind_hits) > POSITIONS_NAMED:
            places.append(_("elders"))
        findings.append(f"{kind.label} ({_join(places)})")
    subject = (
        _("Het veld ‘%(label)s’ bevat") % {"label": field_label}
        if field_label
        else _("Dit veld bevat")
    )
    return "{subject} {findings}. {advice}".format(
        subject=subject,
        findings=_join(findings),
        advice=_(
            "Verwijder gegevens waarmee iemand te herkennen is; "
            "het platform bewaart alleen een anonieme casus."
        ),
    )


def _log_block(hits: list[Hit]) -> None:
    # Kinds and positions only: the text found must not reach any log.
    logger.info(
        "identifier guard blocked: %s",
        ", ".join(f"{IdentifierKind(hit.kind).value}@{hit.line}:{hit.column}" for hit in hits),
    )


def validate_no_identifiers(value: str) -> None:
    """A field validator (models, forms, serializers): raises ValidationError with code
    ``identifier`` when the text holds a direct identifier."""
    if not value or not isinstance(value, str):
        return
    hits = find_identifiers(value)
    if hits:
        _log_block(hits)
        raise ValidationError(guard_message(hits), code="identifier")


def guard_fields(values: dict[str, str], *, today: date | None = None) -> dict[str, str]:
    """For a service checking several fields at once: field name -> message, only for the
    fields that hold an identifier (``raise ValidationError(errors)`` when not empty)."""
    errors: dict[str, str] = {}
    for name, value in values.items():
        if not value or not isinstance(value, str):
            continue
        hits = find_identifiers(value, today=today)
        if hits:
            _log_block(hits)
            errors[name] = guard_message(hits)
    return errors
