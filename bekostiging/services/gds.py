"""XML declaration messages shaped after the Vektis GDS message 573, and the import of
574-style return messages (R-BK-5). Our own layout, checked by our own XSDs in
bekostiging/schemas/ and documented element by element in docs/declaratie-export.md.

573 (``write_messages``): only person-bound VG lines travel in 573 — a lumpsum term is not
attributable to an insured person and goes to the insurer via CSV, XLSX or the API. The
export's VG lines are split into messages, one per receiving UZOVI, declarant and kind:
debit lines and credit lines never share a message, so a debit and its own credit are
always in different messages (and invoices). Each message is validated against
gds573-mgn.xsd before it is stored; the messages are delivered as one ZIP with fixed
entry dates, so the same export always gives the same bytes.

The 574 return messages are read in services/retour.py.
"""

import io
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.sax.saxutils import XMLGenerator

from django.db.models import Count, Max, Min, Q, Sum
from django.utils.translation import gettext as _

import xmlschema

from bekostiging.constants import Soort
from bekostiging.models import Export, reference_for
from bekostiging.selectors.exports import export_regels
from bekostiging.services.exports import ZIP_DATE, fixed_moment
from bekostiging.services.exports_csv import export_reference

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NS_573 = "urn:mgn-coordinatie:gds573:1"
VERSION = "MGN-1"
CODELIST = "071"
SEPA_MAX = 35
SEPA_ALLOWED = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
MAX_REPORTED_ERRORS = 20


@cache
def schema_573() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMAS / "gds573-mgn.xsd"))


def sepa_safe(text: str, max_length: int = SEPA_MAX) -> str:
    """SEPA-safe text (required for invoice numbers from 2026): letters lose their
    accents, any other character outside ``A–Z a–z 0–9 / - ? : ( ) . , ' +`` and space
    becomes ``-``; at most 35 characters, no leading or trailing space."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    safe = SEPA_ALLOWED.sub("-", plain)
    return safe[:max_length].strip()


# --- 573: writing --------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One 573 message: lines of one receiving UZOVI, one declarant, debit or credit."""

    seq: int
    insurer_id: int
    uzovi: str
    provider_id: int
    agb: str
    provider_name: str
    credit: bool
    total: Decimal  # the sum of the amounts (negative for credit)
    count: int
    first: object
    last: object

    def reference(self, export: Export) -> str:
        return f"{export_reference(export)}-{self.seq:02d}"

    def invoice_number(self, export: Export) -> str:
        # The unique part first, so cutting to 35 characters never makes two alike.
        kind = "C" if self.credit else "D"
        return sepa_safe(f"E{export.pk:06d}-{self.seq:02d}{kind}/{export.network.slug}")


def vg_lines(export: Export):
    """The export's person-bound lines: the only ones that travel in 573."""
    return export_regels(export).filter(soort=Soort.VG)


def plan_messages(export: Export) -> list[Message]:
    """The messages of the export: one per (UZOVI, declarant, debit/credit), in a fixed order."""
    debit, credit = Q(credit_of__isnull=True), Q(credit_of__isnull=False)
    groups = (
        vg_lines(export)
        .order_by()
        .values("insurer_id", "uzovi", "provider_id", "provider_agb", "provider__name")
        .annotate(
            d_n=Count("pk", filter=debit),
            d_total=Sum("amount", filter=debit),
            d_first=Min("service_date", filter=debit),
            d_last=Max("period_end", filter=debit),
            c_n=Count("pk", filter=credit),
            c_total=Sum("amount", filter=credit),
            c_first=Min("service_date", filter=credit),
            c_last=Max("period_end", filter=credit),
        )
    )
    messages = []
    for group in sorted(groups, key=lambda g: (g["uzovi"], g["provider_id"])):
        for credit, prefix in ((False, "d"), (True, "c")):
            if not group[f"{prefix}_n"]:
                continue
            messages.append(
                Message(
                    seq=len(messages) + 1,
                    insurer_id=group["insurer_id"],
                    uzovi=group["uzovi"],
                    provider_id=group["provider_id"],
                    agb=group["provider_agb"],
                    provider_name=group["provider__name"] or "",
                    credit=credit,
                    total=group[f"{prefix}_total"] or Decimal("0.00"),
                    count=group[f"{prefix}_n"],
                    first=group[f"{prefix}_first"],
                    last=group[f"{prefix}_last"],
                )
            )
    return messages


LINE_VALUES = [
    "id",
    "credit_of_id",
    "bsn",
    "uzovi",
    "policy_number",
    "date_of_birth",
    "prestatiecode",
    "service_date",
    "tariff",
    "amount",
    "professional_agb",
    "professional_name",
]


def _money(value) -> str:
    return f"{abs(Decimal(value)):.2f}"


class _Writer:
    """A small indenting writer over XMLGenerator (streams, never builds a tree)."""

    def __init__(self, out):
        self.gen = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        self.depth = 0

    def start(self, name: str, attrs: dict | None = None) -> None:
        self.gen.ignorableWhitespace("\n" + "  " * self.depth)
        self.gen.startElement(name, attrs or {})
        self.depth += 1

    def end(self, name: str) -> None:
        self.depth -= 1
        self.gen.ignorableWhitespace("\n" + "  " * self.depth)
        self.gen.endElement(name)

    def leaf(self, name: str, text) -> None:
        self.gen.ignorableWhitespace("\n" + "  " * self.depth)
        self.gen.startElement(name, {})
        self.gen.characters(str(text))
        self.gen.endElement(name)


def write_message(export: Export, message: Message, out) -> None:
    """One 573 message into the binary file ``out`` (see docs/declaratie-export.md)."""
    day = fixed_moment(export).date().isoformat()
    kind = "C" if message.credit else "D"
    lines = (
        vg_lines(export)
        .filter(
            insurer_id=message.insurer_id,
            provider_id=message.provider_id,
            credit_of__isnull=not message.credit,
        )
        .order_by("bsn", "uzovi", "date_of_birth", "policy_number", "pk")
        .values_list(*LINE_VALUES)
    )
    persons = (
        vg_lines(export)
        .filter(
            insurer_id=message.insurer_id,
            provider_id=message.provider_id,
            credit_of__isnull=not message.credit,
        )
        .values("bsn", "date_of_birth", "policy_number")
        .distinct()
        .count()
    )
    w = _Writer(out)
    w.gen.startDocument()
    w.start("Declaratiebericht", {"xmlns": NS_573})
    w.start("Voorloop")
    w.leaf("Berichtcode", "573")
    w.leaf("Berichtversie", VERSION)
    w.leaf("Berichtreferentie", message.reference(export))
    w.leaf("Afzender", sepa_safe(f"MGN {export.network.slug}"))
    w.leaf("OntvangerUzovi", message.uzovi)
    w.leaf("Aanmaakdatum", day)
    w.end("Voorloop")
    w.start("Declarant")
    w.leaf("AgbCode", message.agb)
    w.leaf("Naam", message.provider_name[:200])
    w.end("Declarant")
    w.start("Factuur")
    w.leaf("Factuurnummer", message.invoice_number(export))
    w.leaf("Factuurdatum", day)
    w.leaf("PeriodeBegin", message.first.isoformat())
    w.leaf("PeriodeEinde", message.last.isoformat())
    w.leaf("TotaalBedrag", _money(message.total))
    w.leaf("DebetCredit", kind)
    w.end("Factuur")
    current = None
    for (
        pk,
        credit_of,
        bsn,
        uzovi,
        policy,
        dob,
        code,
        day_,
        tariff,
        amount,
        agb,
        name,
    ) in lines.iterator(chunk_size=2000):
        person = (bsn, uzovi, dob, policy)
        if person != current:
            if current is not None:
                w.end("Verzekerde")
            current = person
            w.start("Verzekerde")
            w.leaf("Bsn", bsn)
            w.leaf("Uzovi", uzovi or "")
            if policy:
                w.leaf("Polisnummer", policy)
            w.leaf("Geboortedatum", dob.isoformat() if dob else "")
        w.start("Prestatie")
        w.leaf("Referentie", reference_for(pk))
        if credit_of is not None:
            w.leaf("GerelateerdeReferentie", reference_for(credit_of))
        w.leaf("Codelijst", CODELIST)
        w.leaf("Prestatiecode", code)
        w.leaf("Begindatum", day_.isoformat())
        w.leaf("Aantal", 1)
        w.leaf("Tarief", _money(tariff))
        w.leaf("Bedrag", _money(amount))
        w.leaf("DebetCredit", kind)
        w.start("Behandelaar")
        if agb:
            w.leaf("AgbCode", agb)
        w.leaf("Naam", (name or "onbekend")[:200])
        w.end("Behandelaar")
        w.end("Prestatie")
    if current is not None:
        w.end("Verzekerde")
    w.start("Sluit")
    w.leaf("AantalVerzekerden", persons)
    w.leaf("AantalPrestaties", message.count)
    w.end("Sluit")
    w.end("Declaratiebericht")
    w.gen.ignorableWhitespace("\n")
    w.gen.endDocument()


class MessageInvalid(ValueError):
    """A generated message does not match our XSD: it is not stored."""


def validate_573(handle) -> None:
    """Raise MessageInvalid with the first errors when the message breaks gds573-mgn.xsd."""
    handle.seek(0)
    resource = xmlschema.XMLResource(handle, defuse="always", allow="none", lazy=True)
    errors = [
        f"{error.path}: {error.reason}"
        for _i, error in zip(
            range(MAX_REPORTED_ERRORS), schema_573().iter_errors(resource), strict=False
        )
    ]
    handle.seek(0)
    if errors:
        raise MessageInvalid("; ".join(errors))


def write_messages(export: Export, target, *, progress: Callable[[int], None] = None) -> int:
    """Every 573 message of the export, each checked against the XSD, into one ZIP
    (``<berichtreferentie>.xml`` per message). Returns the number of messages."""
    messages = plan_messages(export)
    missing = sorted({m.provider_name for m in messages if not m.agb})
    if missing:
        raise MessageInvalid(
            _("Geen AGB-code vastgelegd voor declarant: %(names)s.") % {"names": ", ".join(missing)}
        )
    with zipfile.ZipFile(target, "w") as archive:
        for index, message in enumerate(messages, start=1):
            with tempfile.TemporaryFile() as handle:
                write_message(export, message, handle)
                validate_573(handle)
                info = zipfile.ZipInfo(f"{message.reference(export)}.xml", date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                with archive.open(info, "w") as dst:
                    while chunk := handle.read(1024 * 1024):
                        dst.write(chunk)
            if progress is not None:
                progress(10 + int(85 * index / len(messages)))
    return len(messages)


def read_messages(data: bytes) -> dict[str, bytes]:
    """The messages in an XML export's ZIP, by file name (tests, support)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
