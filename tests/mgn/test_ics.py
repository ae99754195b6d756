"""mgn.ics: the invitation every mail client's agenda reads (RFC 5545)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from mgn.ics import Event, calendar

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 3, 2, 10, 0, tzinfo=AMSTERDAM)
STAMP = datetime(2026, 2, 1, 8, 30, tzinfo=UTC)


def _event(**changes) -> Event:
    values = {
        "uid": "verkennend-gesprek-7@mgn.example",
        "start": START,
        "end": START + timedelta(minutes=90),
        "summary": "Verkennend gesprek VG-2026-0007",
        "location": "Dorpsstraat 1, Noorddorp",
        "description": "Verkennend gesprek (90 minuten). Dorpsstraat 1, Noorddorp",
        **changes,
    }
    return Event(**values)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_invitation_is_a_request_with_uid_sequence_and_utc_times():
    text = calendar(_event(sequence=2), stamp=STAMP)
    lines = _lines(text)
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert "VERSION:2.0" in lines
    assert "METHOD:REQUEST" in lines
    assert "BEGIN:VEVENT" in lines and "END:VEVENT" in lines
    assert "UID:verkennend-gesprek-7@mgn.example" in lines
    assert "SEQUENCE:2" in lines
    assert "DTSTAMP:20260201T083000Z" in lines
    assert "DTSTART:20260302T090000Z" in lines  # 10:00 in Amsterdam (CET)
    assert "DTEND:20260302T103000Z" in lines
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_text_is_escaped():
    text = calendar(_event(summary="a;b,c\\d\ne"), stamp=STAMP)
    assert "SUMMARY:a\\;b\\,c\\\\d\\ne" in _lines(text)
    assert "LOCATION:Dorpsstraat 1\\, Noorddorp" in _lines(text)


def test_long_lines_are_folded_at_75_octets():
    description = "Verkennend gesprek met een heel lange beschrijving – é " * 6
    text = calendar(_event(description=description), stamp=STAMP)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    parsed = icalendar.Calendar.from_ical(text)
    (event,) = parsed.walk("VEVENT")
    assert str(event["DESCRIPTION"]) == description


def test_the_text_reads_back_as_the_event():
    parsed = icalendar.Calendar.from_ical(calendar(_event(), stamp=STAMP))
    (event,) = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Verkennend gesprek VG-2026-0007"
    assert event.decoded("DTSTART") == START
    assert int(event["SEQUENCE"]) == 0
