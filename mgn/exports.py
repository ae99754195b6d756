"""CSV downloads: values as text, the guard against formula injection, lines, chunks and
the streaming response. Memory stays flat however many rows a download has::

    rows = ([csv_value(v) for v in values] for values in queryset.values_list(...).iterator())
    return csv_response(csv_lines([header, *rows]), filename="wachttijden.csv")

    # bytes in chunks of about 64 KiB:
    csv_chunks(rows)

Every CSV the application writes has one format (CONTRIBUTING, "Adding an export"): UTF-8
without BOM, ``;`` between fields (Dutch Excel, whose list separator is ``;``, opens it in
columns; the declarations CSV the insurers read has the same), a line feed after every
line, numbers with a decimal point, dates ISO ``YYYY-MM-DD``.

Quoting is the csv module's minimal quoting: a field is quoted ("…", quotes doubled) only
when it holds the delimiter, a quote, a carriage return or a line feed.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.http import StreamingHttpResponse

# A cell that starts with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_BYTES = 64 * 1024
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DELIMITER = ";"
LINE_END = "\n"


def csv_guard(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading ``'``."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_money(value) -> str:
    """An amount with a dot and exactly two decimals (``150.00``, ``-150.00``, never
    ``-0.00``); empty when unknown."""
    if value is None:
        return ""
    value = Decimal(value)
    if not value:
        value = abs(value)
    return f"{value:.2f}"


def csv_date(value) -> str:
    """A date as ISO ``YYYY-MM-DD`` (a raw database text is cut to its date); empty when
    unknown."""
    if value is None:
        return ""
    if isinstance(value, str):  # SQLite hands raw values
        return value[:10]
    return value.isoformat()


def csv_value(value) -> str:
    """One value as a CSV text: empty for None; a float with at most two decimals and no
    trailing zeros (``3``, ``2.5``, ``1.33``); a date ISO; other numbers as they are; text
    guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return csv_guard(str(value))


class _Echo:
    """A file whose write returns the line: csv.writer's output, one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    rows: Iterable[Iterable[str]], *, delimiter: str = DELIMITER, lineterminator: str = LINE_END
) -> Iterator[str]:
    """Every row as one CSV line (texts; see ``csv_value`` for turning values into text)."""
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator=lineterminator)
    for row in rows:
        yield writer.writerow(row)


def csv_chunks(
    rows: Iterable[Iterable[str]],
    *,
    delimiter: str = DELIMITER,
    lineterminator: str = LINE_END,
    encoding: str = "utf-8",
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[bytes]:
    """The rows' CSV as encoded bytes in chunks of about ``chunk_bytes`` (fewer, larger
    writes than a line each)."""
    buffer: list[str] = []
    size = 0
    for line in csv_lines(rows, delimiter=delimiter, lineterminator=lineterminator):
        buffer.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield "".join(buffer).encode(encoding)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode(encoding)


def csv_response(
    content: Iterable[bytes | str], *, filename: str, content_type: str = CSV_CONTENT_TYPE
) -> StreamingHttpResponse:
    """A streamed download of the CSV (lines or chunks), private and never cached."""
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
