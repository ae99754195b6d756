"""Planning the conversations: schedule, reschedule, record afterwards, attendance, cancel
(R-VG-4, R-VG-5). Planning looks ahead; attendance opens at the planned start."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mgn.jobs.outbox import enqueue_on_commit
from networks.constants import FINANCIER_ONLY_KINDS, GGZ_KINDS, SD_EXECUTOR_KINDS
from networks.models import Network, Professional
from networks.selectors.netwerken import sd_seat_refusal
from verkennend_gesprek.constants import (
    MAX_GESPREKKEN,
    REQUIRED_ROLES,
    Mode,
    ParticipantRole,
    Status,
)
from verkennend_gesprek.models import Deelnemer, Gesprek, VerkennendGesprek


def _check_professional(professional: Professional, role: str, network: Network) -> None:
    """The seat fits the professional's organisation (R-VG-4), which takes part in the
    network; the SD seat may be a gemeente's own SD professional while the gemeente holds
    role U (R-NW-1). An insurer's staff never sit."""
    kinds = {
        ParticipantRole.GGZ: GGZ_KINDS,
        ParticipantRole.SD: SD_EXECUTOR_KINDS,
    }.get(role)
    kind = professional.organisation.kind
    if kinds and kind not in kinds:
        if kind in FINANCIER_ONLY_KINDS:
            message = _(
                "%(name)s werkt bij een zorgverzekeraar; die financiert alleen en neemt niet "
                "deel aan het gesprek."
            )
        elif role == ParticipantRole.SD:
            message = _(
                "%(name)s werkt niet bij een aanbieder uit het sociaal domein of bij een gemeente."
            )
        else:
            message = _("%(name)s werkt niet bij een ggz-organisatie.")
        raise ValidationError({role: [message % {"name": professional.name}]})
    if not network.partnerships.filter(organisation=professional.organisation_id).exists():
        raise ValidationError(
            {
                role: [
                    _("%(org)s neemt niet deel aan dit netwerk.")
                    % {"org": professional.organisation.name}
                ]
            }
        )
    refusal = sd_seat_refusal(professional, network) if role == ParticipantRole.SD else None
    if refusal:
        raise ValidationError({role: [refusal]})


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y \\o\\m H:i")


def _check_not_past(starts_at: datetime, now: datetime) -> None:
    """Planning looks ahead: a start in the past is refused (recording a conversation
    that already took place is gesprek_record_afterwards, without invitations)."""
    if starts_at < now:
        raise ValidationError(
            {
                "starts_at": [
                    _(
                        "Dit tijdstip ligt in het verleden. Kies een tijdstip vanaf nu; is het "
                        "gesprek al gehouden, gebruik dan \u2018Gesprek achteraf vastleggen\u2019."
                    )
                ]
            }
        )


def _validate_new(
    vg: VerkennendGesprek,
    *,
    starts_at: datetime,
    ggz: Professional | None,
    sd: Professional | None,
    mode: str,
    location: str,
    online_link: str,
    ervaringsdeskundige: Professional | None,
) -> list[Gesprek]:
    """The checks shared by planning and recording afterwards; returns the existing ones."""
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
    return existing


def _create(
    vg: VerkennendGesprek,
    *,
    number: int,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    location: str,
    online_link: str,
    ggz: Professional,
    sd: Professional,
    ervaringsdeskundige: Professional | None,
    naaste_name: str,
    naaste_email: str,
    **extra,
) -> Gesprek:
    gesprek = Gesprek.objects.create(
        verkennend_gesprek=vg,
        number=number,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location.strip() if mode == Mode.LOCATIE else "",
        online_link=online_link.strip() if mode == Mode.ONLINE else "",
        **extra,
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
    return gesprek


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
    now: datetime | None = None,
) -> Gesprek:
    """Plan a conversation with its participants (R-VG-4) — the first, or a second (R-VG-5).
    Never in the past; the participants get an invitation."""
    now = now or timezone.now()
    vg = VerkennendGesprek.objects.select_for_update().get(pk=vg.pk)
    existing = _validate_new(
        vg,
        starts_at=starts_at,
        ggz=ggz,
        sd=sd,
        mode=mode,
        location=location,
        online_link=online_link,
        ervaringsdeskundige=ervaringsdeskundige,
    )
    _check_not_past(starts_at, now)
    gesprek = _create(
        vg,
        number=len(existing) + 1,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location,
        online_link=online_link,
        ggz=ggz,
        sd=sd,
        ervaringsdeskundige=ervaringsdeskundige,
        naaste_name=naaste_name,
        naaste_email=naaste_email,
        invitations_queued_at=timezone.now(),
    )
    vg.status = Status.GEPLAND
    vg.save(update_fields=["status"])
    from verkennend_gesprek import tasks

    enqueue_on_commit(tasks.send_invitations, gesprek.pk)
    return gesprek


@transaction.atomic
def gesprek_record_afterwards(
    *,
    vg: VerkennendGesprek,
    starts_at: datetime,
    ggz: Professional | None,
    sd: Professional | None,
    attendance: dict[str, tuple[bool | None, str]],
    recorded_by,
    mode: str = Mode.LOCATIE,
    location: str = "",
    online_link: str = "",
    duration_minutes: int = 60,
    ervaringsdeskundige: Professional | None = None,
    naaste_name: str = "",
    now: datetime | None = None,
) -> Gesprek:
    """Record a conversation that already took place (the planner forgot, or it was
    arranged by phone): a start in the past, its end passed, and who was present in the
    same step, keyed by role. No invitations go out; the conversation is marked as
    recorded afterwards, with when and by whom."""
    now = now or timezone.now()
    vg = VerkennendGesprek.objects.select_for_update().get(pk=vg.pk)
    existing = _validate_new(
        vg,
        starts_at=starts_at,
        ggz=ggz,
        sd=sd,
        mode=mode,
        location=location,
        online_link=online_link,
        ervaringsdeskundige=ervaringsdeskundige,
    )
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    if ends_at > now:
        raise ValidationError(
            {
                "starts_at": [
                    _(
                        "Achteraf vastleggen kan alleen voor een gesprek dat al is afgelopen "
                        "(dit gesprek eindigt %(end)s). Plan een toekomstig gesprek via "
                        "\u2018Gesprek plannen\u2019."
                    )
                    % {"end": _local(ends_at)}
                ]
            }
        )
    gesprek = _create(
        vg,
        number=len(existing) + 1,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        location=location,
        online_link=online_link,
        ggz=ggz,
        sd=sd,
        ervaringsdeskundige=ervaringsdeskundige,
        naaste_name=naaste_name,
        naaste_email="",
        recorded_afterwards_at=now,
        recorded_afterwards_by=recorded_by,
    )
    deelnemers = list(gesprek.deelnemers.all())
    try:
        _apply_attendance(gesprek, {d.pk: attendance.get(d.role, (None, "")) for d in deelnemers})
    except ValidationError as exc:
        # Keyed by role (ggz_present, sd_reason, …): the participants are new to the form.
        roles = {str(d.pk): d.role for d in deelnemers}

        def by_role(key: str) -> str:
            kind, _sep, pk = key.partition("_")
            return f"{roles[pk]}_{kind}" if pk in roles else key

        raise ValidationError(
            {by_role(key): messages for key, messages in exc.message_dict.items()}
        ) from exc
    return gesprek


@transaction.atomic
def gesprek_reschedule(
    *,
    gesprek: Gesprek,
    starts_at: datetime,
    mode: str,
    location: str = "",
    online_link: str = "",
    now: datetime | None = None,
) -> Gesprek:
    if gesprek.held:
        raise ValidationError(_("Een gehouden gesprek kan niet worden verplaatst."))
    if mode == Mode.LOCATIE and not location.strip():
        raise ValidationError({"location": [_("Vul het adres in voor een gesprek op locatie.")]})
    if mode == Mode.ONLINE and not online_link.strip():
        raise ValidationError({"online_link": [_("Vul de link in voor een online gesprek.")]})
    _check_not_past(starts_at, now or timezone.now())
    gesprek.starts_at, gesprek.mode = starts_at, mode
    gesprek.location = location.strip() if mode == Mode.LOCATIE else ""
    gesprek.online_link = online_link.strip() if mode == Mode.ONLINE else ""
    gesprek.invitations_sent_at = None  # everyone gets the new time
    gesprek.invitations_queued_at = timezone.now()
    gesprek.reschedule_count += 1
    gesprek.save()
    from verkennend_gesprek import tasks

    enqueue_on_commit(tasks.send_invitations, gesprek.pk)
    return gesprek


def _apply_attendance(gesprek: Gesprek, attendance: dict[int, tuple[bool | None, str]]) -> None:
    """Who took part. An absent ggz or SD professional needs a stated reason (R-VG-4).
    Errors are keyed per participant (present_<pk>, reason_<pk>) so a form can show each
    next to its own field."""
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
    if vg.status in (Status.AANGEVRAAGD, Status.GEPLAND):
        vg.status = Status.GEHOUDEN
        vg.save(update_fields=["status"])


def attendance_opens_message(gesprek: Gesprek) -> str:
    return _(
        "De aanwezigheid kan worden vastgelegd vanaf het begin van het gesprek: %(start)s."
    ) % {"start": _local(gesprek.starts_at)}


@transaction.atomic
def gesprek_record_attendance(
    *, gesprek: Gesprek, attendance: dict[int, tuple[bool, str]], now: datetime | None = None
) -> Gesprek:
    """Record who took part, from the planned start on. A declaration line follows only
    once the conversation has ended (bekostiging.services.declaraties)."""
    now = now or timezone.now()
    if gesprek.starts_at > now:
        raise ValidationError(attendance_opens_message(gesprek), code="not_started")
    _apply_attendance(gesprek, attendance)
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
