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

import hashlib
import logging
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count, Q, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn.jobs.constants import JobStatus
from networks.models import Network, Organisation

from . import selectors
from .constants import ExportFormat, RegelStatus, Soort
from .models import Declaratieregel, Export, ExportRegel, reference_for

logger = logging.getLogger(__name__)

DELIMITER = ";"
LINE_END = "\n"
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
    ("functie", "Functie: vg, transfer, wachttijden, casusoverleg, coordinatie, o-en-i"),
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
# Formula-guarded: BSN, policy number and prestatiecode (typed in by people). The UZOVI and
# AGB codes are digits by database constraint; the function is one of our choices.
TEXT_COLUMNS = (3, 4, 6)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# States an insurer sees and exports: concept lines are the declarant's drafts.
INSURER_STATUSES = [
    RegelStatus.KLAAR,
    RegelStatus.GEEXPORTEERD,
    RegelStatus.GEACCEPTEERD,
    RegelStatus.AFGEWEZEN,
]
ROW_CHUNK = 5000  # rows per database round trip (Python path)
BYTE_CHUNK = 64 * 1024  # bytes per yielded chunk


# --- CSV ---------------------------------------------------------------------------------


def _guard(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _field(text: str) -> str:
    if ";" in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _money(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    if not value:
        value = abs(value)  # no "-0.00"
    return f"{value:.2f}"


def _iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # SQLite via raw values
        return value[:10]
    return value.isoformat()


def format_row(values) -> list[str]:
    """One line's values (EXPORT_VALUES order) as the CSV's texts (CSV_COLUMNS order)."""
    (pk, uzovi, agb, bsn, policy, dob, code, day, tariff, amount, credit_of, function, end) = values
    return [
        reference_for(pk),
        uzovi or "",
        agb or "",
        _guard(bsn or ""),
        _guard(policy or ""),
        _iso(dob),
        _guard(code or ""),
        _iso(day),
        _money(tariff),
        _money(amount),
        reference_for(credit_of) if credit_of is not None else "",
        function or "",
        _iso(end),
    ]


def _line(texts: Iterable[str]) -> str:
    return DELIMITER.join(_field(t) for t in texts) + LINE_END


def header_bytes() -> bytes:
    return _line(CSV_HEADER).encode(ENCODING)


def iter_csv(rows: Iterable) -> Iterator[bytes]:
    """The header and then every row (tuples in EXPORT_VALUES order) as CSV bytes, in
    chunks of about BYTE_CHUNK: memory stays constant whatever the number of rows."""
    buffer: list[str] = [_line(CSV_HEADER)]
    size = 0
    for values in rows:
        text = _line(format_row(values))
        buffer.append(text)
        size += len(text)
        if size >= BYTE_CHUNK:
            yield "".join(buffer).encode(ENCODING)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode(ENCODING)


def export_regels(export: Export):
    """The export's lines, by id (the fixed set chosen when it was made)."""
    return Declaratieregel.objects.filter(
        pk__in=ExportRegel.objects.filter(export=export).values("regel_id")
    ).order_by("pk")


def export_rows(export: Export) -> Iterator[tuple]:
    """The export's lines as EXPORT_VALUES tuples, from a chunked (server-side on
    PostgreSQL) cursor, in line id order."""
    return export_regels(export).values_list(*EXPORT_VALUES).iterator(chunk_size=ROW_CHUNK)


# The same bytes as format_row/_line, made by PostgreSQL. Text columns are guarded like
# _guard and empty text becomes NULL (COPY writes NULL as nothing and quotes only what
# holds the delimiter, a quote, CR or LF, exactly as _field does). The UZOVI and AGB codes
# are the line's own copies, so there is no join to the organisations. Dates are
# ``::text`` under DateStyle ISO (checked per connection in _copy_chunks). Cheap
# expressions only: the bench holds this to at least half a raw COPY's throughput.
def _sql_text(column: str) -> str:
    # ascii() of = + - @ tab CR
    return (
        f"CASE WHEN {column} = '' THEN NULL "
        f"WHEN ascii({column}) IN (61, 43, 45, 64, 9, 13) THEN '''' || {column} "
        f"ELSE {column} END"
    )


def _sql_reference(column: str) -> str:
    # reference_for(): MGN and at least nine digits; NULL stays NULL.
    return (
        f"CASE WHEN {column} < 1000000000 THEN to_char({column}, 'FM\"MGN\"000000000') "
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
    r.date_of_birth::text,
    {_sql_text("r.prestatiecode")},
    r.service_date::text,
    r.tariff::text,
    r.amount::text,
    {_sql_reference("r.credit_of_id")},
    r.function,
    r.period_end::text
FROM bekostiging_exportregel e
JOIN bekostiging_declaratieregel r ON r.id = e.regel_id
WHERE e.export_id = %s
ORDER BY r.id
"""  # noqa: S608
COPY_SQL = f"COPY ({COPY_SELECT}) TO STDOUT WITH (FORMAT csv, DELIMITER ';', NULL '')"


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


# --- Creating and marking ----------------------------------------------------------------


def _clean_statuses(statuses) -> list[str]:
    chosen = [s for s in INSURER_STATUSES if s in set(statuses or [])]
    if not chosen:
        raise ValidationError({"statuses": [_("Kies ten minste één status.")]})
    return [str(s) for s in chosen]


@transaction.atomic
def export_create(
    *,
    user,
    network: Network,
    insurer: Organisation,
    period_start: date,
    period_end: date,
    statuses,
    format: str,
) -> Export:
    """R-BK-4: an export of the insurer's own lines (insurer = its organisation, in a
    network the user may see) with a date in the period and one of the states. The set
    of lines is fixed at once (one INSERT … SELECT); XLSX and XML files are made by the
    Celery task after this transaction commits. Http404 when the user does not act for
    the insurer."""
    errors = {}
    if period_end < period_start:
        errors["period_end"] = [_("De periode eindigt vóór zij begint.")]
    if format not in ExportFormat.values:
        errors["format"] = [_("Onbekend formaat.")]
    try:
        statuses = _clean_statuses(statuses)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    lines = selectors.regels_for_insurer(user, insurer).filter(
        network=network,
        service_date__gte=period_start,
        service_date__lte=period_end,
        status__in=statuses,
    )
    if format == ExportFormat.XML:
        # 573 carries person-bound lines only; lumpsum terms go via CSV, XLSX or the API.
        lines = lines.filter(soort=Soort.VG)
        if not lines.exists():
            raise ValidationError(
                {
                    "format": [
                        _(
                            "Geen verkennende gesprekken in deze selectie: het XML-bericht "
                            "bevat alleen persoonsgebonden regels. Lumpsumtermijnen staan in "
                            "CSV en XLSX."
                        )
                    ]
                }
            )
    export = Export.objects.create(
        network=network,
        insurer=insurer,
        format=format,
        period_start=period_start,
        period_end=period_end,
        statuses=statuses,
        created_by=user,
    )
    select = lines.order_by().annotate(_export=Value(export.pk)).values_list("_export", "pk")
    sql, params = select.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ExportRegel._meta.db_table} (export_id, regel_id) {sql}",  # noqa: S608
            params,
        )
    totals = ExportRegel.objects.filter(export=export).aggregate(
        n=Count("pk"), total=Sum("regel__amount")
    )
    export.line_count = totals["n"] or 0
    export.total_amount = totals["total"] or Decimal("0.00")
    fields = ["line_count", "total_amount"]
    if format == ExportFormat.CSV:  # streamed on download: nothing to make
        export.job_status, export.progress = JobStatus.KLAAR, 100
        fields += ["job_status", "progress"]
    export.save(update_fields=fields)
    if format != ExportFormat.CSV:
        from .export_tasks import render_export  # the task module imports this one

        transaction.on_commit(lambda: render_export.delay(export.pk))
    return export


@transaction.atomic
def export_mark(*, export: Export, user) -> int:
    """The insurer has processed the export: its klaar lines become geexporteerd (one
    UPDATE). Idempotent: marking again moves nothing and keeps the first date."""
    moved = (
        export_regels(export)
        .filter(status=RegelStatus.KLAAR)
        .update(status=RegelStatus.GEEXPORTEERD, status_changed_at=timezone.now())
    )
    if export.marked_at is None:
        export.marked_at, export.marked_by = timezone.now(), user
        Export.objects.filter(pk=export.pk, marked_at__isnull=True).update(
            marked_at=export.marked_at, marked_by=user
        )
    return moved


def export_totals(queryset) -> dict:
    """Number of lines, sum of debits, sum of credits (negative) and the net total."""
    totals = queryset.aggregate(
        count=Count("pk"),
        debit=Sum("amount", filter=Q(credit_of__isnull=True)),
        credit=Sum("amount", filter=Q(credit_of__isnull=False)),
    )
    debit = totals["debit"] or Decimal("0.00")
    credit = totals["credit"] or Decimal("0.00")
    return {"count": totals["count"], "debit": debit, "credit": credit, "net": debit + credit}


# --- Files made by the task (XLSX, XML) --------------------------------------------------

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
XLSX_SHEET = "Declaratieregels"
PROGRESS_EVERY = 5000
ERROR_MAX_LENGTH = 2000
XLSX_DATE_COLUMNS = (5, 7, 12)
XLSX_MONEY_COLUMNS = (8, 9)


def _progress(export: Export, value: int) -> None:
    Export.objects.filter(pk=export.pk).update(progress=value)
    export.progress = value


def fixed_moment(export: Export) -> datetime:
    """The export's own moment (its creation), used wherever a file records a time, so
    the same export always gives the same bytes."""
    created = timezone.localtime(export.created_at) if export.created_at else None
    if created is None:
        return datetime.combine(export.period_end, time())
    return created.replace(microsecond=0, tzinfo=None)


def normalise_zip(source, target) -> None:
    """Copy a ZIP with fixed entry dates and order, so identical content gives identical
    bytes (openpyxl stamps the current time on every entry)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for name in zin.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            with zin.open(name) as src, zout.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)


def write_xlsx(export: Export, target) -> None:
    """The export as one sheet with the CSV's columns (write-only mode, constant memory):
    numbers as numbers, dates as dates, text guarded like the CSV."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    moment = fixed_moment(export)
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "MGN Coördinatie"
    workbook.properties.lastModifiedBy = "MGN Coördinatie"
    workbook.properties.title = f"Declaraties {export_reference(export)}"
    workbook.properties.created = moment
    workbook.properties.modified = moment
    sheet = workbook.create_sheet(XLSX_SHEET)
    sheet.freeze_panes = "A2"
    header = []
    for name in CSV_HEADER:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    total = max(export.line_count, 1)
    for count, values in enumerate(export_rows(export), start=1):
        row = format_row(values)
        for index in XLSX_DATE_COLUMNS:  # EXPORT_VALUES and CSV_COLUMNS share the order
            row[index] = values[index]
        for index in XLSX_MONEY_COLUMNS:
            cell = WriteOnlyCell(sheet, value=Decimal(values[index]))
            cell.number_format = "0.00"
            row[index] = cell
        sheet.append(row)
        if count % PROGRESS_EVERY == 0:
            _progress(export, 10 + int(80 * count / total))
    with tempfile.TemporaryFile() as raw:
        # Not workbook.save(): openpyxl's save_workbook stamps "modified" with the current
        # time, so a file made again later would differ. Its writer keeps our moment.
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(workbook, archive).save()
        raw.seek(0)
        normalise_zip(raw, target)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def file_name(export: Export) -> str:
    suffix = {ExportFormat.XLSX: "xlsx", ExportFormat.XML: "zip"}[ExportFormat(export.format)]
    return f"declaraties-{export_reference(export)}.{suffix}"


def _file_matches(export: Export) -> bool:
    return bool(export.file and export.checksum and default_storage.exists(export.file.name))


def export_render(*, export_id: int) -> Export:
    """Make and store the export's file (XLSX or the XML messages) privately with its
    SHA-256, once: a second run of a finished export changes nothing."""
    from . import gds

    export = Export.objects.select_related("insurer", "network").get(pk=export_id)
    if export.format == ExportFormat.CSV:
        return export
    if export.job_status == JobStatus.KLAAR and _file_matches(export):
        return export
    Export.objects.filter(pk=export.pk).update(job_status=JobStatus.BEZIG, progress=5, error="")
    export.job_status, export.progress, export.error = JobStatus.BEZIG, 5, ""
    with tempfile.TemporaryFile() as handle:
        if export.format == ExportFormat.XLSX:
            write_xlsx(export, handle)
        else:
            gds.write_messages(export, handle, progress=lambda v: _progress(export, v))
        checksum = _sha256(handle)
        name = export.file.field.generate_filename(export, file_name(export))
        if export.file and default_storage.exists(export.file.name):
            default_storage.delete(export.file.name)
        if default_storage.exists(name):  # a previous run got this far; same input
            default_storage.delete(name)
        export.file.name = default_storage.save(name, File(handle))
    export.checksum = checksum
    export.job_status, export.progress, export.error = JobStatus.KLAAR, 100, ""
    export.save(update_fields=["file", "checksum", "job_status", "progress", "error"])
    logger.info("Export %s rendered (%s)", export.pk, export.format)
    return export


def export_mark_failed(*, export_id: int, error: str) -> None:
    """The task gave up (retries spent): the page says so."""
    Export.objects.filter(pk=export_id).exclude(job_status=JobStatus.KLAAR).update(
        job_status=JobStatus.MISLUKT, error=error[:ERROR_MAX_LENGTH]
    )
