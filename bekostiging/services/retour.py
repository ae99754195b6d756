"""The insurer's verdict per declaration line: accepted, or rejected with a reason (R-BK-4,
R-BK-5). One service for every way in: the API (one line or a whole message), an uploaded
574-style return message and the upload page. The 574 messages (our own XSD,
gds574-mgn.xsd) are parsed without DTDs or entities (no XXE, no entity expansion).

All or nothing: every verdict of a message is checked first; when any is refused nothing
changes and ``VerdictsRefused`` names each problem line by line. A line addressed to
another insurer or in another network is reported exactly like an unknown reference, so a
message never reveals that it exists. The same verdict again changes nothing (a retry is
safe); a retried message with the same reference that changes nothing stores nothing new.
"""

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import xmlschema
from xmlschema.exceptions import XMLResourceError, XMLResourceParseError

from bekostiging.constants import RegelStatus
from bekostiging.models import Declaratieregel, Retourbericht, pk_from_reference, reference_for
from bekostiging.selectors.declaraties import regels_for_insurer
from bekostiging.services.declaraties import regels_judge_bulk
from mgn.audit.constants import Event, IdentifierType
from mgn.audit.services import log_access_identifiers
from mgn.validators import validate_line
from networks.models import Network, Organisation

REASON_MAX = 300  # Declaratieregel.rejection_reason
SOURCE_REFERENCE_MAX = 40  # Retourbericht.reference
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NS_574 = "urn:mgn-coordinatie:gds574:1"
MAX_UPLOAD = 20 * 1024 * 1024  # bytes; a return message is far smaller
MAX_REPORTED_ERRORS = 20
LOOKUP_CHUNK = 10_000  # line ids per locking SELECT

# Codes of the problems in a report (and of the ValidationErrors raised).
UNKNOWN = "unknown"  # no line with this reference for this insurer in this network
NO_REASON = "no_reason"  # a rejection without a reason
NOT_EXPORTED = "not_exported"  # the line was never sent: concept or klaar
JUDGED = "judged"  # the line already has the other verdict (or another reason)
CONTRADICTS = "contradicts"  # the same line twice in one message with different verdicts
INVALID_TEXT = "invalid_text"  # a reason with control characters (a NUL) or bidi controls
# Problems that are about the state of a line rather than the message (an API answers 409).
STATE_CODES = frozenset({NOT_EXPORTED, JUDGED})

ACCEPTED = "geaccepteerd"
REJECTED = "afgewezen"


@dataclass
class Verdict:
    """One line of a return message: the line's reference and the insurer's verdict.
    ``line`` is where it stood in the message (1-based), for the report."""

    reference: str
    accepted: bool
    reason: str = ""
    line: int = 0


class VerdictsRefused(ValidationError):
    """Nothing was changed. ``report`` lists every problem in message order as
    ``{"line", "reference", "code", "problem"}`` (the problem in Dutch)."""

    def __init__(self, report: list[dict]):
        self.report = report
        super().__init__(
            [
                ValidationError(
                    _("Regel %(line)s (%(reference)s): %(problem)s")
                    % {
                        "line": p["line"],
                        "reference": p["reference"] or _("geen referentie"),
                        "problem": p["problem"],
                    },
                    code=p["code"],
                )
                for p in report
            ]
        )


def _problem(verdict: Verdict, code: str, problem: str) -> dict:
    return {"line": verdict.line, "reference": verdict.reference, "code": code, "problem": problem}


def _check(verdict: Verdict, regel: Declaratieregel | None, reason: str) -> dict | None:
    """The problem with one verdict, or None when it may be applied (or is a retry)."""
    try:
        validate_line(reason)
    except ValidationError as error:
        return _problem(verdict, INVALID_TEXT, error.messages[0])
    if regel is None:
        return _problem(
            verdict,
            UNKNOWN,
            _("Onbekende referentie: geen declaratieregel aan u met deze referentie."),
        )
    if not verdict.accepted and not reason:
        return _problem(verdict, NO_REASON, _("Geef de reden van afwijzing."))
    if regel.status in (RegelStatus.CONCEPT, RegelStatus.KLAAR):
        return _problem(
            verdict,
            NOT_EXPORTED,
            _(
                "De regel is nog niet aan u verzonden (status %(status)s); beoordeel hem na de export."
            )
            % {"status": RegelStatus(regel.status).label},
        )
    if regel.status == RegelStatus.GEACCEPTEERD and not verdict.accepted:
        return _problem(
            verdict, JUDGED, _("De regel is al geaccepteerd; een ander oordeel kan niet meer.")
        )
    if regel.status == RegelStatus.AFGEWEZEN:
        if verdict.accepted:
            return _problem(
                verdict, JUDGED, _("De regel is al afgewezen; een ander oordeel kan niet meer.")
            )
        if regel.rejection_reason != reason:
            return _problem(
                verdict,
                JUDGED,
                _("De regel is al afgewezen met een andere reden: %(reason)s")
                % {"reason": regel.rejection_reason},
            )
    return None


def _unchanged(regel: Declaratieregel, verdict: Verdict, reason: str) -> bool:
    if verdict.accepted:
        return regel.status == RegelStatus.GEACCEPTEERD
    return regel.status == RegelStatus.AFGEWEZEN and regel.rejection_reason == reason


@transaction.atomic
def verdicts_apply(
    *,
    user,
    network: Network,
    insurer: Organisation,
    verdicts: list[Verdict],
    source_reference: str = "",
    request=None,
) -> Retourbericht:
    """Apply an insurer's verdicts on lines addressed to it in one network, all or nothing.

    Raises ``VerdictsRefused`` (a ValidationError with ``report``) when any verdict is
    refused, and Http404 when the user does not act for the insurer. Returns the stored
    Retourbericht: counts and, per line, ``{"line", "reference", "result", "reason",
    "changed"}``. A message whose reference was stored before and that changes nothing
    returns that earlier Retourbericht and stores nothing. The returned object's
    ``changed`` (not stored) says how many lines this call changed.

    With ``request`` every changed line of a person is logged as a change (R-PR-1), in
    the same transaction and one INSERT."""
    source_reference = (source_reference or "").strip()
    try:
        validate_line(source_reference)
    except ValidationError as error:
        raise ValidationError({"reference": error.error_list}) from None
    if len(source_reference) > SOURCE_REFERENCE_MAX:
        raise ValidationError(
            {
                "reference": [
                    _("De berichtreferentie is langer dan %(max)d tekens.")
                    % {"max": SOURCE_REFERENCE_MAX}
                ]
            },
            code="too_long",
        )
    if not verdicts:
        raise ValidationError(_("Het bericht bevat geen regels."), code="empty")
    for index, verdict in enumerate(verdicts, start=1):
        verdict.line = verdict.line or index
        verdict.reference = (verdict.reference or "").strip().upper()
    pks = sorted({pk for v in verdicts if (pk := pk_from_reference(v.reference)) is not None})
    # R-BK-4: only this insurer's lines in this network (selectors 404 when the user does
    # not act for the insurer); locked in id order so concurrent messages wait, not deadlock.
    # Only the four columns the checks need, as plain rows (no model instances), asked for
    # in chunks of ids so that a message of 100,000 lines is a few statements.
    scope = (
        regels_for_insurer(user, insurer)
        .filter(network=network)
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    regels = {}
    for start in range(0, len(pks), LOOKUP_CHUNK):
        for row in scope.filter(pk__in=pks[start : start + LOOKUP_CHUNK]).values_list(
            "pk", "status", "rejection_reason", "bsn", named=True
        ):
            regels[row.pk] = row
    problems: list[dict] = []
    seen: dict[int, tuple[bool, str]] = {}
    plan: list[tuple[Verdict, Declaratieregel, str]] = []
    for verdict in verdicts:
        pk = pk_from_reference(verdict.reference)
        regel = regels.get(pk) if pk is not None else None
        reason = "" if verdict.accepted else (verdict.reason or "").strip()[:REASON_MAX]
        if regel is not None and regel.pk in seen:
            if seen[regel.pk] != (verdict.accepted, reason):
                problems.append(
                    _problem(
                        verdict,
                        CONTRADICTS,
                        _("Deze regel staat eerder in het bericht met een ander oordeel."),
                    )
                )
            continue
        problem = _check(verdict, regel, reason)
        if problem is not None:
            problems.append(problem)
            continue
        seen[regel.pk] = (verdict.accepted, reason)
        plan.append((verdict, regel, reason))
    if problems:
        raise VerdictsRefused(problems)

    report = []
    changes: list[tuple[int, str, str, str]] = []  # (pk, from status, to status, reason)
    for verdict, regel, reason in plan:
        changed = not _unchanged(regel, verdict, reason)
        if changed:
            to = RegelStatus.GEACCEPTEERD if verdict.accepted else RegelStatus.AFGEWEZEN
            changes.append((regel.pk, regel.status, to, reason))
        report.append(
            {
                "line": verdict.line,
                "reference": reference_for(regel.pk),
                "result": ACCEPTED if verdict.accepted else REJECTED,
                "reason": reason,
                "changed": changed,
            }
        )
    regels_judge_bulk(changes)
    changed_pks = {pk for pk, _from, _to, _reason in changes}
    changed_persons = [r for _v, r, _reason in plan if r.pk in changed_pks and r.bsn]
    if request is not None and changed_persons:
        detail = _("Oordeel zorgverzekeraar")
        if source_reference:
            detail += f" ({source_reference})"
        log_access_identifiers(
            request,
            event=Event.UPDATE,
            identifier_type=IdentifierType.BSN,
            identifiers=[r.bsn for r in changed_persons],
            object_type=Declaratieregel._meta.label,
            object_ids=[r.pk for r in changed_persons],
            detail=detail,
        )
    bericht = None
    if not changed_pks and source_reference:
        bericht = Retourbericht.objects.filter(
            network=network, insurer=insurer, reference=source_reference
        ).first()
    if bericht is None:
        bericht = Retourbericht.objects.create(
            network=network,
            insurer=insurer,
            uploaded_by=user,
            reference=source_reference,
            accepted=sum(1 for v, _r, _reason in plan if v.accepted),
            rejected=sum(1 for v, _r, _reason in plan if not v.accepted),
            report=report,
        )
    bericht.changed = len(changed_pks)
    return bericht


@cache
def schema_574() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMAS / "gds574-mgn.xsd"))


# --- Return messages: 574 and the CSV verdict upload ----------------------------------------

FORBIDDEN_MARKUP = (b"<!DOCTYPE", b"<!ENTITY")


def _refuse_dtd(data: bytes) -> None:
    if any(marker in data.upper() for marker in FORBIDDEN_MARKUP):
        raise ValidationError(
            _("Het bericht bevat een DTD of entiteiten; die worden niet geaccepteerd."),
            code="dtd",
        )


def parse_574(data: bytes, *, uzovi: str | None = None) -> tuple[str, list[Verdict]]:
    """A 574-style return message → (its reference, the verdicts in message order).

    Raises ValidationError with a clear message for anything but a valid message: too
    large, not UTF-8 XML, a DTD or entities (refused outright: no XXE, no entity
    expansion), not matching gds574-mgn.xsd, or (when ``uzovi`` is given) sent by
    another insurer."""
    if len(data) > MAX_UPLOAD:
        raise ValidationError(_("Het bericht is te groot."), code="too_large")
    _refuse_dtd(data)
    try:
        resource = xmlschema.XMLResource(data, defuse="always", allow="none")
    except (XMLResourceParseError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Het bericht is geen geldige XML: %(error)s") % {"error": error}, code="malformed"
        ) from None
    except XMLResourceError as error:  # forbidden, blocked or exceeding limits
        raise ValidationError(
            _("Het bericht is geen toegestane XML: %(error)s") % {"error": error}, code="forbidden"
        ) from None
    errors = [
        _("%(path)s: %(reason)s") % {"path": e.path or "/", "reason": e.reason}
        for _i, e in zip(
            range(MAX_REPORTED_ERRORS), schema_574().iter_errors(resource), strict=False
        )
    ]
    if errors:
        raise ValidationError(
            [_("Het bericht voldoet niet aan gds574-mgn.xsd:"), *errors], code="invalid"
        )
    root = resource.root
    ns = f"{{{NS_574}}}"
    head = root.find(f"{ns}Voorloop")
    reference = head.findtext(f"{ns}Berichtreferentie", "").strip()
    sender = head.findtext(f"{ns}AfzenderUzovi", "").strip()
    if uzovi is not None and sender != uzovi:
        raise ValidationError(
            _("Het bericht komt van UZOVI %(sender)s, niet van %(uzovi)s.")
            % {"sender": sender, "uzovi": uzovi},
            code="sender",
        )
    verdicts = []
    for line, regel in enumerate(root.iterfind(f"{ns}Regel"), start=1):
        code = regel.findtext(f"{ns}Retourcode", "").strip()
        reason = regel.findtext(f"{ns}Reden", "").strip()
        accepted = regel.findtext(f"{ns}Oordeel", "").strip() == "toegekend"
        if code and not accepted:
            reason = f"{code}: {reason}" if reason else code
        verdicts.append(
            Verdict(
                reference=regel.findtext(f"{ns}Referentie", "").strip(),
                accepted=accepted,
                reason="" if accepted else reason,
                line=line,
            )
        )
    return reference, verdicts


ACCEPT_WORDS = {"ja", "j", "1", "true", "geaccepteerd", "toegekend", "akkoord"}
REJECT_WORDS = {"nee", "n", "0", "false", "afgewezen"}
CSV_VERDICT_HEADER = ("referentie", "geaccepteerd", "reden")


def parse_verdict_csv(data: bytes) -> list[Verdict]:
    """A CSV of verdicts (docs/declaratie-export.md): UTF-8 (a BOM is allowed), ``;``
    between fields, one line per declaration line ``referentie;geaccepteerd;reden`` with
    geaccepteerd ja/nee (also 1/0, toegekend/afgewezen); an optional header line. Raises
    ValidationError naming every bad line; nothing is applied then."""
    if len(data) > MAX_UPLOAD:
        raise ValidationError(_("Het bestand is te groot."), code="too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Het bestand is geen UTF-8-tekst."), code="encoding") from None
    verdicts, problems = [], []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        if number == 1 and cells[0].lower() == CSV_VERDICT_HEADER[0]:
            continue
        if len(cells) not in (2, 3):
            problems.append(
                _("Regel %(n)d: verwacht referentie;geaccepteerd;reden, %(k)d velden gevonden.")
                % {"n": number, "k": len(cells)}
            )
            continue
        word = cells[1].lower()
        if word not in ACCEPT_WORDS | REJECT_WORDS:
            problems.append(
                _("Regel %(n)d: '%(word)s' is geen oordeel (ja of nee).")
                % {"n": number, "word": cells[1][:20]}
            )
            continue
        accepted = word in ACCEPT_WORDS
        reason = cells[2] if len(cells) == 3 and not accepted else ""
        verdicts.append(Verdict(reference=cells[0], accepted=accepted, reason=reason, line=number))
    if problems:
        raise ValidationError(problems, code="invalid")
    if not verdicts:
        raise ValidationError(_("Het bestand bevat geen regels."), code="empty")
    return verdicts
