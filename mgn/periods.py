"""Date periods with an open end (None: for an indefinite time), as contracts, insurance
periods and kassiers have them."""

from datetime import date


def periods_overlap(
    starts_on: date, ends_on: date | None, other_starts_on: date, other_ends_on: date | None
) -> bool:
    """Whether two periods share a day; both ends count, an open end never ends."""
    return starts_on <= (other_ends_on or date.max) and other_starts_on <= (ends_on or date.max)
