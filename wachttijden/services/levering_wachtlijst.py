"""Waiting lists that providers deliver (R-WT-1): a CSV file or the API's rows replace the
offer's list, all or nothing. Every row is checked, every problem is reported as
``{line, field, reason}`` (the file's own line numbers, the header is line 1), and only a
file without problems changes anything. The layout is documented in docs/wachtlijst-csv.md.

A BSN lives only as long as its row is being checked: it is turned into the region's
keyed pseudonym at once and is never stored, logged, or repeated in an error. The
uploaded file is read from memory (the views never let Django spill it to disk).
"""

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from stdnum.nl import bsn as stdnum_bsn

from mgn.validators import (
    RECORD_EARLIEST,
    has_bidi_controls,
    has_control_characters,
    normalise_text,
)
from networks.models import Gemeente
from wachttijden.constants import (
    DELIVERED_STATUSES,
    WAITING_STATUSES,
    EntryStatus,
    UploadSource,
    Urgency,
)
from wachttijden.models import (
    Aanbod,
    Hoofddiagnosegroep,
    WachtlijstUpload,
    Wachtplek,
    Zorgvraagtype,
)
from wachttijden.services import pseudonym
from wachttijden.services.levering_table import Table, parse_date, row_error, shown

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 32 * 1024 * 1024  # 50,000 rows with pseudonyms are about 7 MB
INSERT_BATCH = 5000  # bulk_create batch where COPY is not available (SQLite)

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
    "clientreferentie",
)
CLIENT_REFERENCE_MAX = 40
URGENTIE = {
    "crisis": Urgency.CRISIS,
    "hoog": Urgency.HOOG,
    "normaal": Urgency.NORMAAL,
    **{value: value for value in Urgency.values},
}
STATUS = {status.value: status.value for status in DELIVERED_STATUSES}

_CBS = re.compile(r"GM[0-9]{4}")
_NINE_DIGITS = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")


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
# urgency, zorgvraagtype, hoofddiagnosegroep, status, client reference.
_Entry = tuple[
    str, int | None, date, date | None, date | None, str, int | None, int | None, str, str
]


class _WachtlijstChecker:
    """Checks one row at a time; keeps only pseudonyms (for duplicates), never a BSN."""

    def __init__(self, *, aanbod: Aanbod, lookups: _Lookups, today: date):
        self.key = pseudonym.region_key(aanbod.region.code)
        self.zvt_required = aanbod.needs_zorgvraagtype
        self.lookups = lookups
        self.today = today
        self.seen: dict[str, int] = {}
        self.errors: list[dict] = []

    def header_errors(self, columns: frozenset[str]) -> list[dict]:
        errors = []
        if BSN not in columns and PSEUDONIEM not in columns:
            errors.append(row_error(1, BSN, _("De kop heeft geen kolom bsn of pseudoniem.")))
        if self.zvt_required and "zorgvraagtype" not in columns:
            errors.append(
                row_error(1, "zorgvraagtype", _("Deze kolom is verplicht bij ggz-behandeling."))
            )
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
                row_error(line, "intakedatum", _("De intakedatum ligt vóór de aanmelddatum."))
            )
        if start and not intake and not row.get("intakedatum"):
            errors.append(
                row_error(
                    line,
                    "startdatum_behandeling",
                    _("Een startdatum behandeling vraagt ook een intakedatum."),
                )
            )
        elif start and intake and start < intake:
            errors.append(
                row_error(
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
        reference = self._client_reference(line, row.get("clientreferentie", ""))
        if len(errors) > before or person is None or registered is None:
            return None
        return (person, gemeente, registered, intake, start, urgency, zvt, hdg, status, reference)

    @sensitive_variables("value")
    def _client_reference(self, line: int, value: str) -> str:
        """The provider's own reference: free text up to 40 characters. Control characters
        are refused by the table for every cell; a BSN may not hide in it."""
        value = normalise_text(value).strip()
        if len(value) > CLIENT_REFERENCE_MAX:
            self.errors.append(
                row_error(
                    line,
                    "clientreferentie",
                    _("Hoogstens %d tekens.") % CLIENT_REFERENCE_MAX,
                )
            )
            return ""
        if any(stdnum_bsn.is_valid(run) for run in _NINE_DIGITS.findall(value)):
            self.errors.append(
                row_error(
                    line,
                    "clientreferentie",
                    _("Een cliëntreferentie mag geen BSN bevatten; gebruik uw eigen kenmerk."),
                )
            )
            return ""
        return value

    @sensitive_variables("bsn_value", "compact")
    def _person(self, line: int, bsn_value: str, given: str) -> str | None:
        if bsn_value and given:
            self.errors.append(row_error(line, BSN, _("Vul bsn óf pseudoniem in, niet allebei.")))
            return None
        if bsn_value:
            try:
                compact = stdnum_bsn.validate(bsn_value)
            except Exception:  # stdnum raises several ValidationError subclasses
                self.errors.append(
                    row_error(
                        line, BSN, _("Geen geldig BSN (9 cijfers die de elfproef doorstaan).")
                    )
                )
                return None
            value, column = pseudonym.pseudonymise(compact, region_code="", key=self.key), BSN
        elif given:
            value, column = given.lower(), PSEUDONIEM
            if not pseudonym.is_pseudonym(value):
                self.errors.append(
                    row_error(
                        line,
                        PSEUDONIEM,
                        _("Een pseudoniem bestaat uit 64 hexadecimale tekens (HMAC-SHA256)."),
                    )
                )
                return None
        else:
            self.errors.append(row_error(line, BSN, _("Vul een bsn of een pseudoniem in.")))
            return None
        first = self.seen.setdefault(value, line)
        if first != line:
            self.errors.append(
                row_error(
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
                self.errors.append(row_error(line, column, _("Verplicht.")))
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.errors.append(
                row_error(
                    line,
                    column,
                    _("Geen datum (JJJJ-MM-DD of DD-MM-JJJJ): %s.") % shown(value),
                )
            )
        elif parsed > self.today:
            self.errors.append(row_error(line, column, _("Deze datum ligt in de toekomst.")))
            return None
        elif parsed < RECORD_EARLIEST:
            # A year 0001 would otherwise put a wait of centuries into the overview.
            self.errors.append(
                row_error(
                    line,
                    column,
                    _("Deze datum ligt vóór %s; controleer het jaar.")
                    % RECORD_EARLIEST.strftime("%d-%m-%Y"),
                )
            )
            return None
        return parsed

    def _choice(self, line, row, column, choices, *, required=False) -> str:
        value = row.get(column, "").lower()
        if not value:
            if required:
                self.errors.append(row_error(line, column, _("Verplicht.")))
            return ""
        if value not in choices:
            self.errors.append(
                row_error(
                    line,
                    column,
                    _("Onbekende waarde %(value)s; kies uit %(choices)s.")
                    % {
                        "value": shown(value),
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
                self.errors.append(row_error(line, column, _("Verplicht bij ggz-aanbod.")))
            return None
        pk = table.get(value)
        if pk is None:
            self.errors.append(row_error(line, column, _("Onbekende code %s.") % shown(value)))
        return pk

    def _gemeente(self, line: int, value: str) -> int | None:
        if not value:
            return None
        code = value.upper()
        pk = self.lookups.gemeenten.get(code)
        if pk is None:
            reason = (
                _("Onbekende CBS-gemeentecode %s.") % shown(code)
                if _CBS.fullmatch(code)
                else _("Een CBS-gemeentecode is GM gevolgd door 4 cijfers, zoals GM0363.")
            )
            self.errors.append(row_error(line, "woongemeente", reason))
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
            self.errors.append(row_error(line, "status", reason))
        return status


def safe_filename(filename: str | None) -> str:
    """The uploaded file's name as a label: control and bidi characters dropped (a NUL
    cannot be stored), NFC, at most 200 characters."""
    name = normalise_text(filename or "")
    name = "".join(
        c
        for c in name
        if c.isprintable() and not has_control_characters(c) and not has_bidi_controls(c)
    )
    return name.strip()[:200]


@sensitive_variables("rows", "table")
def wachtlijst_upload(
    *,
    aanbod: Aanbod,
    user,
    rows,
    source: str = UploadSource.CSV,
    filename: str = "",
    today: date | None = None,
    finish: Callable[[WachtlijstUpload], None] | None = None,
) -> WachtlijstUpload:
    """Replace the provider's waiting list for ``aanbod`` with ``rows`` (R-WT-1).

    ``rows`` is a CSV (text, bytes or a text/binary stream) or an iterable of dicts with
    the same field names. Every row is checked; with any problem nothing changes and the
    upload is recorded with ``accepted=False`` and each problem in ``errors``. Otherwise
    the offer's current rows are replaced by the new ones in one transaction. BSNs become
    the region's keyed pseudonym at once and are never stored.

    ``finish(upload)`` runs inside the transaction that records the upload (accepted or
    not): a background job marks itself finished there, so the two commit together.
    """
    today = today or timezone.localdate()
    checker = _WachtlijstChecker(aanbod=aanbod, lookups=_Lookups.load(), today=today)
    table = Table(
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
        errors.append(row_error(1, "", _("Het bestand bevat geen regels onder de kop.")))
    errors.sort(key=lambda e: e["line"])
    upload_fields = {
        "aanbod": aanbod,
        "provider_id": aanbod.provider_id,
        "uploaded_by": user,
        "source": source,
        "filename": safe_filename(filename),
    }
    if errors:
        with transaction.atomic():
            upload = WachtlijstUpload.objects.create(
                **upload_fields, accepted=False, rows_total=table.rows_total, errors=errors
            )
            if finish is not None:
                finish(upload)
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
        entries = _keep_handed_over(aanbod, entries)
        _insert_wachtplekken(aanbod, upload, entries)
        if finish is not None:
            finish(upload)
    upload.status_counts = dict(Counter(entry[8] for entry in entries))
    logger.info(
        "Waiting list for aanbod %s replaced: %d rows (upload %s)",
        aanbod.pk,
        len(entries),
        upload.pk,
    )
    return upload


def _keep_handed_over(aanbod: Aanbod, entries: list[_Entry]) -> list[_Entry]:
    """A person the platform handed over from this offer (R-TR-2) who is still listed as
    waiting stays overgedragen, so no count sees them twice. Higher apps answer through
    ``settings.WACHTLIJST_HANDED_OVER``: dotted paths of functions
    ``(aanbod_id, [(pseudonym, registered_on)]) -> set of pseudonyms``."""
    hooks = getattr(settings, "WACHTLIJST_HANDED_OVER", ())
    waiting = [(e[0], e[2]) for e in entries if e[8] in WAITING_STATUSES]
    if not hooks or not waiting:
        return entries
    handed = set()
    for path in hooks:
        handed |= import_string(path)(aanbod.pk, waiting)
    if not handed:
        return entries
    return [
        (*e[:8], EntryStatus.OVERGEDRAGEN, e[9])
        if e[0] in handed and e[8] in WAITING_STATUSES
        else e
        for e in entries
    ]


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
    "client_reference",
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
                client_reference=e[9],
            )
            for e in entries
        ),
        batch_size=INSERT_BATCH,
    )
