"""The indicator registry: each function app adds its indicators, the network's board reads them.

The core knows no domain. Settings name the providers (``INDICATOR_PROVIDERS``, dotted paths of
module-level ``IndicatorProvider`` objects, one per function app), as they name the demo
seeders and the menu's facts. The board (``networks``) asks this module, never the apps above
it, so a new function adds its figures by adding one provider and one settings line.

A provider computes its figures for many networks and periods at once, in a number of queries
that depends on the number of periods and never on the number of networks: the programme view
compares every network of the country in one pass.

Periods are half-open ``[start, end)`` date ranges: a quarter, or a year for a target's
baseline. Values carry their ``basis`` (how many persons or cases the figure rests on) so a
view shared beyond the network can suppress small counts (``suppressed``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from mgn import formats

# Counts below this are shown as "< 10" outside the network (programme view, R-PR-2).
SMALL_COUNT = 10


class Unit:
    COUNT = "aantal"
    DAYS = "dagen"
    WEEKS = "weken"
    PERCENT = "procent"
    EURO = "euro"


@dataclass(frozen=True)
class Period:
    """A half-open date range ``[start, end)`` with its Dutch label."""

    start: date
    end: date
    label: str

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def key(self) -> str:
        """A stable short name for URLs and CSV: ``2026-K3`` or ``2025``."""
        if self.end == date(self.start.year + 1, 1, 1) and self.start == date(
            self.start.year, 1, 1
        ):
            return str(self.start.year)
        return f"{self.start.year}-K{(self.start.month - 1) // 3 + 1}"


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise ValueError("A quarter is numbered 1 to 4.")
    start = date(year, 3 * (number - 1) + 1, 1)
    end = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(start, end, f"{number}e kwartaal {year}")


def quarter_of(day: date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def previous_quarter(period: Period) -> Period:
    return quarter_of(date.fromordinal(period.start.toordinal() - 1))


def quarters_until(period: Period, count: int) -> list[Period]:
    """``count`` quarters ending with ``period``, oldest first (the trend of a board)."""
    out = [period]
    while len(out) < count:
        out.append(previous_quarter(out[-1]))
    return out[::-1]


def year(value: int) -> Period:
    return Period(date(value, 1, 1), date(value + 1, 1, 1), str(value))


def period_from_key(key: str) -> Period:
    """``2026-K3`` → that quarter, ``2025`` → that year; ``ValueError`` for anything else."""
    key = (key or "").strip()
    if len(key) == 4 and key.isdigit():
        return year(int(key))
    head, sep, tail = key.partition("-K")
    if sep and len(head) == 4 and head.isdigit() and tail in {"1", "2", "3", "4"}:
        return quarter(int(head), int(tail))
    raise ValueError("Onbekende periode.")


@dataclass(frozen=True)
class Indicator:
    """One figure on the board, with the definition a reader sees beside it."""

    key: str  # unique over all providers: "<function>.<name>", e.g. "vg.aanvragen"
    label: str  # short Dutch name
    definition: str  # how it is counted, in Dutch, for the reader
    unit: str  # a ``Unit``
    rule: str  # the rule id it measures, e.g. "R-VG-3"
    higher_is_better: bool | None = None  # None: neither (a volume)
    counts_persons: bool = True  # small-count suppression applies outside the network


@dataclass(frozen=True)
class Value:
    """A computed figure. ``value`` None means no data in the period (shown as "–")."""

    value: Decimal | int | float | None
    basis: int | None = None  # persons/cases it rests on: the count itself, a share's denominator
    detail: tuple[tuple[str, str], ...] = ()  # optional breakdown rows (label, formatted value)


NO_DATA = Value(None, 0)

# (network_id, period index, indicator key) -> Value
Figures = dict[tuple[int, int, str], Value]


@dataclass(frozen=True)
class IndicatorProvider:
    """A function app's contribution: its indicators and one batch computation."""

    section: str  # heading on the board, e.g. "Verkennend gesprek"
    order: int  # place of the section on the board
    # Name of the ``Network`` boolean field that says the network offers this function
    # (e.g. "offers_transfer"); None when every network has these figures (money).
    offered_by: str | None
    indicators: tuple[Indicator, ...]
    # (network_ids, periods) -> Figures; a missing entry reads as NO_DATA.
    compute: Callable[[Sequence[int], Sequence[Period]], Figures] = field(repr=False)


@cache
def providers() -> tuple[IndicatorProvider, ...]:
    found = tuple(import_string(path) for path in settings.INDICATOR_PROVIDERS)
    keys = [i.key for p in found for i in p.indicators]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"Indicator keys registered twice: {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda p: p.order))


def offers(network, provider: IndicatorProvider) -> bool:
    return provider.offered_by is None or bool(getattr(network, provider.offered_by))


def providers_for(network) -> list[IndicatorProvider]:
    """The providers of the functions this network offers (a function it does not offer is
    left out of its board)."""
    return [p for p in providers() if offers(network, p)]


def indicator(key: str) -> Indicator:
    for provider in providers():
        for item in provider.indicators:
            if item.key == key:
                return item
    raise KeyError(key)


def all_indicators() -> list[Indicator]:
    return [i for p in providers() for i in p.indicators]


def compute(networks: Sequence, periods: Sequence[Period]) -> Figures:
    """Every provider's figures for these networks and periods: one call per provider, over
    only the networks that offer its function."""
    figures: Figures = {}
    for provider in providers():
        ids = [n.pk for n in networks if offers(n, provider)]
        if ids:
            figures.update(provider.compute(ids, list(periods)))
    return figures


def suppressed(item: Indicator, value: Value, threshold: int = SMALL_COUNT) -> bool:
    """Whether a figure shown beyond its network must be hidden: it rests on 1 to
    ``threshold - 1`` persons or cases. Zero reveals no one and is shown."""
    return item.counts_persons and value.basis is not None and 0 < value.basis < threshold


def display(item: Indicator, value: Value) -> str:
    """The figure in Dutch notation with its unit."""
    v = value.value
    if v is None:
        return "–"
    if item.unit == Unit.PERCENT:
        return formats.percent(v)
    if item.unit == Unit.EURO:
        return formats.euro(v)
    if item.unit == Unit.DAYS:
        return f"{formats.number(v, 1)} dagen"
    if item.unit == Unit.WEEKS:
        return f"{formats.number(v, 1)} weken"
    return formats.number(v)


def display_shared(item: Indicator, value: Value, threshold: int = SMALL_COUNT) -> str:
    """As ``display``, but "< 10" where the figure rests on too few persons."""
    return f"< {threshold}" if suppressed(item, value, threshold) else display(item, value)
