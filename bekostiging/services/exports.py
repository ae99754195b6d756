"""An insurer's exports (R-BK-4): making one (a fixed set of lines), marking it processed,
and the job that makes its XLSX or GDS-shaped XML file (the CSV is streamed on download,
services/exports_csv.py)."""

import logging
import shutil
import tempfile
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from bekostiging.constants import INSURER_STATUSES, ExportFormat, RegelStatus, Soort
from bekostiging.models import Export, ExportRegel
from bekostiging.selectors.declaraties import regels_for_insurer
from bekostiging.selectors.exports import export_regels
from bekostiging.services.exports_csv import (
    CSV_HEADER,
    export_reference,
    export_rows,
    format_row,
)
from mgn.jobs.constants import JobStatus
from mgn.jobs.outbox import enqueue_on_commit
from mgn.jobs.runner import Progress, job_progress, job_run
from networks.models import Network, Organisation

logger = logging.getLogger(__name__)


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
    lines = regels_for_insurer(user, insurer).filter(
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
        requested_by=user,
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
        export.status, export.progress = JobStatus.KLAAR, 100
        fields += ["status", "progress"]
    export.save(update_fields=fields)
    if format != ExportFormat.CSV:
        from bekostiging.tasks import render_export  # the task module imports this one

        enqueue_on_commit(render_export, export.pk)
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


# --- Files made by the task (XLSX, XML) --------------------------------------------------

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
XLSX_SHEET = "Declaratieregels"
PROGRESS_EVERY = 5000
XLSX_DATE_COLUMNS = (5, 7, 12)
XLSX_MONEY_COLUMNS = (8, 9)


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


def write_xlsx(export: Export, target, *, progress: Progress | None = None) -> None:
    """The export as one sheet with the CSV's columns (write-only mode, constant memory):
    numbers as numbers, dates as dates, text guarded like the CSV. ``progress`` (default:
    stored on the export) hears how far it got."""
    if progress is None:

        def progress(value: int) -> None:
            job_progress(export, value)

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
            progress(10 + int(80 * count / total))
    with tempfile.TemporaryFile() as raw:
        # Not workbook.save(): openpyxl's save_workbook stamps "modified" with the current
        # time, so a file made again later would differ. Its writer keeps our moment.
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(workbook, archive).save()
        raw.seek(0)
        normalise_zip(raw, target)


def file_name(export: Export) -> str:
    suffix = {ExportFormat.XLSX: "xlsx", ExportFormat.XML: "zip"}[ExportFormat(export.format)]
    return f"declaraties-{export_reference(export)}.{suffix}"


def _render_file(export: Export, progress: Progress) -> tuple[str, IO[bytes]]:
    """The export's XLSX or ZIP of XML messages, in a temporary file (job_run stores it)."""
    from bekostiging.services import gds

    handle = tempfile.TemporaryFile()  # noqa: SIM115 (job_run closes it once stored)
    try:
        if export.format == ExportFormat.XLSX:
            write_xlsx(export, handle, progress=progress)
        else:
            gds.write_messages(export, handle, progress=progress)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return file_name(export), handle


def export_render(*, export_id: int) -> Export:
    """Make and store the export's file (XLSX or the XML messages) privately with its
    SHA-256, once: a second run of a finished export whose file is stored changes nothing
    (the file is not read again to check it: it can be hundreds of megabytes)."""
    export = Export.objects.select_related("insurer", "network").get(pk=export_id)
    if export.format == ExportFormat.CSV:
        return export
    job_run(export, render=_render_file, start_progress=5, verify=False)
    logger.info("Export %s rendered (%s)", export.pk, export.format)
    return export
