"""Every write of function I, with the rules R-VG-1 … R-VG-7 it must respect.

Views, the API, tasks and the admin call these; none saves a model itself.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stdnum.nl import bsn as stdnum_bsn

from networks.constants import GGZ_KINDS, Discipline, OrganisationKind
from networks.models import Gemeente, Network, Organisation, Professional
from networks.selectors.organisaties import can_act_for

from .constants import (
    MAX_GESPREKKEN,
    MINIMUM_AGE,
    PROFESSIONAL_ROLES,
    REQUIRED_ROLES,
    ROUTE_FIELDS,
    AdviesStatus,
    Expertise,
    LetterStatus,
    LifeDomain,
    Mode,
    ParticipantRole,
    Status,
)
from .models import Advies, AdviesBrief, Afspraak, Deelnemer, Gesprek, Persoon, VerkennendGesprek


def validate_bsn(value: str) -> str:
    """Nine digits passing the elfproef (python-stdnum); returns the compact form."""
    try:
        return stdnum_bsn.validate(value)
    except Exception:  # stdnum raises several ValidationError subclasses
        raise ValidationError(
            _("Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan)."), code="invalid_bsn"
        ) from None


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


def practices_for_huisarts(user) -> list[Professional]:
    """The huisarts records through which this user may request a VG (R-VG-1)."""
    return list(
        Professional.objects.filter(
            user=user,
            is_active=True,
            discipline=Discipline.HUISARTS,
            organisation__kind=OrganisationKind.HUISARTSENPRAKTIJK,
        ).select_related("organisation")
    )


def _check_requester(*, network: Network, huisarts: Professional, requested_by) -> None:
    """R-VG-1: only a huisarts of a practice in the network requests; a system acting for
    the practice (API token) names the huisarts by personal AGB."""
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
    # One query: a network with no gemeenten listed serves everyone.
    area = Network.gemeenten.through.objects.filter(network=network).aggregate(
        listed=Count("pk"), hit=Count("pk", filter=Q(gemeente=persoon.gemeente))
    )
    if area["listed"] and not area["hit"]:
        errors["gemeente"] = [_("Deze gemeente valt buiten het werkgebied van het netwerk.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
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
    double click or an API retry creates one request.
    """
    if idempotency_key:
        existing = VerkennendGesprek.objects.filter(
            requested_by=requested_by, idempotency_key=idempotency_key
        ).first()
        if existing:
            return existing, False
    requested_at = requested_at or timezone.now()
    bsn = validate_bsn(persoon.bsn)
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

    # One upsert: the latest request brings the person's current details.
    fields = {k: v for k, v in persoon.__dict__.items() if k != "bsn"}
    (record,) = Persoon.objects.bulk_create(
        [Persoon(network=network, bsn=bsn, **fields)],
        update_conflicts=True,
        unique_fields=["network", "bsn"],
        update_fields=[*fields, "updated_at"],
    )
    try:
        with transaction.atomic():
            vg = VerkennendGesprek.objects.create(
                network=network,
                persoon=record,
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
            )
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its request.
        if idempotency_key:
            return VerkennendGesprek.objects.get(
                requested_by=requested_by, idempotency_key=idempotency_key
            ), False
        raise
    from . import tasks

    transaction.on_commit(lambda: tasks.notify_planners.delay(vg.pk))
    return vg, True


def _check_professional(professional: Professional, role: str, network: Network) -> None:
    kinds = {
        ParticipantRole.GGZ: GGZ_KINDS,
        ParticipantRole.SD: {OrganisationKind.SD_AANBIEDER},
    }.get(role)
    if kinds and professional.organisation.kind not in kinds:
        raise ValidationError(
            {
                role: [
                    _("%(name)s werkt niet bij een %(domain)s-organisatie.")
                    % {"name": professional.name, "domain": ParticipantRole(role).label.lower()}
                ]
            }
        )
    if not network.partnerships.filter(organisation=professional.organisation_id).exists():
        raise ValidationError(
            {
                role: [
                    _("%(org)s neemt niet deel aan dit netwerk.")
                    % {"org": professional.organisation.name}
                ]
            }
        )


@transaction.atomic
def gesprek_schedule(
    *,
    vg: VerkennendGesprek,
    starts_at: datetime,
    ggz: Professional | None,
    sd: Professional | None,
    mode: str = Mode.LOCATIE,
    location: str = "",
    online_link: str = "",
    duration_minutes: int = 60,
    ervaringsdeskundige: Professional | None = None,
    naaste_name: str = "",
    naaste_email: str = "",
) -> Gesprek:
    """Plan a conversation with its participants (R-VG-4) — the first, or a second (R-VG-5)."""
    vg = VerkennendGesprek.objects.select_for_update().get(pk=vg.pk)
    if vg.status == Status.GEANNULEERD:
        raise ValidationError(_("Deze aanvraag is geannuleerd."))
    existing = list(vg.gesprekken.all())
    if len(existing) >= MAX_GESPREKKEN:
        raise ValidationError(
            _("Per aanvraag zijn hooguit twee gesprekken mogelijk (R-VG-5)."), code="max_gesprekken"
        )
    if any(not g.held for g in existing):
        raise ValidationError(
            _(
                "Er staat al een gesprek gepland; verplaats dat gesprek in plaats van een nieuw te plannen."
            )
        )
    errors = {}
    if ggz is None:
        errors["ggz"] = [_("Een ggz-professional neemt deel (R-VG-4).")]
    if sd is None:
        errors["sd"] = [_("Een professional uit het sociaal domein neemt deel (R-VG-4).")]
    if mode == Mode.LOCATIE and not location.strip():
        errors["location"] = [_("Vul het adres in voor een gesprek op locatie.")]
    if mode == Mode.ONLINE and not online_link.strip():
        errors["online_link"] = [_("Vul de link in voor een online gesprek.")]
    if starts_at < vg.requested_at:
        errors["starts_at"] = [_("Het gesprek kan niet vóór de aanvraag plaatsvinden.")]
    if errors:
        raise ValidationError(errors)
    for professional, role in ((ggz, ParticipantRole.GGZ), (sd, ParticipantRole.SD)):
        _check_professional(professional, role, vg.network)
    if ervaringsdeskundige:
        _check_professional(ervaringsdeskundige, ParticipantRole.ERVARINGSDESKUNDIGE, vg.network)

    gesprek = Gesprek.objects.create(
        verkennend_gesprek=vg,
        number=len(existing) + 1,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location.strip() if mode == Mode.LOCATIE else "",
        online_link=online_link.strip() if mode == Mode.ONLINE else "",
    )
    participants = [(ParticipantRole.GGZ, ggz), (ParticipantRole.SD, sd)]
    if ervaringsdeskundige:
        participants.append((ParticipantRole.ERVARINGSDESKUNDIGE, ervaringsdeskundige))
    Deelnemer.objects.bulk_create(
        [
            Deelnemer(gesprek=gesprek, role=role, professional=p, email=p.email)
            for role, p in participants
        ]
        + (
            [
                Deelnemer(
                    gesprek=gesprek,
                    role=ParticipantRole.NAASTE,
                    name=naaste_name.strip(),
                    email=naaste_email.strip(),
                )
            ]
            if naaste_name.strip()
            else []
        )
    )
    vg.status = Status.GEPLAND
    vg.save(update_fields=["status"])
    from . import tasks

    transaction.on_commit(lambda: tasks.send_invitations.delay(gesprek.pk))
    return gesprek


@transaction.atomic
def gesprek_reschedule(
    *, gesprek: Gesprek, starts_at: datetime, mode: str, location: str = "", online_link: str = ""
) -> Gesprek:
    if gesprek.held:
        raise ValidationError(_("Een gehouden gesprek kan niet worden verplaatst."))
    if mode == Mode.LOCATIE and not location.strip():
        raise ValidationError({"location": [_("Vul het adres in voor een gesprek op locatie.")]})
    if mode == Mode.ONLINE and not online_link.strip():
        raise ValidationError({"online_link": [_("Vul de link in voor een online gesprek.")]})
    gesprek.starts_at, gesprek.mode = starts_at, mode
    gesprek.location = location.strip() if mode == Mode.LOCATIE else ""
    gesprek.online_link = online_link.strip() if mode == Mode.ONLINE else ""
    gesprek.invitations_sent_at = None  # everyone gets the new time
    gesprek.reschedule_count += 1
    gesprek.save()
    from . import tasks

    transaction.on_commit(lambda: tasks.send_invitations.delay(gesprek.pk))
    return gesprek


@transaction.atomic
def gesprek_record_attendance(
    *, gesprek: Gesprek, attendance: dict[int, tuple[bool, str]], now: datetime | None = None
) -> Gesprek:
    """Record who took part. An absent ggz or SD professional needs a stated reason (R-VG-4)."""
    now = now or timezone.now()
    if gesprek.starts_at > now:
        raise ValidationError(_("Het gesprek heeft nog niet plaatsgevonden."))
    # Errors are keyed per participant (present_<pk>, reason_<pk>) so a form can show
    # each next to its own field.
    errors: dict[str, list[str]] = {}
    deelnemers = list(gesprek.deelnemers.select_related("professional"))
    for deelnemer in deelnemers:
        present, reason = attendance.get(
            deelnemer.pk, (deelnemer.present, deelnemer.absence_reason)
        )
        if present is None:
            errors[f"present_{deelnemer.pk}"] = [
                _("Geef aan of %(name)s aanwezig was.") % {"name": deelnemer.display_name}
            ]
            continue
        if not present and deelnemer.role in REQUIRED_ROLES and not (reason or "").strip():
            errors[f"reason_{deelnemer.pk}"] = [
                _("%(role)s was afwezig: vermeld de uitzonderlijke reden (R-VG-4).")
                % {"role": deelnemer.get_role_display()}
            ]
        deelnemer.present = present
        deelnemer.absence_reason = "" if present else (reason or "").strip()
    if errors:
        raise ValidationError(errors)
    Deelnemer.objects.bulk_update(deelnemers, ["present", "absence_reason"])
    gesprek.held = True
    gesprek.save(update_fields=["held"])
    vg = gesprek.verkennend_gesprek
    if vg.status == Status.GEPLAND:
        vg.status = Status.GEHOUDEN
        vg.save(update_fields=["status"])
    return gesprek


@transaction.atomic
def gesprek_cancel(*, vg: VerkennendGesprek) -> VerkennendGesprek:
    if vg.status not in (Status.AANGEVRAAGD, Status.GEPLAND):
        raise ValidationError(
            _("Alleen een aanvraag zonder gehouden gesprek kan worden geannuleerd.")
        )
    vg.status = Status.GEANNULEERD
    vg.save(update_fields=["status"])
    return vg


ADVIES_FIELDS = (
    "summary",
    "overbrugging",
    "regie",
    "contact_point",
    "agreed_with_person",
    *ROUTE_FIELDS.values(),
)
AFSPRAAK_FIELDS = ("who", "what", "where", "when", "offer", "provider", "waiting_time")


def _linked_offers(*, vg: VerkennendGesprek, user, advies: Advies, rows: list[dict]) -> dict:
    """The offers (sociale kaart) the agreements link, by id: an active offer the user sees
    in the request's region, or one this concept already linked. Raises for any other."""
    from wachttijden import selectors as wt_selectors
    from wachttijden.models import Aanbod
    from wachttijden.selectors import with_wait_weeks

    wanted = {row["aanbod"] for row in rows if row.get("aanbod")}
    if not wanted:
        return {}
    kept = advies.afspraken.filter(aanbod__isnull=False).values("aanbod") if advies.pk else []
    visible = wt_selectors.aanbod_for_user(user).filter(
        is_active=True, region__in=vg.network.regions.all()
    )
    offers = {
        a.pk: a
        for a in with_wait_weeks(
            Aanbod.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=kept))
        )
        .filter(pk__in=wanted)
        .select_related("provider")
    }
    bad = [i for i, row in enumerate(rows, 1) if row.get("aanbod") and row["aanbod"] not in offers]
    if bad:
        raise ValidationError(
            {
                "afspraken": [
                    _("Afspraak %(n)s: dit aanbod staat niet op de sociale kaart van uw regio.")
                    % {"n": n}
                    for n in bad
                ]
            }
        )
    return offers


def _afspraak(*, advies: Advies, order: int, row: dict, offers: dict) -> Afspraak:
    """One agreement; a linked offer fills offer, provider and waiting time left empty."""
    texts = {k: (row.get(k) or "").strip() for k in AFSPRAAK_FIELDS}
    aanbod = offers.get(row.get("aanbod"))
    if aanbod is not None:
        from wachttijden.services.aanbod import format_weeks

        texts["offer"] = texts["offer"] or aanbod.name[:200]
        texts["provider"] = texts["provider"] or aanbod.provider.name[:200]
        texts["waiting_time"] = texts["waiting_time"] or format_weeks(aanbod.wait_weeks)
    return Afspraak(advies=advies, order=order, aanbod=aanbod, **texts)


def _concept(vg: VerkennendGesprek) -> Advies | None:
    return vg.adviezen.filter(status=AdviesStatus.CONCEPT).first()


@transaction.atomic
def advies_save_draft(
    *, vg: VerkennendGesprek, user, data: dict, afspraken: list[dict] | None = None
) -> Advies:
    """Autosave: create or update the concept advies (R-VG-6). A definitive advies is
    locked; change it with advies_correct, which opens a new version."""
    vg = VerkennendGesprek.objects.select_for_update().get(pk=vg.pk)
    if not vg.gesprekken.filter(held=True).exists():
        raise ValidationError(_("Leg eerst vast wie aan het gesprek deelnam."))
    advies = _concept(vg)
    if advies is None:
        if vg.adviezen.filter(status=AdviesStatus.DEFINITIEF).exists():
            raise ValidationError(
                _("Het advies is definitief. Maak een correctie om het te wijzigen."), code="locked"
            )
        advies = Advies(verkennend_gesprek=vg, version=1)
    for name in ADVIES_FIELDS:
        if name in data:
            setattr(advies, name, data[name])
    if afspraken is not None:
        afspraken = [
            row
            for row in afspraken
            if row.get("aanbod") or any((row.get(k) or "").strip() for k in AFSPRAAK_FIELDS)
        ]
        offers = _linked_offers(vg=vg, user=user, advies=advies, rows=afspraken)
    advies.updated_by = user
    advies.save()
    if afspraken is not None:
        advies.afspraken.all().delete()
        Afspraak.objects.bulk_create(
            [
                _afspraak(advies=advies, order=i, row=row, offers=offers)
                for i, row in enumerate(afspraken)
            ]
        )
    return advies


@transaction.atomic
def advies_finalise(*, advies: Advies, user) -> Advies:
    """Lock the advies, replace an earlier version, and start the advice letter."""
    advies = Advies.objects.select_for_update().get(pk=advies.pk)
    if advies.status != AdviesStatus.CONCEPT:
        raise ValidationError(_("Dit advies is al definitief."), code="locked")
    errors = {}
    if not advies.summary.strip():
        errors["summary"] = [_("Vat het gesprek samen.")]
    if not advies.routes:
        errors["routes"] = [_("Kies minstens één vervolgroute (R-VG-8).")]
    afspraken = list(advies.afspraken.all())
    if not afspraken:
        errors["afspraken"] = [
            _("Leg minstens één concrete afspraak vast: wie doet wat, waar en wanneer.")
        ]
    for index, afspraak in enumerate(afspraken, start=1):
        if not afspraak.who or not afspraak.what:
            errors.setdefault("afspraken", []).append(
                _("Afspraak %(n)s: vul in wie wat doet.") % {"n": index}
            )
    if not advies.contact_point.strip():
        errors["contact_point"] = [_("Vermeld waar de persoon met vragen terecht kan.")]
    if not advies.agreed_with_person:
        errors["agreed_with_person"] = [
            _("Bespreek het advies met de persoon en vink aan dat die akkoord is.")
        ]
    if errors:
        raise ValidationError(errors)
    vg = advies.verkennend_gesprek
    vg.adviezen.filter(status=AdviesStatus.DEFINITIEF).update(status=AdviesStatus.VERVANGEN)
    advies.status = AdviesStatus.DEFINITIEF
    advies.finalised_at, advies.finalised_by = timezone.now(), user
    advies.save()
    if vg.status in (Status.GEPLAND, Status.GEHOUDEN):
        vg.status = Status.ADVIES
        vg.save(update_fields=["status"])
    brief = AdviesBrief.objects.create(advies=advies)
    from . import tasks

    transaction.on_commit(lambda: tasks.render_letter.delay(brief.pk))
    return advies


@transaction.atomic
def advies_correct(*, advies: Advies, user, reason: str) -> Advies:
    """Open a new concept version from a definitive advies; the old one stays in history."""
    if advies.status != AdviesStatus.DEFINITIEF:
        raise ValidationError(_("Alleen een definitief advies kan worden gecorrigeerd."))
    if not reason.strip():
        raise ValidationError(
            {"correction_reason": [_("Vermeld waarom het advies wordt gecorrigeerd.")]}
        )
    vg = advies.verkennend_gesprek
    if _concept(vg):
        raise ValidationError(_("Er is al een correctie in bewerking."))
    new = Advies.objects.create(
        verkennend_gesprek=vg,
        version=advies.version + 1,
        correction_reason=reason.strip(),
        updated_by=user,
        **{name: getattr(advies, name) for name in ADVIES_FIELDS},
    )
    Afspraak.objects.bulk_create(
        [
            Afspraak(
                advies=new,
                order=a.order,
                aanbod_id=a.aanbod_id,
                **{k: getattr(a, k) for k in AFSPRAAK_FIELDS},
            )
            for a in advies.afspraken.all()
        ]
    )
    return new


@transaction.atomic
def letter_restart(*, brief: AdviesBrief) -> AdviesBrief:
    """Start a failed (or a finished) letter again; rendering is idempotent."""
    brief = AdviesBrief.objects.select_for_update().get(pk=brief.pk)
    if brief.status in (LetterStatus.WACHTRIJ, LetterStatus.BEZIG):
        return brief
    brief.status, brief.progress, brief.error = LetterStatus.WACHTRIJ, 0, ""
    brief.save(update_fields=["status", "progress", "error", "updated_at"])
    from . import tasks

    transaction.on_commit(lambda: tasks.render_letter.delay(brief.pk))
    return brief


@transaction.atomic
def followup_record(
    *,
    vg: VerkennendGesprek,
    started_on: date | None,
    description: str = "",
    ggz_takeover_on: date | None = None,
    today: date | None = None,
) -> VerkennendGesprek:
    """R-VG-7: when the trajectory started, and for a ggz referral when the receiving
    provider took over treatment responsibility."""
    today = today or timezone.localdate()
    held = vg.gesprekken.filter(held=True).order_by("number").first()
    if held is None:
        raise ValidationError(_("Er is nog geen gesprek gehouden."))
    held_on = timezone.localdate(held.starts_at)
    errors = {}
    for name, value in (("started_on", started_on), ("ggz_takeover_on", ggz_takeover_on)):
        if value and value > today:
            errors[name] = [_("Deze datum ligt in de toekomst.")]
        elif value and value < held_on:
            errors[name] = [_("Deze datum ligt vóór het verkennend gesprek.")]
    if errors:
        raise ValidationError(errors)
    vg.followup_started_on = started_on
    vg.followup_description = description.strip()
    vg.ggz_takeover_on = ggz_takeover_on
    if started_on and vg.status == Status.ADVIES:
        vg.status = Status.VERVOLG
    vg.save(
        update_fields=["followup_started_on", "followup_description", "ggz_takeover_on", "status"]
    )
    return vg


__all__ = [
    "PROFESSIONAL_ROLES",
    "PersoonData",
    "advies_correct",
    "advies_finalise",
    "advies_save_draft",
    "followup_record",
    "gesprek_cancel",
    "gesprek_record_attendance",
    "gesprek_request",
    "gesprek_reschedule",
    "gesprek_schedule",
    "letter_restart",
    "practices_for_huisarts",
    "validate_bsn",
]
