"""Reading what providers deliver as a table: a CSV file (sniffed ``;`` or ``,``, UTF-8 with
or without BOM) or a list of dicts from the API, row by row, with each problem reported as
``{line, field, reason}`` (the file's own line numbers, the header is line 1).

Cell values that could be a BSN in the wrong place are never repeated in an error.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from mgn.validators import has_bidi_controls, has_control_characters

_DIGITS_RUN = re.compile(r"[0-9]{8}")
_NL_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")


def row_error(line: int, column: str, reason: str) -> dict:
    return {"line": line, "field": column, "reason": str(reason)}


def shown(value: str) -> str:
    """A cell's value for an error message, unless it could be a BSN in the wrong column or
    holds characters that a report (or PostgreSQL, for a NUL) cannot carry. Binary garbage
    (bytes that are no UTF-8, unprintable or unassigned characters) is never echoed: it
    reads "(onleesbare waarde)". The templates escape what is shown."""
    if _DIGITS_RUN.search(value) or _unsafe(value):
        return _("(waarde niet getoond)")
    if not readable(value):
        return _("(onleesbare waarde)")
    return f"'{value[:40]}'"


def readable(value: str) -> bool:
    """Only printable characters (letters, digits, punctuation, symbols, spaces): no
    replacement character for undecodable bytes, no control, format, private-use or
    unassigned code points."""
    return all(c.isprintable() and c != "\ufffd" for c in value)


def _unsafe(value: str) -> bool:
    return has_control_characters(value) or has_bidi_controls(value)


def cell_error(line: int, column: str, value: str) -> dict | None:
    """A cell with control characters (a NUL byte, a line break inside a field) or bidi
    controls is refused on its own line; the value is never repeated."""
    if not _unsafe(value):
        return None
    return row_error(
        line,
        column,
        _(
            "Deze waarde bevat een stuurteken (zoals een NUL-teken, een regeleinde of een "
            "teken dat de leesrichting omdraait)."
        ),
    )


class Table:
    """Rows of a CSV text (sniffed ``;`` or ``,``) or of a list of dicts, as
    ``(line, {column: text})``. Problems with the file as a whole (encoding, header) go
    to ``errors`` with line 1; a CSV's line numbers are the file's, the header is line 1;
    dict rows are numbered from 1."""

    def __init__(
        self,
        source,
        *,
        known: Iterable[str],
        required: Iterable[str] = (),
        header_check: Callable[[frozenset[str]], list[dict]] | None = None,
    ):
        self.known = frozenset(known)
        self.required = tuple(required)
        self.header_check = header_check
        self.errors: list[dict] = []
        self.columns: frozenset[str] = frozenset()
        self.rows_total = 0
        self._records: Iterable[dict] | None = None
        self._text = None
        if isinstance(source, str):
            self._text = io.StringIO(source, newline="")
        elif isinstance(source, bytes | bytearray):
            self._text = io.TextIOWrapper(
                io.BytesIO(source), encoding="utf-8-sig", errors="replace", newline=""
            )
        elif isinstance(source, io.TextIOBase):
            self._text = source
        elif hasattr(source, "read"):  # a binary stream, e.g. an uploaded file
            source = getattr(source, "file", source)  # Django's UploadedFile wraps one
            self._text = io.TextIOWrapper(
                source, encoding="utf-8-sig", errors="replace", newline=""
            )
        else:
            self._records = source

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        if self._records is not None:
            yield from self._record_rows()
        else:
            yield from self._csv_rows()

    def _record_rows(self):
        for index, record in enumerate(self._records, start=1):
            self.rows_total += 1
            if not isinstance(record, dict):
                self.errors.append(row_error(index, "", _("Een rij is een object met velden.")))
                continue
            row = {}
            for position, (key, value) in enumerate(record.items(), start=1):
                name = str(key).strip().lower()
                if name not in self.known:
                    self.errors.append(
                        row_error(index, _column_name(name, position), _("Onbekend veld."))
                    )
                    continue
                if value is None or value == "":
                    row[name] = ""
                elif isinstance(value, str):
                    problem = cell_error(index, name, value)
                    if problem:
                        self.errors.append(problem)
                        continue
                    row[name] = value.strip()
                elif isinstance(value, int) and not isinstance(value, bool):
                    row[name] = str(value)
                else:
                    self.errors.append(row_error(index, name, _("Verwacht tekst of een getal.")))
            yield index, row

    def _csv_rows(self):
        text = self._text
        first = text.readline()
        if first.startswith("\ufeff"):
            first = first[1:]
        if not first.strip():
            self.errors.append(
                row_error(1, "", _("Het bestand is leeg of begint met een lege regel."))
            )
            return
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(_chain_first(first, text), delimiter=delimiter)
        previous = 0
        try:
            header = [name.strip().lower() for name in next(reader)]
            if not self._check_header(header):
                return
            previous = reader.line_num
            yield from self._csv_body(reader, header, previous)
        except csv.Error:
            # The module's message names no content, but say it in our own words anyway.
            self.errors.append(
                row_error(
                    max(reader.line_num, 1),
                    "",
                    _(
                        "Deze regel is geen geldige CSV (bijvoorbeeld een aanhalingsteken "
                        "dat niet sluit of een veld van meer dan 128 kB)."
                    ),
                )
            )

    def _csv_body(self, reader, header: list[str], previous: int):
        width = len(header)
        for cells in reader:
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            self.rows_total += 1
            if len(cells) != width:
                self.errors.append(
                    row_error(
                        line,
                        "",
                        _("Deze regel heeft %(n)d velden, de kopregel %(width)d.")
                        % {"n": len(cells), "width": width},
                    )
                )
                continue
            row = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
            if any("\ufffd" in cell for cell in cells):
                self.errors.append(
                    row_error(line, "", _("Deze regel bevat tekens die geen UTF-8 zijn."))
                )
                continue
            problems = [cell_error(line, name, cell) for name, cell in row.items()]
            problems = [problem for problem in problems if problem]
            if problems:
                self.errors += problems
                continue
            yield line, row

    def _check_header(self, header: list[str]) -> bool:
        for name, count in Counter(header).items():
            if count > 1 and name in self.known:
                self.errors.append(
                    row_error(1, name, _("Deze kolom staat meer dan eens in de kop."))
                )
        for index, name in enumerate(header, start=1):
            if name not in self.known:
                self.errors.append(
                    row_error(
                        1,
                        _column_name(name, index),
                        _(
                            "Onbekende kolom. Is de eerste regel een kopregel? Gebruik de "
                            "kolommen uit de beschrijving: %s."
                        )
                        % ", ".join(sorted(self.known)),
                    )
                )
        self.columns = frozenset(header)
        for name in self.required:
            if name not in self.columns:
                self.errors.append(row_error(1, name, _("Deze kolom ontbreekt in de kop.")))
        if self.header_check is not None:
            self.errors += self.header_check(self.columns)
        return not self.errors


def _column_name(name: str, index: int) -> str:
    """An unknown column's name for a report; a file without a header has data there, so
    anything that could be a BSN is replaced by the column's position."""
    if not name or _DIGITS_RUN.search(name) or _unsafe(name) or not readable(name):
        return _("kolom %d") % index
    return name[:40]


def _chain_first(first: str, rest) -> Iterator[str]:
    yield first
    yield from rest


# Parsing cells ------------------------------------------------------------------------
def parse_date(value: str) -> date | None:
    """YYYY-MM-DD or DD-MM-YYYY; None when it is neither."""
    try:
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value)
        match = _NL_DATE.fullmatch(value)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def parse_decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
