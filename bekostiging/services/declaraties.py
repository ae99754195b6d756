"""VG declaration lines (R-BK-1): generating them from held conversations with their
held-back reasons, the insurance periods that address them, their states and corrections.

Who declares the ggz part (R-BK-1, docs/domain.md): a held, ended conversation gives at
most one live VG line, whoever was present. It is declared by

1. the organisation of a present ggz professional that holds a VG contract with the
   person's insurer valid on the conversation date; when several present organisations
   qualify, the one whose ``Deelnemer`` row was added first (lowest pk);
2. else an RHO that bought the VG for its huisartsen: a VG contract of an RHO in the
   conversation's network (``Contract.network``) with that insurer, valid on the date;
   when several RHOs qualify, the contract that started first (then the lowest pk) —
   deterministic, so a correction picks the same party as long as the contracts are
   unchanged;
3. else the conversation is held back (one ``TegengehoudenDeclaratie`` row per
   conversation, addressed to the first present ggz professional's organisation) with
   that organisation's reason: its contract with the insurer is not valid on the date
   ("contract niet geldig"), or, when it has none but an RHO of the network has one with
   the insurer, the RHO's contract is not valid on the date; else "geen contract".

The line's professional (and its AGB and name as declared) is the treating ggz
professional: the declaring organisation's own professional, or for an RHO the first
present ggz professional; provider, provider AGB, contract and tariff are the declaring
party's. ``regel_correct`` resolves a VG line again with the same rule on its service
date, so the correction of an RHO-declared line goes to whoever the rule picks then.

The insurer is the one on the conversation date (``coverage_on``): a recorded insurance
period covering the date; else, for a date before the person's first recorded period (or
with no period at all), the insurer and policy number submitted with that conversation's
own request; a date after or between recorded periods without cover is not insured.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import DateTimeField, DurationField, Exists, ExpressionWrapper, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from bekostiging.constants import TRANSITIONS, Function, HeldBackReason, RegelStatus, Soort
from bekostiging.models import (
    Contract,
    Declaratieregel,
    Prestatie,
    TegengehoudenDeclaratie,
    Verzekering,
)
from mgn.audit.constants import Event
from mgn.audit.services import log_access_many
from mgn.periods import periods_overlap
from networks.constants import OrganisationKind
from networks.models import Network, Organisation
from verkennend_gesprek.models import Deelnemer, Persoon
from verkennend_gesprek.selectors.deelname import (
    ggz_deelnames_held,
    ggz_deelnames_of,
    persoon_lock,
)


@transaction.atomic
def verzekering_record(
    *,
    persoon: Persoon,
    insurer: Organisation,
    policy_number: str,
    starts_on: date,
    ends_on: date | None = None,
    user=None,
) -> Verzekering:
    """Record a person's basic insurance as checked (COV). A person has one basic
    insurance at a time, so periods may not overlap."""
    errors: dict[str, list[str]] = {}
    if insurer.kind != OrganisationKind.ZORGVERZEKERAAR:
        errors["insurer"] = [_("Kies een zorgverzekeraar.")]
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("De einddatum ligt vóór de begindatum.")]
    else:
        persoon_lock(persoon)
        for period in person_periods(persoon).select_related("insurer"):
            if periods_overlap(starts_on, ends_on, period.starts_on, period.ends_on):
                errors["starts_on"] = [
                    _(
                        "Deze periode overlapt met de verzekering bij %(insurer)s vanaf "
                        "%(start)s; een persoon heeft één basisverzekering tegelijk."
                    )
                    % {"insurer": period.insurer.name, "start": f"{period.starts_on:%d-%m-%Y}"}
                ]
                break
    if errors:
        raise ValidationError(errors)
    verzekering = Verzekering(
        persoon=persoon,
        insurer=insurer,
        policy_number=policy_number,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=user,
    )
    verzekering.full_clean()
    verzekering.save()
    return verzekering


@dataclass(frozen=True)
class Coverage:
    insurer_id: int
    policy_number: str


def person_periods(persoon: Persoon):
    """The person's checked insurance periods, recorded under any of their requests: each
    request keeps its own details (R-PR-2), the person is (network, bsn)."""
    return Verzekering.objects.filter(
        persoon__network_id=persoon.network_id, persoon__bsn=persoon.bsn
    )


def coverage_on(persoon: Persoon, day: date, periods: list[Verzekering] | None = None):
    """The person's insurance on a day (R-BK-1, at the service date, never "current"):

    - a checked period covering the day, recorded under any of the person's requests, wins;
    - else, when the day lies before the person's first recorded period (or none was ever
      recorded), the insurer and policy number submitted with this request (``persoon`` is
      the conversation's own request's row): a period recorded after a switch says nothing
      about the days before it;
    - else (after or between recorded periods, without cover): None, not insured that day.
    """
    if periods is None:
        periods = list(person_periods(persoon))
    for period in periods:
        if period.starts_on <= day and (period.ends_on is None or day <= period.ends_on):
            return Coverage(period.insurer_id, period.policy_number)
    if all(day < period.starts_on for period in periods):
        return Coverage(persoon.insurer_id, persoon.policy_number)
    return None


def prestatie_on(
    function: str, day: date, prestaties: list[Prestatie] | None = None, *, route: str = ""
):
    """The prestatie of a function on a day through a route (R-BK-2: PGGAZ or O&I for a
    lumpsum function, by the kassier's kind; blank for the VG)."""
    if prestaties is None:
        prestaties = list(Prestatie.objects.filter(function=function))
    valid = [
        p
        for p in prestaties
        if p.function == function
        and p.route == route
        and p.valid_from <= day
        and (p.valid_until is None or day <= p.valid_until)
    ]
    return max(valid, key=lambda p: p.valid_from, default=None)


@dataclass
class Resolution:
    """What a held conversation becomes: a line's values (with the participation of the
    treating ggz professional it names), or a held-back reason."""

    reason: str = ""
    detail: str = ""
    contract: Contract | None = None
    coverage: Coverage | None = None
    prestatie: Prestatie | None = None
    deelnemer: Deelnemer | None = None


def _valid_on(contracts: list[Contract], day: date) -> list[Contract]:
    return [c for c in contracts if c.starts_on <= day <= c.ends_on]


def _periods_text(contracts: list[Contract]) -> str:
    return ", ".join(f"{c.starts_on:%d-%m-%Y} t/m {c.ends_on:%d-%m-%Y}" for c in contracts)


def _resolve(deelnemers: list[Deelnemer], day: date, ctx: "_Context") -> Resolution:
    """R-BK-1 for one conversation: ``deelnemers`` are its present ggz professionals, in
    the order their rows were added (pk). See the module docstring for the rule."""
    deelnemers = sorted(deelnemers, key=lambda d: d.pk)
    first = deelnemers[0]
    persoon = first.gesprek.verkennend_gesprek.persoon
    coverage = coverage_on(persoon, day, ctx.periods.get(persoon.bsn, []))
    if coverage is None:
        return Resolution(
            reason=HeldBackReason.NIET_VERZEKERD,
            detail=_("Geen verzekering vastgelegd die %(day)s dekt.") % {"day": day},
            deelnemer=first,
        )
    prestatie = prestatie_on(Function.VERKENNEND_GESPREK, day, ctx.prestaties)
    if prestatie is None:
        return Resolution(
            reason=HeldBackReason.GEEN_PRESTATIE,
            detail=_("De prestatie bestaat niet op %(day)s.") % {"day": day},
            deelnemer=first,
        )
    # 1. A present ggz professional's organisation with a valid contract: the first added.
    for deelnemer in deelnemers:
        org_id = deelnemer.professional.organisation_id
        valid = _valid_on(ctx.contracts.get((org_id, coverage.insurer_id), []), day)
        if valid:
            # Several valid contracts with the same insurer: the latest one counts.
            contract = max(valid, key=lambda c: (c.starts_on, c.pk))
            return Resolution(
                contract=contract, coverage=coverage, prestatie=prestatie, deelnemer=deelnemer
            )
    # 2. An RHO of the network that bought the VG for its huisartsen with this insurer.
    rho_contracts = ctx.rho_contracts.get(coverage.insurer_id, [])
    valid = _valid_on(rho_contracts, day)
    if valid:
        contract = min(valid, key=lambda c: (c.starts_on, c.pk))
        return Resolution(
            contract=contract, coverage=coverage, prestatie=prestatie, deelnemer=first
        )
    # 3. Held back with the reason of the first present ggz professional's organisation.
    organisation = first.professional.organisation
    own = ctx.contracts.get((organisation.pk, coverage.insurer_id), [])
    if own:
        return Resolution(
            reason=HeldBackReason.CONTRACT_NIET_GELDIG,
            detail=_("Contract geldig %(periods)s; gesprek op %(day)s.")
            % {"periods": _periods_text(own), "day": f"{day:%d-%m-%Y}"},
            coverage=coverage,
            deelnemer=first,
        )
    if rho_contracts:
        return Resolution(
            reason=HeldBackReason.CONTRACT_NIET_GELDIG,
            detail=_(
                "%(org)s heeft geen contract voor het VG met %(insurer)s; het contract van "
                "%(rho)s is geldig %(periods)s; gesprek op %(day)s."
            )
            % {
                "org": organisation.name,
                "insurer": ctx.name(coverage),
                "rho": rho_contracts[0].provider.name,
                "periods": _periods_text(rho_contracts),
                "day": f"{day:%d-%m-%Y}",
            },
            coverage=coverage,
            deelnemer=first,
        )
    return Resolution(
        reason=HeldBackReason.GEEN_CONTRACT,
        detail=_("%(org)s heeft geen contract voor het VG met %(insurer)s.")
        % {"org": organisation.name, "insurer": ctx.name(coverage)},
        coverage=coverage,
        deelnemer=first,
    )


@dataclass
class _Context:
    """Everything a run needs, loaded in a few queries for the whole network."""

    network: Network
    # (provider id, insurer id) -> the provider's VG contracts with the insurer.
    contracts: dict = field(default_factory=dict)
    # insurer id -> VG contracts of RHOs of the network with the insurer, first started first.
    rho_contracts: dict = field(default_factory=dict)
    periods: dict = field(default_factory=dict)
    prestaties: list = field(default_factory=list)
    insurer_names: dict = field(default_factory=dict)

    @classmethod
    def load(cls, network: Network, bsns) -> "_Context":
        ctx = cls(network=network)
        for contract in (
            Contract.objects.filter(
                network=network, function=Function.VERKENNEND_GESPREK, declaring=True
            )
            .select_related("insurer", "provider")
            .order_by("starts_on", "pk")
        ):
            ctx.contracts.setdefault((contract.provider_id, contract.insurer_id), []).append(
                contract
            )
            if contract.provider.kind == OrganisationKind.RHO:
                ctx.rho_contracts.setdefault(contract.insurer_id, []).append(contract)
        # Per person (bsn within this network), whichever request recorded the period.
        for period in Verzekering.objects.filter(
            persoon__network=network, persoon__bsn__in=bsns
        ).select_related("persoon"):
            ctx.periods.setdefault(period.persoon.bsn, []).append(period)
        ctx.prestaties = list(Prestatie.objects.filter(function=Function.VERKENNEND_GESPREK))
        ctx.insurer_names = dict(
            Organisation.objects.filter(kind=OrganisationKind.ZORGVERZEKERAAR).values_list(
                "pk", "name"
            )
        )
        return ctx

    def name(self, coverage: Coverage) -> str:
        return self.insurer_names.get(coverage.insurer_id, str(coverage.insurer_id))


def _open_ggz_participations(network: Network):
    """Present ggz professionals of held conversations that have ended (start + duration
    passed: attendance may be recorded from the start on) without a live line yet — by
    anyone: one conversation has at most one live VG line. One recorded before its end is
    picked up by a later run, e.g. the nightly one. The end is computed in the database on
    PostgreSQL; SQLite (the embedded default) cannot multiply a duration, so there the
    started ones are read and ``_has_ended`` keeps those that ended."""
    live = Declaratieregel.objects.filter(
        soort=Soort.VG,
        gesprek=OuterRef("gesprek"),
        credit_of__isnull=True,
        credited=False,
    )
    now = timezone.now()
    held = ggz_deelnames_held(network).exclude(Exists(live))
    if connection.vendor != "postgresql":
        return held.filter(gesprek__starts_at__lte=now)
    duration = ExpressionWrapper(
        F("gesprek__duration_minutes") * timedelta(minutes=1), output_field=DurationField()
    )
    ended = ExpressionWrapper(F("gesprek__starts_at") + duration, output_field=DateTimeField())
    return held.alias(ends_at=ended).filter(ends_at__lte=now)


def _has_ended(deelnemer: Deelnemer, now) -> bool:
    gesprek = deelnemer.gesprek
    return gesprek.starts_at + timedelta(minutes=gesprek.duration_minutes) <= now


def _line_from(day, resolution: Resolution, *, user=None, replaces=None):
    deelnemer = resolution.deelnemer
    persoon = deelnemer.gesprek.verkennend_gesprek.persoon
    contract = resolution.contract
    return Declaratieregel(
        network_id=contract.network_id,
        soort=Soort.VG,
        function=Function.VERKENNEND_GESPREK,
        contract=contract,
        provider_id=contract.provider_id,
        insurer_id=contract.insurer_id,
        uzovi=contract.insurer.uzovi or "",
        provider_agb=contract.provider.agb_code or "",
        prestatiecode=resolution.prestatie.code,
        gesprek=deelnemer.gesprek,
        professional=deelnemer.professional,
        professional_agb=deelnemer.professional.agb_code or "",
        professional_name=deelnemer.professional.name,
        bsn=persoon.bsn,
        policy_number=resolution.coverage.policy_number,
        date_of_birth=persoon.date_of_birth,
        service_date=day,
        period_end=day,
        tariff=contract.tariff,
        amount=contract.tariff,
        created_by=user,
        replaces=replaces,
    )


@dataclass
class RunResult:
    created: int = 0
    held_back: int = 0
    resolved: int = 0


@transaction.atomic
def declaraties_generate(*, network: Network, user=None) -> RunResult:
    """R-BK-1: every held, ended conversation with a present ggz professional becomes one
    concept line, declared by the party the rule picks (module docstring: a present ggz
    organisation with a valid contract, else an RHO of the network with one), addressed to
    the person's insurer on the conversation date at the contract's tariff — or is held
    back with its reason (one held-back row per conversation). Idempotent: run it again
    after fixing a contract or an insurance and only what is still missing is made;
    held-back rows whose cause is gone are marked resolved."""
    now = timezone.now()
    deelnemers = [
        d
        for d in _open_ggz_participations(network).select_for_update(of=("self",))
        if _has_ended(d, now)
    ]
    ctx = _Context.load(network, {d.gesprek.verkennend_gesprek.persoon.bsn for d in deelnemers})
    held = {h.gesprek_id: h for h in TegengehoudenDeclaratie.objects.filter(network=network)}
    per_gesprek: dict[int, list[Deelnemer]] = {}
    for deelnemer in deelnemers:  # oldest conversation first
        per_gesprek.setdefault(deelnemer.gesprek_id, []).append(deelnemer)
    result = RunResult()
    lines = []
    for gesprek_id, present in per_gesprek.items():
        day = timezone.localdate(present[0].gesprek.starts_at)
        resolution = _resolve(present, day, ctx)
        if resolution.reason:
            result.held_back += 1
            TegengehoudenDeclaratie.objects.update_or_create(
                gesprek_id=gesprek_id,
                defaults={
                    "network": network,
                    "provider_id": resolution.deelnemer.professional.organisation_id,
                    "professional": resolution.deelnemer.professional,
                    "insurer_id": resolution.coverage.insurer_id if resolution.coverage else None,
                    "service_date": day,
                    "reason": resolution.reason,
                    "detail": resolution.detail[:300],
                    "resolved_at": None,
                },
            )
            continue
        lines.append(_line_from(day, resolution, user=user))
        blocked = held.get(gesprek_id)
        if blocked is not None and blocked.resolved_at is None:
            blocked.resolved_at = timezone.now()
            blocked.save(update_fields=["resolved_at", "checked_at"])
            result.resolved += 1
    Declaratieregel.objects.bulk_create(lines)
    # The lines copy the person's BSN, policy number and date of birth (R-PR-1).
    log_access_many(
        None, event=Event.CREATE, subjects=lines, detail="declaratieregel gemaakt", user=user
    )
    result.created = len(lines)
    return result


def regel_transition(regel: Declaratieregel, to: str, *, reason: str = "") -> Declaratieregel:
    """Move a line along TRANSITIONS; the same state again is a no-op (retries are safe)."""
    if regel.status == to and regel.rejection_reason == (reason or "").strip():
        return regel
    if to not in TRANSITIONS[RegelStatus(regel.status)]:
        raise ValidationError(
            {
                "status": [
                    _("Regel %(ref)s kan niet van %(from)s naar %(to)s.")
                    % {
                        "ref": regel.reference,
                        "from": RegelStatus(regel.status).label,
                        "to": RegelStatus(to).label,
                    }
                ]
            }
        )
    reason = (reason or "").strip()
    if to == RegelStatus.AFGEWEZEN and not reason:
        raise ValidationError({"reason": [_("Geef de reden van afwijzing.")]})
    regel.status = to
    regel.rejection_reason = reason[:300] if to == RegelStatus.AFGEWEZEN else ""
    regel.status_changed_at = timezone.now()
    regel.save(update_fields=["status", "rejection_reason", "status_changed_at"])
    return regel


def regels_mark_ready(regels) -> int:
    """Mark concept lines ready to export; returns how many moved."""
    return Declaratieregel.objects.filter(
        pk__in=[r.pk for r in regels], status=RegelStatus.CONCEPT
    ).update(status=RegelStatus.KLAAR, status_changed_at=timezone.now())


def regel_judge(regel: Declaratieregel, *, accepted: bool, reason: str = ""):
    """The insurer's answer per line (API, 574 return, upload)."""
    to = RegelStatus.GEACCEPTEERD if accepted else RegelStatus.AFGEWEZEN
    return regel_transition(regel, to, reason=reason)


CORRECTABLE = {RegelStatus.GEEXPORTEERD, RegelStatus.GEACCEPTEERD, RegelStatus.AFGEWEZEN}


@transaction.atomic
def regel_correct(regel: Declaratieregel, *, user=None):
    """R-BK-1: a correction never changes or deletes a sent line. It adds a credit line
    (the negative of the original, pointing at it) and, for a VG line, a new line made
    from today's data (the fixed insurance or contract), resolved again with the same rule
    on the line's service date: the insurer on that date, and the declaring party the rule
    picks (which may differ from the original's, e.g. an RHO-declared line whose ggz
    organisation has since been contracted). Returns (credit, new line)."""
    regel = Declaratieregel.objects.select_for_update().get(pk=regel.pk)
    if regel.is_credit or regel.credited:
        raise ValidationError(_("Deze regel is al gecrediteerd of is zelf een creditregel."))
    if regel.status not in CORRECTABLE:
        raise ValidationError(
            _("Alleen een verzonden regel wordt gecorrigeerd; zet deze regel terug naar concept.")
        )
    new = None
    if regel.soort == Soort.VG:
        present = list(ggz_deelnames_of(regel.gesprek))
        if not present:
            raise ValidationError(
                _("De nieuwe regel kan niet worden gemaakt: er was geen ggz-professional aanwezig.")
            )
        persoon = regel.gesprek.verkennend_gesprek.persoon
        ctx = _Context.load(regel.network, {persoon.bsn})
        resolution = _resolve(present, regel.service_date, ctx)
        if resolution.reason:
            raise ValidationError(
                _("De nieuwe regel kan niet worden gemaakt: %(reason)s. %(detail)s")
                % {"reason": HeldBackReason(resolution.reason).label, "detail": resolution.detail}
            )
        new = _line_from(regel.service_date, resolution, user=user, replaces=regel)
    regel.credited = True
    regel.save(update_fields=["credited"])
    credit = Declaratieregel.objects.create(
        network_id=regel.network_id,
        soort=regel.soort,
        function=regel.function,
        contract_id=regel.contract_id,
        provider_id=regel.provider_id,
        insurer_id=regel.insurer_id,
        uzovi=regel.uzovi,
        provider_agb=regel.provider_agb,
        prestatiecode=regel.prestatiecode,
        route=regel.route,
        gesprek_id=regel.gesprek_id,
        professional_id=regel.professional_id,
        professional_agb=regel.professional_agb,
        professional_name=regel.professional_name,
        bsn=regel.bsn,
        policy_number=regel.policy_number,
        date_of_birth=regel.date_of_birth,
        service_date=regel.service_date,
        period_end=regel.period_end,
        tariff=regel.tariff,
        amount=-regel.amount,
        credit_of=regel,
        status=RegelStatus.KLAAR,
        created_by=user,
    )
    if new is not None:
        new.save()
    return credit, new


JUDGE_CHUNK = 50_000  # lines per set-based UPDATE


def regels_judge_bulk(changes) -> int:
    """``regel_judge`` for many lines at once (a return message of 100,000 verdicts):
    ``changes`` are ``(pk, from status, to status, reason)``, every move along TRANSITIONS
    and every rejection with its reason, as ``regel_transition`` demands. On PostgreSQL one
    ``UPDATE … FROM unnest(…)`` per JUDGE_CHUNK lines; each line only moves from the status
    it was checked in, and when any line is no longer there (changed meanwhile) the whole
    call raises, so the caller's transaction changes nothing. Call it inside a transaction
    that has locked the lines (``verdicts_apply``). Returns the number of lines moved."""
    from django.db import connection

    rows = []
    for pk, current, to, reason in changes:
        reason = (reason or "").strip()
        if to not in TRANSITIONS[RegelStatus(current)]:
            raise ValidationError(
                {
                    "status": [
                        _("Regel %(ref)s kan niet van %(from)s naar %(to)s.")
                        % {
                            "ref": Declaratieregel(pk=pk).reference,
                            "from": RegelStatus(current).label,
                            "to": RegelStatus(to).label,
                        }
                    ]
                }
            )
        if to == RegelStatus.AFGEWEZEN and not reason:
            raise ValidationError({"reason": [_("Geef de reden van afwijzing.")]})
        rows.append(
            (pk, str(current), str(to), reason[:300] if to == RegelStatus.AFGEWEZEN else "")
        )
    if not rows:
        return 0
    now = timezone.now()
    moved = 0
    for start in range(0, len(rows), JUDGE_CHUNK):
        chunk = rows[start : start + JUDGE_CHUNK]
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(Declaratieregel._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} AS r SET status = v.status, rejection_reason = v.reason, "  # noqa: S608
                    "status_changed_at = %s "
                    "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) "
                    "AS v(id, from_status, status, reason) "
                    "WHERE r.id = v.id AND r.status = v.from_status",
                    [now, *(list(column) for column in zip(*chunk, strict=True))],
                )
                done = cursor.rowcount
        else:
            done = sum(
                Declaratieregel.objects.filter(pk=pk, status=current).update(
                    status=to, rejection_reason=reason, status_changed_at=now
                )
                for pk, current, to, reason in chunk
            )
        if done != len(chunk):
            raise ValidationError(
                _(
                    "Een of meer regels zijn intussen gewijzigd; er is niets veranderd. Probeer het opnieuw."
                ),
                code="changed_meanwhile",
            )
        moved += done
    return moved
