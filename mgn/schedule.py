"""Meeting rhythms shared by the function apps' meeting series (a transfer table, a
casusoverleg series): the next meeting day after a given one, for a frequency named by
its value ("wekelijks", "tweewekelijks", "driewekelijks", "maandelijks")."""

from datetime import date, timedelta

STEP_DAYS = {"wekelijks": 7, "tweewekelijks": 14, "driewekelijks": 21}


def next_meeting_day(day: date, frequency: str) -> date:
    """The meeting after ``day``: a fixed number of days on, or for "maandelijks" the same
    weekday in the same week of the next month (the 1st Tuesday, …; the last one of the
    month when that month has no such week)."""
    if frequency in STEP_DAYS:
        return day + timedelta(days=STEP_DAYS[frequency])
    if frequency != "maandelijks":
        raise ValueError(f"unknown frequency {frequency!r}")
    month = day.month % 12 + 1
    year = day.year + (day.month == 12)
    first = date(year, month, 1)
    nth = (day.day - 1) // 7
    offset = (day.weekday() - first.weekday()) % 7
    candidate = first + timedelta(days=offset + 7 * nth)
    return candidate if candidate.month == month else candidate - timedelta(days=7)


def first_meeting_day(after: date, weekday: int) -> date:
    """The first day on ``weekday`` (0 = Monday) strictly after ``after``."""
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)


def planned_days(
    *, last: date | None, weekday: int, frequency: str, after: date, count: int
) -> list[date]:
    """The next ``count`` meeting days after ``after``: on from the ``last`` generated
    meeting (so the rhythm holds, also over a cancelled one), or from the weekday."""
    days: list[date] = []
    if last is not None:
        day = last
    else:
        day = first_meeting_day(after, weekday)
        days.append(day)
    while len(days) < count:
        day = next_meeting_day(day, frequency)
        if day > after:
            days.append(day)
    return days[:count]
