"""Small statistics shared by the indicator pages (no numpy needed for a few thousand rows)."""

from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0–100) with linear interpolation between closest ranks.

    The same definition as Excel's PERCENTILE.INC and numpy's default, so a
    coordinator can check a figure by hand: for [1, 2, 3, 4] the median is 2.5
    and the 90th percentile 3.7.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole
