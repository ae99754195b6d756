"""mgn.exports: CSV texts, the formula guard, lines and chunks, and the streamed response.
The reference functions below are the two CSV writers the apps had before; the shared ones
must give the same bytes."""

import csv
import io
from datetime import date
from decimal import Decimal

from mgn.exports import (
    csv_chunks,
    csv_date,
    csv_guard,
    csv_lines,
    csv_money,
    csv_response,
    csv_value,
)

ROWS = [
    ["id", "naam", "bedrag"],
    ["1", "=SUM(A1)", "150.00"],
    ["2", 'Zeg "hallo"; dag', "-0.50"],
    ["3", "regel\neen\r", ""],
    ["4", "gewoon", "1.00"],
]


def _semicolon_line(texts) -> str:  # the declaration export's own writer, as it was
    def field(text):
        if ";" in text or '"' in text or "\n" in text or "\r" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    return ";".join(field(t) for t in texts) + "\n"


def _csv_module_lines(rows) -> str:  # the waiting-time overview's writer, as it was
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_the_guard_prefixes_formula_starts_only():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_guard(start + "1") == "'" + start + "1"
    assert csv_guard("gewoon") == "gewoon"
    assert csv_guard("") == ""
    assert csv_guard("a=b") == "a=b"


def test_values_as_text():
    assert csv_value(None) == ""
    assert csv_value(3.0) == "3"
    assert csv_value(2.5) == "2.5"
    assert csv_value(1.3333) == "1.33"
    assert csv_value(0.004) == "0"
    assert csv_value(12) == "12"
    assert csv_value(date(2026, 3, 1)) == "2026-03-01"
    assert csv_value("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert csv_value("Noord") == "Noord"


def test_money_and_dates():
    assert csv_money(None) == ""
    assert csv_money(Decimal("150")) == "150.00"
    assert csv_money(Decimal("-150.5")) == "-150.50"
    assert csv_money(Decimal("-0.00")) == "0.00"
    assert csv_date(None) == ""
    assert csv_date(date(2026, 1, 2)) == "2026-01-02"
    assert csv_date("2026-01-02 00:00:00") == "2026-01-02"


def test_semicolon_lines_are_the_declaration_exports_bytes():
    got = "".join(csv_lines(ROWS, delimiter=";", lineterminator="\n"))
    assert got == "".join(_semicolon_line(row) for row in ROWS)


def test_default_lines_are_the_declaration_exports_bytes():
    """One CSV format for every export: the declarations' ";" and line feed (Dutch Excel
    opens ";" in columns; "," leaves every row in one cell)."""
    assert "".join(csv_lines(ROWS)) == "".join(_semicolon_line(row) for row in ROWS)
    assert "".join(csv_lines(ROWS, delimiter=",", lineterminator="\r\n")) == _csv_module_lines(ROWS)


def test_chunks_hold_every_line_once_in_order():
    rows = [[str(i), "x" * 50] for i in range(500)]
    chunks = list(csv_chunks(rows, delimiter=";", lineterminator="\n", chunk_bytes=1024))
    assert len(chunks) > 10
    assert all(isinstance(c, bytes) for c in chunks)
    assert b"".join(chunks) == "".join(_semicolon_line(r) for r in rows).encode()
    assert list(csv_chunks([])) == []


def test_the_response_streams_a_private_attachment():
    response = csv_response(csv_lines(ROWS), filename="export.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == "".join(map(_semicolon_line, ROWS)).encode()
