"""Requesting a verkennend gesprek (R-VG-1, R-VG-2): the huisarts's request, web or API."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn.jobs.outbox import enqueue_on_commit
from mgn.validators import (
    TEXT_REQUEST,
    clean_name,
    clean_text,
    validate_bsn,
    validate_date_of_birth,
    validate_line,
)
from networks.constants import Discipline, LifeDomain, OrganisationKind
from networks.models import Gemeente, Network, Organisation, Professional
from networks.selectors.netwerken import network_serves_gemeente
from networks.selectors.organisaties import can_act_for
from verkennend_gesprek.constants import MINIMUM_AGE, Expertise
from verkennend_gesprek.models import GeweigerdeAanvraag, Persoon, VerkennendGesprek
from verkennend_gesprek.selectors.persoon import open_request_for, person_lock


class OpenRequestExists(ValidationError):
    """The person already has an open request in the network (OPEN_REQUEST_STATUSES).

    Says only that, and whom to contact (the network's coordinating organisation), never
    which practice asked or anything else of the open request. ``attempt`` is the recorded
    refusal."""

    def __init__(self, message: str, attempt: GeweigerdeAanvraag):
        super().__init__(message, code="open_request")
        self.attempt = attempt


def open_request_message(network: Network) -> str:
    regievoerder = network.regievoerder
    contact = ", ".join(
        part for part in (regievoerder.name, regievoerder.phone, regievoerder.email) if part
    )
    message = _(
        "Voor deze persoon loopt in dit netwerk al een aanvraag voor een verkennend gesprek. "
        "Er kan maar één aanvraag tegelijk open staan. Neem contact op met de "
        "netwerkcoördinator"
    )
    return f"{message} ({contact})." if contact else f"{message}."


@dataclass(frozen=True)
class PersoonData:
    bsn: str
    given_name: str
    family_name: str
    date_of_birth: date
    gemeente: Gemeente
    insurer: Organisation
    policy_number: str
    family_name_prefix: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


def _clean_input(*, persoon: PersoonData, hulpvraag: str) -> tuple[PersoonData, str]:
    """The bounds on input (docs/input-limits.md), kept here too so the web form, the API
    and any other caller meet the same ones: names NFC-normalised and visible, without
    control or direction characters; a plausible date of birth; the hulpvraag at most
    ``TEXT_REQUEST`` characters of plain text."""
    errors: dict[str, list] = {}
    names = {}
    for field in ("given_name", "family_name_prefix", "family_name"):
        try:
            names[field] = clean_name(getattr(persoon, field))
        except ValidationError as error:
            errors[field] = error.error_list
    for field in ("address", "phone", "policy_number"):
        try:
            validate_line(getattr(persoon, field))
        except ValidationError as error:
            errors[field] = error.error_list
    try:
        validate_date_of_birth(persoon.date_of_birth)
    except ValidationError as error:
        errors["date_of_birth"] = error.error_list
    try:
        hulpvraag = clean_text(hulpvraag)
    except ValidationError as error:
        errors["hulpvraag"] = error.error_list
    else:
        if len(hulpvraag) > TEXT_REQUEST:
            errors["hulpvraag"] = [
                ValidationError(
                    _("De hulpvraag is %(n)d tekens; hooguit %(max)d.")
                    % {"n": len(hulpvraag), "max": TEXT_REQUEST},
                    code="max_length",
                )
            ]
    if errors:
        raise ValidationError(errors)
    return replace(persoon, **names), hulpvraag


def _check_requester(*, network: Network, huisarts: Professional, requested_by) -> None:
    """R-VG-1: only a huisarts of a practice in the network requests; a system acting for
    the practice (API token) names the huisarts by personal AGB."""
    if not network.offers_verkennend_gesprek:
        # R-NW-4: the network must offer the function before anyone requests it.
        raise ValidationError(
            _("%(network)s biedt het verkennend gesprek niet aan.") % {"network": network.name}
        )
    errors = []
    if huisarts.discipline != Discipline.HUISARTS or not huisarts.is_active:
        errors.append(_("Alleen een huisarts kan een verkennend gesprek aanvragen."))
    if huisarts.organisation.kind != OrganisationKind.HUISARTSENPRAKTIJK:
        errors.append(_("De aanvrager moet werken bij een huisartsenpraktijk."))
    if not huisarts.agb_code:
        errors.append(_("De aanvragend huisarts heeft geen persoonlijke AGB-code."))
    if not network.partnerships.filter(organisation=huisarts.organisation_id).exists():
        errors.append(_("Deze huisartsenpraktijk neemt niet deel aan dit netwerk."))
    if huisarts.user_id != requested_by.pk and not can_act_for(requested_by, huisarts.organisation):
        errors.append(_("U kunt alleen namens uzelf of uw eigen praktijk aanvragen."))
    if errors:
        raise ValidationError({"huisarts": errors})


def _check_target_group(
    *,
    network: Network,
    persoon: PersoonData,
    psychische_klachten: bool,
    life_domains: list[str],
    on: date,
) -> None:
    """R-VG-2: adults with basic insurance, psychological complaints and a problem in at
    least one other life domain; living in the network's area."""
    errors: dict[str, list[str]] = {}
    born = persoon.date_of_birth
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if born > on:
        errors["date_of_birth"] = [_("De geboortedatum ligt in de toekomst.")]
    elif age < MINIMUM_AGE:
        errors["date_of_birth"] = [
            _("Het verkennend gesprek is voor volwassenen: de persoon is %(age)s jaar.")
            % {"age": age}
        ]
    if persoon.insurer.kind != OrganisationKind.ZORGVERZEKERAAR:
        errors["insurer"] = [_("Kies de zorgverzekeraar van de basisverzekering.")]
    if not persoon.policy_number.strip():
        errors["policy_number"] = [_("Het polisnummer is nodig voor de declaratie.")]
    if not psychische_klachten:
        errors["psychische_klachten"] = [
            _("Het verkennend gesprek is voor mensen met psychische klachten.")
        ]
    if not set(life_domains) & set(LifeDomain.values):
        errors["life_domains"] = [
            _("Kies minstens één ander levensgebied met problemen (geld, wonen, werk, …).")
        ]
    if not network_serves_gemeente(network, persoon.gemeente):
        errors["gemeente"] = [_("Deze gemeente valt buiten het werkgebied van het netwerk.")]
    if errors:
        raise ValidationError(errors)


def gesprek_request(
    *,
    network: Network,
    huisarts: Professional,
    requested_by,
    persoon: PersoonData,
    hulpvraag: str,
    life_domains: list[str],
    psychische_klachten: bool = True,
    expertise: list[str] | None = None,
    naaste_komt: bool = False,
    urgency: str = "regulier",
    consent: bool,
    idempotency_key: str | None = None,
    requested_at: datetime | None = None,
) -> tuple[VerkennendGesprek, bool]:
    """A huisarts requests a verkennend gesprek. Returns (request, created).

    The same idempotency key from the same requester returns the first request, so a
    double click or an API retry creates one request. The person's details are stored as
    submitted, in a row of this request's own (R-PR-2): nothing another request submitted
    is changed.

    One open request per person: when the person (network, bsn) already has an open
    request, the attempt is recorded and ``OpenRequestExists`` raised. The record is
    written in this function's own transaction block before the exception leaves it, so a
    caller that wraps the call in ``transaction.atomic`` must catch the exception inside
    its block to keep the record.
    """
    if idempotency_key:
        existing = VerkennendGesprek.objects.filter(
            requested_by=requested_by, idempotency_key=idempotency_key
        ).first()
        if existing:
            return existing, False
    requested_at = requested_at or timezone.now()
    bsn = validate_bsn(persoon.bsn)
    persoon, hulpvraag = _clean_input(persoon=persoon, hulpvraag=hulpvraag)
    _check_requester(network=network, huisarts=huisarts, requested_by=requested_by)
    _check_target_group(
        network=network,
        persoon=persoon,
        psychische_klachten=psychische_klachten,
        life_domains=life_domains,
        on=timezone.localdate(requested_at),
    )
    if not consent:
        raise ValidationError({"consent": [_("De persoon moet toestemming geven.")]})
    if not hulpvraag.strip():
        raise ValidationError({"hulpvraag": [_("Beschrijf de hulpvraag.")]})
    unknown = set(expertise or []) - set(Expertise.values)
    if unknown:
        raise ValidationError({"expertise": [_("Onbekende expertise: %s") % ", ".join(unknown)]})

    with transaction.atomic():
        # One writer per person until commit: the open-request check and the insert below
        # see every request committed before (20 concurrent calls make one request).
        person_lock(network.pk, bsn)
        if idempotency_key:
            existing = VerkennendGesprek.objects.filter(
                requested_by=requested_by, idempotency_key=idempotency_key
            ).first()
            if existing:  # a concurrent retry with the same key came first
                return existing, False
        open_request = open_request_for(network.pk, bsn)
        if open_request is None:
            return _create(
                network=network,
                huisarts=huisarts,
                requested_by=requested_by,
                persoon=Persoon.objects.create(
                    network=network,
                    bsn=bsn,
                    **{k: v for k, v in persoon.__dict__.items() if k != "bsn"},
                ),
                idempotency_key=idempotency_key,
                requested_at=requested_at,
                hulpvraag=hulpvraag,
                psychische_klachten=psychische_klachten,
                life_domains=life_domains,
                expertise=expertise,
                naaste_komt=naaste_komt,
                urgency=urgency,
                consent=consent,
            )
        attempt = _refusal_record(
            open_request,
            huisarts=huisarts,
            requested_by=requested_by,
            idempotency_key=idempotency_key,
        )
    raise OpenRequestExists(open_request_message(network), attempt)


def _refusal_record(
    open_request: VerkennendGesprek, *, huisarts, requested_by, idempotency_key
) -> GeweigerdeAanvraag:
    """Record the refused attempt once (a retry with the same key is the same attempt)."""
    if idempotency_key:
        earlier = GeweigerdeAanvraag.objects.filter(
            requested_by=requested_by, idempotency_key=idempotency_key
        ).first()
        if earlier:
            return earlier
    return GeweigerdeAanvraag.objects.create(
        open_request=open_request,
        practice=huisarts.organisation,
        huisarts=huisarts,
        requested_by=requested_by,
        idempotency_key=idempotency_key or None,
    )


def _create(
    *,
    network,
    huisarts,
    requested_by,
    persoon: Persoon,
    idempotency_key,
    requested_at,
    hulpvraag,
    psychische_klachten,
    life_domains,
    expertise,
    naaste_komt,
    urgency,
    consent,
) -> tuple[VerkennendGesprek, bool]:
    try:
        with transaction.atomic():
            vg = VerkennendGesprek.objects.create(
                network=network,
                persoon=persoon,
                practice=huisarts.organisation,
                huisarts=huisarts,
                huisarts_agb=huisarts.agb_code,
                requested_by=requested_by,
                requested_at=requested_at,
                idempotency_key=idempotency_key or None,
                hulpvraag=hulpvraag.strip(),
                psychische_klachten=psychische_klachten,
                life_domains=sorted(set(life_domains) & set(LifeDomain.values)),
                expertise=sorted(set(expertise or [])),
                naaste_komt=naaste_komt,
                urgency=urgency,
                consent=consent,
                planners_queued_at=timezone.now(),
            )
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its request.
        if idempotency_key:
            persoon.delete()
            return VerkennendGesprek.objects.get(
                requested_by=requested_by, idempotency_key=idempotency_key
            ), False
        raise
    from verkennend_gesprek import tasks

    enqueue_on_commit(tasks.notify_planners, vg.pk)
    return vg, True
