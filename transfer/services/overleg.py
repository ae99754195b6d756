"""The table's meetings: planned ahead from its frequency, recorded (attendance, agenda,
minutes), cancelled, and announced to the team with an .ics invitation (R-TR-5).

Meetings carry no person data: the agenda and minutes speak of groups and counts, and
mails carry the table's name, the time and a link behind the login.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn import ics, meetings, schedule
from mgn.jobs.outbox import enqueue_on_commit
from mgn.mail import absolute
from transfer.constants import MEETINGS_AHEAD, OverlegStatus
from transfer.models import Aanwezigheid, TafelOverleg, Transfertafel

ICS_FILENAME = "uitnodiging-transfertafel.ics"


def planned_days(tafel: Transfertafel, *, after: date, count: int) -> list[date]:
    """The next ``count`` meeting days after ``after`` (``mgn.schedule.planned_days``)."""
    last = tafel.overleggen.filter(generated=True).order_by("-starts_at").first()
    return schedule.planned_days(
        last=timezone.localtime(last.starts_at).date() if last is not None else None,
        weekday=tafel.weekday,
        frequency=tafel.frequency,
        after=after,
        count=count,
    )


@transaction.atomic
def overleggen_generate(*, tafel: Transfertafel, now: datetime | None = None) -> int:
    """Plan meetings so that ``MEETINGS_AHEAD`` are coming, following the frequency from the
    last generated one; idempotent (a table and a start are unique, and what is planned
    counts). Each new meeting invites the current members. Returns how many were made."""
    if not tafel.is_active:
        return 0
    now = now or timezone.now()
    coming = tafel.overleggen.filter(starts_at__gt=now, status=OverlegStatus.GEPLAND).count()
    if coming >= MEETINGS_AHEAD:
        return 0
    from transfer.selectors.tafels import active_members

    members = list(tafel.leden.filter(active_members()))
    made = 0
    tz = timezone.get_current_timezone()
    for day in planned_days(
        tafel, after=timezone.localtime(now).date(), count=MEETINGS_AHEAD - coming
    ):
        starts_at = datetime.combine(day, tafel.default_time, tzinfo=tz)
        try:
            with transaction.atomic():
                overleg = TafelOverleg.objects.create(
                    tafel=tafel,
                    starts_at=starts_at,
                    duration_minutes=tafel.duration_minutes,
                    generated=True,
                    invitations_queued_at=now,
                )
        except IntegrityError:
            continue  # planned already (by hand, or a concurrent run)
        Aanwezigheid.objects.bulk_create([Aanwezigheid(overleg=overleg, lid=m) for m in members])
        _queue_invitations(overleg)
        made += 1
    return made


def overleggen_generate_all(*, now: datetime | None = None) -> int:
    """The beat task's work: every active table of a network offering function II."""
    made = 0
    for tafel in Transfertafel.objects.filter(is_active=True, network__offers_transfer=True):
        made += overleggen_generate(tafel=tafel, now=now)
    return made


def _queue_invitations(overleg: TafelOverleg) -> None:
    from transfer import tasks

    enqueue_on_commit(tasks.send_overleg_invitations, overleg.pk)


@transaction.atomic
def overleg_plan(
    *, tafel: Transfertafel, starts_at: datetime, duration_minutes: int, agenda: str = ""
) -> TafelOverleg:
    """An extra meeting planned by hand; the current members are invited."""
    from transfer.selectors.tafels import active_members

    if tafel.overleggen.filter(starts_at=starts_at).exists():
        raise ValidationError({"starts_at": _("Op dit moment staat al een overleg gepland.")})
    overleg = TafelOverleg(
        tafel=tafel,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        agenda=agenda.strip(),
        invitations_queued_at=timezone.now(),
    )
    overleg.full_clean(exclude=["tafel"])
    overleg.save()
    Aanwezigheid.objects.bulk_create(
        [Aanwezigheid(overleg=overleg, lid=m) for m in tafel.leden.filter(active_members())]
    )
    _queue_invitations(overleg)
    return overleg


@transaction.atomic
def overleg_record(
    *,
    overleg: TafelOverleg,
    agenda: str,
    minutes: str,
    attendance: dict[int, bool | None] | None = None,
    held: bool | None = None,
) -> TafelOverleg:
    """Record the agenda, the minutes and who attended (``attendance`` by Aanwezigheid id).
    Attendance and ``held`` only once the meeting has started; a cancelled meeting keeps
    its record as it was."""
    if overleg.status == OverlegStatus.GEANNULEERD:
        raise ValidationError(_("Dit overleg is geannuleerd en kan niet meer worden gewijzigd."))
    started = overleg.starts_at <= timezone.now()
    if (held or any(v is not None for v in (attendance or {}).values())) and not started:
        raise ValidationError(
            {"minutes": _("Aanwezigheid en 'gehouden' leggen we vast als het overleg is begonnen.")}
        )
    overleg.agenda = agenda.strip()
    overleg.minutes = minutes.strip()
    if held:
        overleg.status = OverlegStatus.GEHOUDEN
    overleg.full_clean(exclude=["tafel"])
    overleg.save()
    for row in overleg.aanwezigheid.all():
        if attendance and row.pk in attendance:
            row.present = attendance[row.pk]
            row.save(update_fields=["present"])
    return overleg


@transaction.atomic
def overleg_cancel(*, overleg: TafelOverleg, reason: str) -> TafelOverleg:
    if overleg.status != OverlegStatus.GEPLAND:
        raise ValidationError(_("Alleen een gepland overleg kan worden geannuleerd."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Geef een reden op.")})
    overleg.status = OverlegStatus.GEANNULEERD
    overleg.cancel_reason = reason.strip()
    overleg.save(update_fields=["status", "cancel_reason"])
    return overleg


# Invitations -------------------------------------------------------------------------------
def invitation_event(overleg: TafelOverleg) -> ics.Event:
    tafel = overleg.tafel
    return ics.Event(
        uid=meetings.event_uid("transfertafel-overleg", overleg.pk),
        start=overleg.starts_at,
        end=overleg.ends_at,
        summary=_("Transfertafel %(name)s") % {"name": tafel.name},
        location=tafel.location,
        description=_("Overleg van de transfertafel %(name)s (%(minutes)s minuten).")
        % {"name": tafel.name, "minutes": overleg.duration_minutes},
        sequence=overleg.sequence,
    )


def _invitation(overleg: TafelOverleg) -> meetings.Invitation:
    tafel = overleg.tafel
    return meetings.Invitation(
        subject=_("Uitnodiging transfertafel %(name)s") % {"name": tafel.name},
        template="emails/transfertafel_uitnodiging.txt",
        context={
            "tafel": tafel.name,
            "network": tafel.network.name,
            "starts_at": timezone.localtime(overleg.starts_at),
            "duration_minutes": overleg.duration_minutes,
            "location": tafel.location,
            "overleg_url": absolute(overleg.get_absolute_url()),
        },
        event=invitation_event(overleg),
        filename=ICS_FILENAME,
    )


def invitations_send(overleg_id: int) -> int:
    """Invite the meeting's members with an .ics, once (``mgn.meetings``)."""
    return meetings.invitations_send(TafelOverleg, overleg_id, _invitation)


def mail_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send again the invitations whose task was lost (registered in ``JOB_SWEEPS``)."""
    from transfer import tasks

    return meetings.invitations_sweep(
        TafelOverleg, tasks.send_overleg_invitations, now=now, limit=limit
    )
