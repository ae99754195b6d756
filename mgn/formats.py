"""Dutch number, week, money and date texts, the same on pages, in PDFs and in charts'
accessible names. Template filters for these are in ``mgn_format`` (``{% load mgn_format %}``).

    weeks_words(2.5)          -> "2,5 weken"      (a waiting time in a sentence)
    weeks_short(3.14)         -> "3,1 wk"         (a chart's value label)
    euro(Decimal("1234.5"))   -> "€ 1.234,50"
    count(1, "regel", "regels") -> "1 regel";  count(2, …) -> "2 regels"
    percent(12.34, 1)         -> "12,3%"
    month_year(date(2026, 3, 1)) -> "mrt 2026";  day_month(d) -> "1 mrt"
    date_long(date(2026, 3, 1))  -> "1 maart 2026"

Dates have one format for people (CONTRIBUTING, "Dates"): ``date_long`` "1 maart 2026",
with a time ``datetime_long`` "1 maart 2026, 14:30", and for an appointment the weekday
before it (``date_weekday`` "zondag 1 maart 2026", ``datetime_weekday``).
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat, timezone
from django.utils.translation import gettext as _

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS_SHORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
NONE_TEXT = "–"
CENT = Decimal("0.01")


def _decimal_comma(number: float, decimals: int) -> str:
    return f"{number:.{decimals}f}".replace(".", ",")


def weeks_from_days(days: float | None) -> float | None:
    return None if days is None else days / 7


def weeks_short(value: float | None) -> str:
    """Weeks with one decimal and "wk" ("3,1 wk"); "–" when unknown."""
    if value is None:
        return NONE_TEXT
    return _decimal_comma(value, 1) + " wk"


def weeks_words(weeks) -> str:
    """A waiting time in words: "geen", "1 week", "2,5 weken"; empty when unknown."""
    if weeks is None:
        return ""
    value = round(float(weeks), 1)
    if value == 0:
        return _("geen")
    text = f"{value:g}".replace(".", ",")
    return _("%(n)s week") % {"n": text} if value == 1 else _("%(n)s weken") % {"n": text}


def number(value, decimals: int = 0) -> str:
    """A number with a decimal comma and thousands dots ("1.234,5"); "–" when unknown."""
    if value is None:
        return NONE_TEXT
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return numberformat.format(rounded, ",", decimals, 3, ".", force_grouping=True)


def count(n: int, singular: str, plural: str) -> str:
    """A count with its noun in the right number: "1 regel", "0 regels", "1.234 regels"."""
    return f"{number(n)} {singular if n == 1 else plural}"


def euro(amount) -> str:
    """An amount in euros with two decimals and thousands dots ("€ 1.234,50")."""
    if amount is None:
        return NONE_TEXT
    return "€ " + number(amount, 2)


def percent(value, decimals: int = 0) -> str:
    """A percentage (of 100, not a fraction) with a decimal comma ("12,3%")."""
    if value is None:
        return NONE_TEXT
    return number(value, decimals) + "%"


def month_short(day: date) -> str:
    return MONTHS_SHORT[day.month - 1]


def month_year(day: date) -> str:
    """ "mrt 2026": a month on a chart's axis or in a table."""
    return f"{MONTHS_SHORT[day.month - 1]} {day.year}"


def day_month(day: date) -> str:
    """ "1 mrt": a snapshot date on a chart's axis."""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]}"


def _local(moment: date) -> date:
    """An aware datetime in the current time zone; a date or naive datetime as it is."""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        return timezone.localtime(moment)
    return moment


def date_long(day: date) -> str:
    """ "1 maart 2026", in any active language (letters and reports are Dutch)."""
    day = _local(day)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def datetime_long(moment: datetime) -> str:
    """ "1 maart 2026, 14:30" (local time)."""
    moment = _local(moment)
    return f"{date_long(moment)}, {moment:%H:%M}"


def date_weekday(day: date) -> str:
    """ "zondag 1 maart 2026": the day of an appointment."""
    day = _local(day)
    return f"{WEEKDAYS[day.weekday()]} {date_long(day)}"


def datetime_weekday(moment: datetime) -> str:
    """ "zondag 1 maart 2026, 14:30": the start of an appointment (local time)."""
    moment = _local(moment)
    return f"{date_weekday(moment)}, {moment:%H:%M}"
