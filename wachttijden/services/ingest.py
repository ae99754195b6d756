"""What providers deliver (function III): waiting lists (R-WT-1), free intake places per
week (R-WT-5) and the monthly waiting-time figures they already publish (R-WT-8).

Waiting lists and monthly figures are all or nothing: every row is checked, every
problem is reported as ``{line, field, reason}`` (the file's own line numbers, the
header is line 1), and only a file without problems changes anything. The layouts are
documented in docs/wachtlijst-csv.md.

A BSN lives only as long as its row is being checked: it is turned into the region's
keyed pseudonym at once and is never stored, logged, or repeated in an error. The
uploaded file is read from memory (the views never let Django spill it to disk).
"""

import csv
import io
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from stdnum.nl import bsn as stdnum_bsn

from networks.models import Gemeente, Organisation
from wachttijden import pseudonym
from wachttijden.constants import AanbodDomain, EntryStatus, UploadSource, Urgency
from wachttijden.models import (
    Aanbod,
    Hoofddiagnosegroep,
    IntakeSlots,
    WachtlijstUpload,
    Wachtplek,
    WachttijdOpgave,
    Zorgvraagtype,
)
from wachttijden.selectors import provider_ids_for_user

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 32 * 1024 * 1024  # 50,000 rows with pseudonyms are about 7 MB
INSERT_BATCH = 5000  # bulk_create batch where COPY is not available (SQLite)
SLOT_WEEKS = 12  # the slots page shows this many weeks from the current one
SLOT_WEEKS_AHEAD = 52  # the API may publish this far ahead
MAX_SLOTS = 32767  # IntakeSlots.available is a PositiveSmallIntegerField

# The waiting-list layout (docs/wachtlijst-csv.md).
BSN, PSEUDONIEM = "bsn", "pseudoniem"
WACHTLIJST_COLUMNS = (
    BSN,
    PSEUDONIEM,
    "aanmelddatum",
    "intakedatum",
    "startdatum_behandeling",
    "urgentie",
    "zorgvraagtype",
    "hoofddiagnosegroep",
    "woongemeente",
    "status",
)
URGENTIE = {
    "crisis": Urgency.CRISIS,
    "hoog": Urgency.HOOG,
    "normaal": Urgency.NORMAAL,
    **{value: value for value in Urgency.values},
}
STATUS = {value: value for value in EntryStatus.values}

# The monthly figures layout (docs/wachtlijst-csv.md).
OPGAVE_COLUMNS = (
    "aanbieder_agb",
    "vestiging",
    "vestiging_agb",
    "maand",
    "hoofddiagnosegroep",
    "aanmeldingswachttijd_weken",
    "behandelingswachttijd_weken",
    "wachtenden_binnen_treeknorm",
    "wachtenden_buiten_treeknorm",
)
OPGAVE_REQUIRED = (
    "aanbieder_agb",
    "vestiging",
    "maand",
    "aanmeldingswachttijd_weken",
    "behandelingswachttijd_weken",
)

_DIGITS_RUN = re.compile(r"[0-9]{8}")
_NL_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_AGB = re.compile(r"[0-9]{8}")
_CBS = re.compile(r"GM[0-9]{4}")


def _error(line: int, column: str, reason: str) -> dict:
    return {"line": line, "field": column, "reason": str(reason)}


def _shown(value: str) -> str:
    """A cell's value for an error message, unless it could be a BSN in the wrong column."""
    if _DIGITS_RUN.search(value):
        return _("(waarde niet getoond)")
    return f"'{value[:40]}'"


# Reading a table ----------------------------------------------------------------------
class _Table:
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
                self.errors.append(_error(index, "", _("Een rij is een object met velden.")))
                continue
            row = {}
            for position, (key, value) in enumerate(record.items(), start=1):
                name = str(key).strip().lower()
                if name not in self.known:
                    self.errors.append(
                        _error(index, _column_name(name, position), _("Onbekend veld."))
                    )
                    continue
                if value is None or value == "":
                    row[name] = ""
                elif isinstance(value, str):
                    row[name] = value.strip()
                elif isinstance(value, int) and not isinstance(value, bool):
                    row[name] = str(value)
                else:
                    self.errors.append(_error(index, name, _("Verwacht tekst of een getal.")))
            yield index, row

    def _csv_rows(self):
        text = self._text
        first = text.readline()
        if first.startswith("\ufeff"):
            first = first[1:]
        if not first.strip():
            self.errors.append(
                _error(1, "", _("Het bestand is leeg of begint met een lege regel."))
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
                _error(
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
                    _error(
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
                    _error(line, "", _("Deze regel bevat tekens die geen UTF-8 zijn."))
                )
                continue
            yield line, row

    def _check_header(self, header: list[str]) -> bool:
        for name, count in Counter(header).items():
            if count > 1 and name in self.known:
                self.errors.append(_error(1, name, _("Deze kolom staat meer dan eens in de kop.")))
        for index, name in enumerate(header, start=1):
            if name not in self.known:
                self.errors.append(
                    _error(
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
                self.errors.append(_error(1, name, _("Deze kolom ontbreekt in de kop.")))
        if self.header_check is not None:
            self.errors += self.header_check(self.columns)
        return not self.errors


def _column_name(name: str, index: int) -> str:
    """An unknown column's name for a report; a file without a header has data there, so
    anything that could be a BSN is replaced by the column's position."""
    if not name or _DIGITS_RUN.search(name):
        return _("kolom %d") % index
    return name[:40]


def _chain_first(first: str, rest) -> Iterator[str]:
    yield first
    yield from rest


# Parsing cells ------------------------------------------------------------------------
def _parse_date(value: str) -> date | None:
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


def _parse_decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# Waiting lists (R-WT-1) ---------------------------------------------------------------
@dataclass
class _Lookups:
    """Reference data for one upload, read once."""

    zorgvraagtypes: dict[str, int]
    hoofddiagnosegroepen: dict[str, int]
    gemeenten: dict[str, int]

    @classmethod
    def load(cls) -> "_Lookups":
        return cls(
            zorgvraagtypes={
                str(number): pk for pk, number in Zorgvraagtype.objects.values_list("pk", "number")
            },
            hoofddiagnosegroepen={
                code.lower(): pk
                for pk, code in Hoofddiagnosegroep.objects.values_list("pk", "code")
            },
            gemeenten={code: pk for pk, code in Gemeente.objects.values_list("pk", "cbs_code")},
        )


# One waiting-list row as it is stored: pseudonym, gemeente, registered, intake, start,
# urgency, zorgvraagtype, hoofddiagnosegroep, status.
_Entry = tuple[str, int | None, date, date | None, date | None, str, int | None, int | None, str]


class _WachtlijstChecker:
    """Checks one row at a time; keeps only pseudonyms (for duplicates), never a BSN."""

    def __init__(self, *, aanbod: Aanbod, lookups: _Lookups, today: date):
        self.key = pseudonym.region_key(aanbod.region.code)
        self.zvt_required = aanbod.domain == AanbodDomain.GGZ
        self.lookups = lookups
        self.today = today
        self.seen: dict[str, int] = {}
        self.errors: list[dict] = []

    def header_errors(self, columns: frozenset[str]) -> list[dict]:
        errors = []
        if BSN not in columns and PSEUDONIEM not in columns:
            errors.append(_error(1, BSN, _("De kop heeft geen kolom bsn of pseudoniem.")))
        if self.zvt_required and "zorgvraagtype" not in columns:
            errors.append(_error(1, "zorgvraagtype", _("Deze kolom is verplicht bij ggz-aanbod.")))
        return errors

    @sensitive_variables("row")
    def check(self, line: int, row: dict[str, str]) -> _Entry | None:
        errors = self.errors
        before = len(errors)
        person = self._person(line, row.get(BSN, ""), row.get(PSEUDONIEM, ""))
        registered = self._date(line, row, "aanmelddatum", required=True)
        intake = self._date(line, row, "intakedatum")
        start = self._date(line, row, "startdatum_behandeling")
        if registered and intake and intake < registered:
            errors.append(
                _error(line, "intakedatum", _("De intakedatum ligt vóór de aanmelddatum."))
            )
        if start and not intake and not row.get("intakedatum"):
            errors.append(
                _error(
                    line,
                    "startdatum_behandeling",
                    _("Een startdatum behandeling vraagt ook een intakedatum."),
                )
            )
        elif start and intake and start < intake:
            errors.append(
                _error(
                    line,
                    "startdatum_behandeling",
                    _("De startdatum behandeling ligt vóór de intakedatum."),
                )
            )
        urgency = self._choice(line, row, "urgentie", URGENTIE, required=True)
        zvt = self._lookup(
            line, row, "zorgvraagtype", self.lookups.zorgvraagtypes, required=self.zvt_required
        )
        hdg = self._lookup(line, row, "hoofddiagnosegroep", self.lookups.hoofddiagnosegroepen)
        gemeente = self._gemeente(line, row.get("woongemeente", ""))
        status = self._status(line, row, intake=intake, start=start)
        if len(errors) > before or person is None or registered is None:
            return None
        return (person, gemeente, registered, intake, start, urgency, zvt, hdg, status)

    @sensitive_variables("bsn_value", "compact")
    def _person(self, line: int, bsn_value: str, given: str) -> str | None:
        if bsn_value and given:
            self.errors.append(_error(line, BSN, _("Vul bsn óf pseudoniem in, niet allebei.")))
            return None
        if bsn_value:
            try:
                compact = stdnum_bsn.validate(bsn_value)
            except Exception:  # stdnum raises several ValidationError subclasses
                self.errors.append(
                    _error(line, BSN, _("Geen geldig BSN (9 cijfers die de elfproef doorstaan)."))
                )
                return None
            value, column = pseudonym.pseudonymise(compact, region_code="", key=self.key), BSN
        elif given:
            value, column = given.lower(), PSEUDONIEM
            if not pseudonym.is_pseudonym(value):
                self.errors.append(
                    _error(
                        line,
                        PSEUDONIEM,
                        _("Een pseudoniem bestaat uit 64 hexadecimale tekens (HMAC-SHA256)."),
                    )
                )
                return None
        else:
            self.errors.append(_error(line, BSN, _("Vul een bsn of een pseudoniem in.")))
            return None
        first = self.seen.setdefault(value, line)
        if first != line:
            self.errors.append(
                _error(
                    line,
                    column,
                    _("Deze persoon staat al op regel %d van dit bestand.") % first,
                )
            )
            return None
        return value

    def _date(self, line: int, row: dict, column: str, *, required: bool = False) -> date | None:
        value = row.get(column, "")
        if not value:
            if required:
                self.errors.append(_error(line, column, _("Verplicht.")))
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.errors.append(
                _error(
                    line,
                    column,
                    _("Geen datum (JJJJ-MM-DD of DD-MM-JJJJ): %s.") % _shown(value),
                )
            )
        elif parsed > self.today:
            self.errors.append(_error(line, column, _("Deze datum ligt in de toekomst.")))
            return None
        return parsed

    def _choice(self, line, row, column, choices, *, required=False) -> str:
        value = row.get(column, "").lower()
        if not value:
            if required:
                self.errors.append(_error(line, column, _("Verplicht.")))
            return ""
        if value not in choices:
            self.errors.append(
                _error(
                    line,
                    column,
                    _("Onbekende waarde %(value)s; kies uit %(choices)s.")
                    % {
                        "value": _shown(value),
                        "choices": ", ".join(c for c in choices if not c[0].isdigit()),
                    },
                )
            )
            return ""
        return choices[value]

    def _lookup(self, line, row, column, table, *, required=False) -> int | None:
        value = row.get(column, "").lower()
        if not value:
            if required:
                self.errors.append(_error(line, column, _("Verplicht bij ggz-aanbod.")))
            return None
        pk = table.get(value)
        if pk is None:
            self.errors.append(_error(line, column, _("Onbekende code %s.") % _shown(value)))
        return pk

    def _gemeente(self, line: int, value: str) -> int | None:
        if not value:
            return None
        code = value.upper()
        pk = self.lookups.gemeenten.get(code)
        if pk is None:
            reason = (
                _("Onbekende CBS-gemeentecode %s.") % _shown(code)
                if _CBS.fullmatch(code)
                else _("Een CBS-gemeentecode is GM gevolgd door 4 cijfers, zoals GM0363.")
            )
            self.errors.append(_error(line, "woongemeente", reason))
        return pk

    def _status(self, line, row, *, intake, start) -> str:
        status = self._choice(line, row, "status", STATUS)
        if not status:
            if row.get("status"):
                return ""  # reported by _choice
            if start:
                return EntryStatus.BEHANDELING
            return EntryStatus.INTAKE if intake else EntryStatus.AANMELDING
        reason = None
        if status == EntryStatus.AANMELDING and (intake or start):
            reason = _("Status aanmelding, maar er is al een intakedatum of startdatum.")
        elif status == EntryStatus.INTAKE and (not intake or start):
            reason = _("Status intake vraagt een intakedatum en nog geen startdatum.")
        elif status == EntryStatus.BEHANDELING and not start:
            reason = _("Status behandeling vraagt een startdatum behandeling.")
        if reason:
            self.errors.append(_error(line, "status", reason))
        return status


@sensitive_variables("rows", "table")
def wachtlijst_upload(
    *,
    aanbod: Aanbod,
    user,
    rows,
    source: str = UploadSource.CSV,
    filename: str = "",
    today: date | None = None,
) -> WachtlijstUpload:
    """Replace the provider's waiting list for ``aanbod`` with ``rows`` (R-WT-1).

    ``rows`` is a CSV (text, bytes or a text/binary stream) or an iterable of dicts with
    the same field names. Every row is checked; with any problem nothing changes and the
    upload is recorded with ``accepted=False`` and each problem in ``errors``. Otherwise
    the offer's current rows are replaced by the new ones in one transaction. BSNs become
    the region's keyed pseudonym at once and are never stored.
    """
    today = today or timezone.localdate()
    checker = _WachtlijstChecker(aanbod=aanbod, lookups=_Lookups.load(), today=today)
    table = _Table(
        rows,
        known=WACHTLIJST_COLUMNS,
        required=("aanmelddatum", "urgentie"),
        header_check=checker.header_errors,
    )
    entries: list[_Entry] = []
    for line, row in table.rows():
        entry = checker.check(line, row)
        if entry is not None:
            entries.append(entry)
    errors = table.errors + checker.errors
    if not table.rows_total and not errors:
        errors.append(_error(1, "", _("Het bestand bevat geen regels onder de kop.")))
    errors.sort(key=lambda e: e["line"])
    upload_fields = {
        "aanbod": aanbod,
        "provider_id": aanbod.provider_id,
        "uploaded_by": user,
        "source": source,
        "filename": (filename or "")[:200],
    }
    if errors:
        upload = WachtlijstUpload.objects.create(
            **upload_fields, accepted=False, rows_total=table.rows_total, errors=errors
        )
        logger.info(
            "Waiting list for aanbod %s refused: %d problems (upload %s)",
            aanbod.pk,
            len(errors),
            upload.pk,
        )
        return upload
    with transaction.atomic():
        # One upload per offer at a time: the second waits for the first to commit.
        Aanbod.objects.select_for_update().filter(pk=aanbod.pk).values_list("pk").first()
        upload = WachtlijstUpload.objects.create(
            **upload_fields, accepted=True, rows_total=len(entries), errors=[]
        )
        Wachtplek.objects.filter(aanbod=aanbod).delete()
        _insert_wachtplekken(aanbod, upload, entries)
    upload.status_counts = dict(Counter(entry[8] for entry in entries))
    logger.info(
        "Waiting list for aanbod %s replaced: %d rows (upload %s)",
        aanbod.pk,
        len(entries),
        upload.pk,
    )
    return upload


_COPY_FIELDS = (
    "aanbod",
    "provider",
    "region",
    "upload",
    "pseudonym",
    "gemeente",
    "registered_on",
    "intake_on",
    "treatment_start_on",
    "urgency",
    "zorgvraagtype",
    "hoofddiagnosegroep",
    "status",
)


def _insert_wachtplekken(aanbod: Aanbod, upload: WachtlijstUpload, entries: list[_Entry]):
    """COPY on PostgreSQL (50,000 rows in well under a second); bulk_create elsewhere."""
    fixed = (aanbod.pk, aanbod.provider_id, aanbod.region_id, upload.pk)
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        columns = ", ".join(quote(Wachtplek._meta.get_field(f).column) for f in _COPY_FIELDS)
        sql = f"COPY {quote(Wachtplek._meta.db_table)} ({columns}) FROM STDIN"  # noqa: S608
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for entry in entries:
                copy.write_row(fixed + entry)
        return
    Wachtplek.objects.bulk_create(
        (
            Wachtplek(
                aanbod_id=aanbod.pk,
                provider_id=aanbod.provider_id,
                region_id=aanbod.region_id,
                upload=upload,
                pseudonym=e[0],
                gemeente_id=e[1],
                registered_on=e[2],
                intake_on=e[3],
                treatment_start_on=e[4],
                urgency=e[5],
                zorgvraagtype_id=e[6],
                hoofddiagnosegroep_id=e[7],
                status=e[8],
            )
            for e in entries
        ),
        batch_size=INSERT_BATCH,
    )


def upload_status_counts(upload: WachtlijstUpload) -> dict[str, int]:
    """How many of an accepted upload's rows are still on the list, per status (one query);
    empty once a later upload replaced them."""
    rows = (
        Wachtplek.objects.filter(upload=upload)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


# Intake slots (R-WT-5) ----------------------------------------------------------------
def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def slot_weeks(today: date | None = None, count: int = SLOT_WEEKS) -> list[date]:
    """The Mondays of the current week and the ``count - 1`` weeks after it."""
    first = week_start(today or timezone.localdate())
    return [first + timedelta(weeks=n) for n in range(count)]


def intake_slots_publish(
    *,
    aanbod: Aanbod,
    weeks: dict[date, int | None],
    replace: bool = False,
    today: date | None = None,
) -> None:
    """Publish free intake places per week (R-WT-5). A week with ``None`` is withdrawn;
    with ``replace`` every published week from the current one on that is not in
    ``weeks`` is withdrawn too. Weeks start on Monday, from the current week up to a
    year ahead. Raises ValidationError keyed by the week's ISO date."""
    first = week_start(today or timezone.localdate())
    last = first + timedelta(weeks=SLOT_WEEKS_AHEAD)
    problems: dict[str, list[str]] = {}
    for week, available in weeks.items():
        key = week.isoformat()
        if week.weekday() != 0:
            problems.setdefault(key, []).append(_("Een week begint op maandag."))
        elif not first <= week <= last:
            problems.setdefault(key, []).append(
                _("Kies een week van deze week tot een jaar vooruit.")
            )
        if available is not None and not 0 <= available <= MAX_SLOTS:
            problems.setdefault(key, []).append(
                _("Vul een aantal van 0 tot en met %d in.") % MAX_SLOTS
            )
    if problems:
        raise ValidationError(problems)
    publish = [
        IntakeSlots(aanbod=aanbod, week_start=week, available=available)
        for week, available in sorted(weeks.items())
        if available is not None
    ]
    withdraw = [week for week, available in weeks.items() if available is None]
    with transaction.atomic():
        current = IntakeSlots.objects.filter(aanbod=aanbod)
        if replace:
            current.filter(week_start__gte=first).exclude(
                week_start__in=[slot.week_start for slot in publish]
            ).delete()
        if withdraw:
            current.filter(week_start__in=withdraw).delete()
        IntakeSlots.objects.bulk_create(
            publish,
            update_conflicts=True,
            unique_fields=["aanbod", "week_start"],
            update_fields=["available", "updated_at"],
        )


# Monthly figures (R-WT-8) -------------------------------------------------------------
@dataclass
class OpgaveImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.errors


class _OpgaveChecker:
    def __init__(self, *, user, today: date):
        providers = Organisation.objects.filter(
            pk__in=provider_ids_for_user(user), agb_code__isnull=False
        ).select_related("gemeente")
        self.providers = {org.agb_code: org for org in providers}
        self.regions_at: dict[tuple[int, str], set[int]] = {}
        self.regions_of: dict[int, set[int]] = {}
        for provider_id, location, region_id in Aanbod.objects.filter(
            provider__in=self.providers.values()
        ).values_list("provider_id", "location_name", "region_id"):
            key = (provider_id, location.strip().lower())
            self.regions_at.setdefault(key, set()).add(region_id)
            self.regions_of.setdefault(provider_id, set()).add(region_id)
        self.hdg = {
            code.lower(): pk for pk, code in Hoofddiagnosegroep.objects.values_list("pk", "code")
        }
        self.this_month = today.replace(day=1)
        self.seen: dict[tuple, int] = {}
        self.errors: list[dict] = []

    def check(self, line: int, row: dict[str, str]) -> dict | None:
        before = len(self.errors)
        provider = self._provider(line, row.get("aanbieder_agb", ""))
        location = row.get("vestiging", "")
        max_location = WachttijdOpgave._meta.get_field("location").max_length
        if not location:
            self._fail(line, "vestiging", _("Verplicht."))
        elif len(location) > max_location:
            self._fail(line, "vestiging", _("Hooguit %d tekens.") % max_location)
        location_agb = row.get("vestiging_agb", "")
        if location_agb and (not _AGB.fullmatch(location_agb) or location_agb == "00000000"):
            self._fail(line, "vestiging_agb", _("Een AGB-code bestaat uit precies 8 cijfers."))
        month = self._month(line, row.get("maand", ""))
        hdg = None
        if row.get("hoofddiagnosegroep"):
            hdg = self.hdg.get(row["hoofddiagnosegroep"].lower())
            if hdg is None:
                self._fail(
                    line,
                    "hoofddiagnosegroep",
                    _("Onbekende code %s.") % _shown(row["hoofddiagnosegroep"]),
                )
        aanmeld = self._weeks(line, row, "aanmeldingswachttijd_weken")
        behandel = self._weeks(line, row, "behandelingswachttijd_weken")
        within = self._count(line, row, "wachtenden_binnen_treeknorm")
        outside = self._count(line, row, "wachtenden_buiten_treeknorm")
        region = self._region(line, provider, location) if provider and location else None
        if len(self.errors) > before:
            return None
        key = (provider.pk, location, month, hdg)
        first = self.seen.setdefault(key, line)
        if first != line:
            self._fail(
                line,
                "maand",
                _("Deze vestiging, maand en hoofddiagnosegroep staan al op regel %d.") % first,
            )
            return None
        return {
            "provider_id": provider.pk,
            "region_id": region,
            "location": location,
            "location_agb": location_agb,
            "month": month,
            "hoofddiagnosegroep_id": hdg,
            "aanmeld_weeks": aanmeld,
            "behandel_weeks": behandel,
            "within_norm": within,
            "outside_norm": outside,
        }

    def _fail(self, line: int, column: str, reason: str) -> None:
        self.errors.append(_error(line, column, reason))

    def _provider(self, line: int, agb: str) -> Organisation | None:
        provider = self.providers.get(agb)
        if provider is None:
            # The same answer for an unknown code and another provider's: existence is
            # not revealed.
            self._fail(
                line,
                "aanbieder_agb",
                _("U handelt niet namens een aanbieder met AGB-code %s.")
                % (f"'{agb}'" if _AGB.fullmatch(agb) else _shown(agb))
                if agb
                else _("Verplicht."),
            )
        return provider

    def _month(self, line: int, value: str) -> date | None:
        match = _MONTH.fullmatch(value)
        month = None
        if match:
            year, number = (int(part) for part in match.groups())
            if year >= 2000 and 1 <= number <= 12:
                month = date(year, number, 1)
        if month is None:
            self._fail(line, "maand", _("Een maand als JJJJ-MM, bijvoorbeeld 2025-10."))
        elif month > self.this_month:
            self._fail(line, "maand", _("Deze maand ligt in de toekomst."))
            return None
        return month

    def _weeks(self, line: int, row: dict, column: str) -> Decimal | None:
        value = row.get(column, "")
        number = _parse_decimal(value) if value else None
        if number is None or not 0 <= number < 1000:
            self._fail(
                line,
                column,
                _("Verplicht: een aantal weken van 0 tot 1000, zoals 4 of 4,5.")
                if not value or number is None
                else _("Een aantal weken van 0 tot 1000."),
            )
            return None
        return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def _count(self, line: int, row: dict, column: str) -> int | None:
        value = row.get(column, "")
        if not value:
            return None
        if not value.isdigit() or int(value) > 2_000_000_000:
            self._fail(line, column, _("Een geheel aantal van 0 of meer."))
            return None
        return int(value)

    def _region(self, line: int, provider: Organisation, location: str) -> int | None:
        """The region of the provider's offers at this location, else of all its offers
        when that is one region, else of its own gemeente."""
        for regions in (
            self.regions_at.get((provider.pk, location.lower())),
            self.regions_of.get(provider.pk),
        ):
            if regions and len(regions) == 1:
                return next(iter(regions))
            if regions:
                break
        else:
            if provider.gemeente_id:
                return provider.gemeente.region_id
        self._fail(
            line,
            "vestiging",
            _(
                "Bij deze vestiging is de IZA-regio niet te bepalen: gebruik dezelfde "
                "vestigingsnaam als bij uw aanbod op de sociale kaart."
            ),
        )
        return None


def opgave_import(*, user, rows, today: date | None = None) -> OpgaveImportResult:
    """Import a provider's monthly waiting-time figures as delivered to Vektis/NZa (R-WT-8).

    ``rows`` as for ``wachtlijst_upload``. Only providers the user acts for; all or
    nothing; each (provider, location, month, hoofddiagnosegroep) is created or updated.
    """
    today = today or timezone.localdate()
    table = _Table(rows, known=OPGAVE_COLUMNS, required=OPGAVE_REQUIRED)
    checker = _OpgaveChecker(user=user, today=today)
    figures = [f for line, row in table.rows() if (f := checker.check(line, row)) is not None]
    result = OpgaveImportResult(rows=table.rows_total)
    result.errors = sorted(table.errors + checker.errors, key=lambda e: e["line"])
    if not table.rows_total and not result.errors:
        result.errors.append(_error(1, "", _("Het bestand bevat geen regels onder de kop.")))
    if result.errors:
        return result
    with transaction.atomic():
        existing = {
            (o.provider_id, o.location, o.month, o.hoofddiagnosegroep_id): o
            for o in WachttijdOpgave.objects.select_for_update().filter(
                provider_id__in={f["provider_id"] for f in figures},
                month__in={f["month"] for f in figures},
            )
        }
        new, changed = [], []
        for figure in figures:
            key = (
                figure["provider_id"],
                figure["location"],
                figure["month"],
                figure["hoofddiagnosegroep_id"],
            )
            opgave = existing.get(key)
            if opgave is None:
                new.append(WachttijdOpgave(**figure))
                continue
            for name, value in figure.items():
                setattr(opgave, name, value)
            opgave.imported_at = timezone.now()
            changed.append(opgave)
        WachttijdOpgave.objects.bulk_create(new, batch_size=INSERT_BATCH)
        WachttijdOpgave.objects.bulk_update(
            changed,
            [
                "region",
                "location_agb",
                "aanmeld_weeks",
                "behandel_weeks",
                "within_norm",
                "outside_norm",
                "imported_at",
            ],
            batch_size=1000,
        )
    result.created, result.updated = len(new), len(changed)
    logger.info(
        "Monthly waiting times imported by user %s: %d new, %d updated",
        user.pk,
        result.created,
        result.updated,
    )
    return result
