"""The insurer's verdict per declaration line: accepted, or rejected with a reason (R-BK-4,
R-BK-5). One service for every way in: the API (one line or a whole message), an uploaded
574-style return message and the upload page.

All or nothing: every verdict of a message is checked first; when any is refused nothing
changes and ``VerdictsRefused`` names each problem line by line. A line addressed to
another insurer or in another network is reported exactly like an unknown reference, so a
message never reveals that it exists. The same verdict again changes nothing (a retry is
safe); a retried message with the same reference that changes nothing stores nothing new.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mgn.audit.constants import Event
from mgn.audit.services import log_access_many
from networks.models import Network, Organisation

from . import selectors, services
from .constants import RegelStatus
from .models import Declaratieregel, Retourbericht, pk_from_reference, reference_for

REASON_MAX = 300  # Declaratieregel.rejection_reason
SOURCE_REFERENCE_MAX = 40  # Retourbericht.reference

# Codes of the problems in a report (and of the ValidationErrors raised).
UNKNOWN = "unknown"  # no line with this reference for this insurer in this network
NO_REASON = "no_reason"  # a rejection without a reason
NOT_EXPORTED = "not_exported"  # the line was never sent: concept or klaar
JUDGED = "judged"  # the line already has the other verdict (or another reason)
CONTRADICTS = "contradicts"  # the same line twice in one message with different verdicts
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
def apply_verdicts(
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
    pks = {pk for v in verdicts if (pk := pk_from_reference(v.reference)) is not None}
    # R-BK-4: only this insurer's lines in this network (selectors 404 when the user does
    # not act for the insurer); locked in id order so concurrent messages wait, not deadlock.
    regels = {
        r.pk: r
        for r in selectors.regels_for_insurer(user, insurer)
        .filter(network=network, pk__in=pks)
        .order_by("pk")
        .select_for_update(of=("self",))
    }
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
    changed_pks = set()
    for verdict, regel, reason in plan:
        changed = not _unchanged(regel, verdict, reason)
        if changed:
            services.regel_verdict(regel, accepted=verdict.accepted, reason=reason)
            changed_pks.add(regel.pk)
        report.append(
            {
                "line": verdict.line,
                "reference": reference_for(regel.pk),
                "result": ACCEPTED if verdict.accepted else REJECTED,
                "reason": reason,
                "changed": changed,
            }
        )
    changed_persons = [r for _v, r, _reason in plan if r.pk in changed_pks and r.bsn]
    if request is not None and changed_persons:
        detail = _("Oordeel zorgverzekeraar")
        if source_reference:
            detail += f" ({source_reference})"
        log_access_many(request, event=Event.UPDATE, subjects=changed_persons, detail=detail)
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
