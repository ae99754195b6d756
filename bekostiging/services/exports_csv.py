"""Insurer exports (R-BK-4): a fixed set of lines per insurer, period and state, taken out
as CSV (streamed), XLSX (a Celery task) or GDS-shaped XML (bekostiging/gds.py).

The column layout is documented in docs/declaratie-export.md and is ``CSV_COLUMNS``:

- UTF-8 without BOM, ``;`` between fields, ``\\n`` at the end of every line, a header line
  first. A field is quoted (``"…"``, quotes doubled) only when it holds ``;``, ``"``, a
  carriage return or a line feed.
- Amounts with a dot and exactly two decimals (``150.00``, a credit ``-150.00``); dates
  ISO ``YYYY-MM-DD``; an unknown value is empty.
- A text field that starts like a spreadsheet formula (``= + - @``, tab, CR) gets a
  leading ``'`` (CSV injection); numbers are never changed.

Every download of an export gives the same bytes: the lines are fixed when the export is
made (ExportRegel), ordered by line id, and every value is the line's declared snapshot
(BSN, policy number, date of birth, prestatiecode, tariff, amount), plus the insurer's
UZOVI and the declarant's AGB code, which are fixed identifiers of the organisations.

On PostgreSQL the CSV is made by the database (``COPY (SELECT …) TO STDOUT``, formatted in
SQL) and streamed in chunks; elsewhere (SQLite, the embedded default) Python writes the same
bytes from a chunked cursor (``export_rows`` + ``iter_csv``). Both keep memory constant.
"""

import itertools
from collections.abc import Iterable, Iterator

from django.db import connection

from bekostiging.models import Export, reference_for
from bekostiging.selectors.exports import export_regels
from mgn.exports import DELIMITER, LINE_END, csv_chunks, csv_date, csv_guard, csv_lines, csv_money

ENCODING = "utf-8"

# (header, description) in file order. The first eleven are the layout; functie
# and einde_periode follow (documented in docs/declaratie-export.md).
CSV_COLUMNS = [
    ("referentie", "Unieke, vaste referentie van de regel (MGN + 9 cijfers)"),
    ("uzovi", "UZOVI-code van de zorgverzekeraar (ontvanger)"),
    ("agb_declarant", "AGB-code van de declarerende aanbieder"),
    ("bsn", "BSN van de verzekerde (leeg bij een lumpsumtermijn)"),
    ("polisnummer", "Polisnummer van de verzekerde (leeg bij een lumpsumtermijn)"),
    ("geboortedatum", "Geboortedatum van de verzekerde, JJJJ-MM-DD (leeg bij lumpsum)"),
    ("prestatiecode", "Prestatiecode (codelijst 071-vorm, versie geldig op de datum)"),
    ("datum", "Datum van de prestatie (gesprek) of begin van de termijn, JJJJ-MM-DD"),
    ("tarief", "Tarief in euro, punt als decimaalteken, twee decimalen"),
    ("bedrag", "Bedrag in euro; negatief voor een creditregel"),
    ("creditreferentie", "Bij een creditregel: de referentie van de regel die zij crediteert"),
    ("functie", "Functie: vg, transfer, wachttijden, casusoverleg, coordinatie"),
    ("einde_periode", "Laatste dag van de termijn (bij een VG gelijk aan datum), JJJJ-MM-DD"),
]
CSV_HEADER = [header for header, _description in CSV_COLUMNS]

# The values_list of export_rows, in CSV_COLUMNS order (id and credit_of_id become
# references; the organisation codes are those copied into the line when it was made).
EXPORT_VALUES = [
    "id",
    "uzovi",
    "provider_agb",
    "bsn",
    "policy_number",
    "date_of_birth",
    "prestatiecode",
    "service_date",
    "tariff",
    "amount",
    "credit_of_id",
    "function",
    "period_end",
]
ROW_CHUNK = 5000  # rows per database round trip (Python path)
BYTE_CHUNK = 64 * 1024  # bytes per yielded chunk


# --- CSV ---------------------------------------------------------------------------------


def format_row(values) -> list[str]:
    """One line's values (EXPORT_VALUES order) as the CSV's texts (CSV_COLUMNS order)."""
    (pk, uzovi, agb, bsn, policy, dob, code, day, tariff, amount, credit_of, function, end) = values
    # Formula-guarded (csv_guard): BSN, policy number and prestatiecode, typed in by people.
    # The UZOVI and AGB codes are digits by database constraint; the function is a choice.
    return [
        reference_for(pk),
        uzovi or "",
        agb or "",
        csv_guard(bsn or ""),
        csv_guard(policy or ""),
        csv_date(dob),
        csv_guard(code or ""),
        csv_date(day),
        csv_money(tariff),
        csv_money(amount),
        reference_for(credit_of) if credit_of is not None else "",
        function or "",
        csv_date(end),
    ]


def _line(texts: Iterable[str]) -> str:
    return next(csv_lines([texts], delimiter=DELIMITER, lineterminator=LINE_END))


def header_bytes() -> bytes:
    return _line(CSV_HEADER).encode(ENCODING)


def iter_csv(rows: Iterable) -> Iterator[bytes]:
    """The header and then every row (tuples in EXPORT_VALUES order) as CSV bytes, in
    chunks of about BYTE_CHUNK: memory stays constant whatever the number of rows."""
    lines = itertools.chain([CSV_HEADER], (format_row(values) for values in rows))
    return csv_chunks(
        lines,
        delimiter=DELIMITER,
        lineterminator=LINE_END,
        encoding=ENCODING,
        chunk_bytes=BYTE_CHUNK,
    )


def export_rows(export: Export) -> Iterator[tuple]:
    """The export's lines as EXPORT_VALUES tuples, from a chunked (server-side on
    PostgreSQL) cursor, in line id order."""
    return export_regels(export).values_list(*EXPORT_VALUES).iterator(chunk_size=ROW_CHUNK)


# The same bytes as format_row/_line, made by PostgreSQL. Text columns are guarded like
# _guard and empty text becomes NULL (COPY writes NULL as nothing and quotes only what
# holds the delimiter, a quote, CR or LF, exactly as csv_lines does). The UZOVI and AGB codes
# are the line's own copies, so there is no join to the organisations. Dates, tariffs
# and amounts go out through COPY's own output of the column (no ``::text`` per value):
# dates ISO under DateStyle ISO (checked per connection in _copy_chunks), numerics with
# their two decimals. Cheap expressions only: the bench holds this to at least half a raw COPY's throughput.
def _sql_text(column: str) -> str:
    # ascii() of = + - @ tab CR; ascii('') is 0, so the empty text falls to NULLIF.
    return (
        f"CASE WHEN ascii({column}) IN (61, 43, 45, 64, 9, 13) THEN '''' || {column} "
        f"ELSE NULLIF({column}, '') END"
    )


def _sql_reference(column: str) -> str:
    # reference_for(): MGN and at least nine digits; NULL stays NULL. The nine digits are
    # the tail of 1,000,000,000 + id: cheaper than to_char() or lpad() a million times.
    return (
        f"CASE WHEN {column} < 1000000000 THEN 'MGN' || substr(({column} + 1000000000)::text, 2) "
        f"ELSE 'MGN' || {column} END"
    )


# Built from constants only (no user input); the export id is a parameter.
COPY_SELECT = f"""
SELECT
    {_sql_reference("r.id")},
    NULLIF(r.uzovi, ''),
    NULLIF(r.provider_agb, ''),
    {_sql_text("r.bsn")},
    {_sql_text("r.policy_number")},
    r.date_of_birth,
    {_sql_text("r.prestatiecode")},
    r.service_date,
    r.tariff,
    r.amount,
    {_sql_reference("r.credit_of_id")},
    r.function,
    r.period_end
FROM bekostiging_exportregel e
JOIN bekostiging_declaratieregel r ON r.id = e.regel_id
WHERE e.export_id = %s
ORDER BY r.id
"""  # noqa: S608
COPY_SQL = f"COPY ({COPY_SELECT}) TO STDOUT WITH (FORMAT csv, DELIMITER '{DELIMITER}', NULL '')"


def _copy_chunks(export: Export) -> Iterator[bytes]:
    """PostgreSQL writes the CSV lines; we pass them on in chunks of about BYTE_CHUNK."""
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        if not (raw.connection.info.parameter_status("DateStyle") or "").startswith("ISO"):
            cursor.execute("SET datestyle TO 'ISO, MDY'")
        with raw.copy(COPY_SQL, (export.pk,)) as copy:
            buffer = bytearray(header_bytes())
            for data in copy:
                buffer += data
                if len(buffer) >= BYTE_CHUNK:
                    yield bytes(buffer)
                    buffer.clear()
            if buffer:
                yield bytes(buffer)


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


def stream_csv(export: Export, *, use_copy: bool | None = None) -> Iterator[bytes]:
    """The export as CSV bytes, chunk by chunk, in constant memory; the same bytes on
    every call. ``use_copy`` forces a path (tests compare both)."""
    if use_copy is None:
        use_copy = uses_copy()
    if use_copy:
        return _copy_chunks(export)
    return iter_csv(export_rows(export))


def csv_filename(export: Export) -> str:
    return f"declaraties-{export_reference(export)}.csv"


def export_reference(export: Export) -> str:
    return f"MGN-E{export.pk:06d}"
