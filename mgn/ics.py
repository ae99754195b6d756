"""Calendar invitations (iCalendar, RFC 5545) for e-mail, through the ``icalendar`` library:
one event with a stable UID and a SEQUENCE that grows when it moves, METHOD:REQUEST so
mail clients offer to add or update it. Times are written in UTC::

    text = calendar(Event(uid="gesprek-12@mgn.example", start=start, end=end,
                          summary="Verkennend gesprek VG-2026-0012"), stamp=timezone.now())
    message.attach("uitnodiging.ics", text, "text/calendar; method=REQUEST; charset=utf-8")
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

PRODID = "-//MGN Coordinatie//NL"


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0


def calendar(event: Event, *, stamp: datetime) -> str:
    """The invitation as iCalendar text (CRLF line ends, long lines folded, text escaped)."""
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("method", "REQUEST")
    entry = icalendar.Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", stamp.astimezone(UTC))
    entry.add("dtstart", event.start.astimezone(UTC))
    entry.add("dtend", event.end.astimezone(UTC))
    entry.add("summary", event.summary)
    entry.add("location", event.location)
    entry.add("description", event.description)
    cal.add_component(entry)
    return cal.to_ical().decode()
