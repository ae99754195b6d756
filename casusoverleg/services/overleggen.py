"""The meetings of a series (R-DOC-1): planned ahead from its frequency, invited with an
.ics, held (attendance, notes) or cancelled. An open case returns on the agenda of the next
meeting until it is closed (R-DOC-4): holding or cancelling a meeting carries its open
cases on, and the nightly run carries those of a meeting left as planned after its day.

Invitations name the series, the time and a link behind the login; never a case."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casusoverleg.constants import MEETINGS_AHEAD, CasusStatus, OverlegStatus
from casusoverleg.models import Casus, CasusAanwezigheid, CasusOverleg, Casusreeks
from mgn import ics, meetings, schedule
from mgn.jobs.outbox import enqueue_on_commit
from mgn.mail import absolute

ICS_FILENAME = "uitnodiging-casusoverleg.ics"


def _members(reeks: Casusreeks):
    from casusoverleg.selectors.reeksen import active_members

    return list(reeks.leden.filter(active_members()))


@transaction.atomic
def overleggen_generate(*, reeks: Casusreeks, now: datetime | None = None) -> int:
    """Plan meetings so that ``MEETINGS_AHEAD`` are coming, following the frequency from
    the last generated one; idempotent. Each new meeting invites the current members."""
    if not reeks.is_active or not reeks.network.offers_casusoverleg:
        return 0
    now = now or timezone.now()
    coming = reeks.overleggen.filter(starts_at__gt=now, status=OverlegStatus.GEPLAND).count()
    if coming >= MEETINGS_AHEAD:
        return 0
    last = reeks.overleggen.filter(generated=True).order_by("-starts_at").first()
    days = schedule.planned_days(
        last=timezone.localtime(last.starts_at).date() if last is not None else None,
        weekday=reeks.weekday,
        frequency=reeks.frequency,
        after=timezone.localtime(now).date(),
        count=MEETINGS_AHEAD - coming,
    )
    members = _members(reeks)
    tz = timezone.get_current_timezone()
    made = 0
    for day in days:
        try:
            with transaction.atomic():
                overleg = CasusOverleg.objects.create(
                    reeks=reeks,
                    starts_at=datetime.combine(day, reeks.default_time, tzinfo=tz),
                    duration_minutes=reeks.duration_minutes,
                    generated=True,
                    invitations_queued_at=now,
                )
        except IntegrityError:
            continue  # planned already (by hand, or a concurrent run)
        CasusAanwezigheid.objects.bulk_create(
            [CasusAanwezigheid(overleg=overleg, lid=m) for m in members]
        )
        _queue_invitations(overleg)
        made += 1
    return made


def overleggen_generate_all(*, now: datetime | None = None) -> int:
    """The beat task's work: plan every active series ahead, and carry the open cases of a
    meeting left as planned after its day (``cases_carry_overdue``)."""
    made = 0
    for reeks in Casusreeks.objects.filter(is_active=True, network__offers_casusoverleg=True):
        made += overleggen_generate(reeks=reeks, now=now)
    cases_carry_overdue(now=now)
    return made


def _queue_invitations(overleg: CasusOverleg) -> None:
    from casusoverleg import tasks

    enqueue_on_commit(tasks.send_overleg_invitations, overleg.pk)


@transaction.atomic
def overleg_plan(
    *, reeks: Casusreeks, starts_at: datetime, duration_minutes: int | None = None
) -> CasusOverleg:
    """An extra meeting planned by hand; the current members are invited."""
    if reeks.overleggen.filter(starts_at=starts_at).exists():
        raise ValidationError({"starts_at": _("Op dit moment staat al een overleg gepland.")})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Plan een overleg in de toekomst.")})
    overleg = CasusOverleg(
        reeks=reeks,
        starts_at=starts_at,
        duration_minutes=duration_minutes or reeks.duration_minutes,
        invitations_queued_at=timezone.now(),
    )
    overleg.full_clean(exclude=["reeks"])
    overleg.save()
    CasusAanwezigheid.objects.bulk_create(
        [CasusAanwezigheid(overleg=overleg, lid=m) for m in _members(reeks)]
    )
    _queue_invitations(overleg)
    return overleg


def next_overleg(reeks: Casusreeks, *, after: datetime) -> CasusOverleg:
    """The first planned meeting of the series starting after ``after``; planned from the
    frequency when there is none yet."""
    found = (
        reeks.overleggen.filter(starts_at__gt=after, status=OverlegStatus.GEPLAND)
        .order_by("starts_at")
        .first()
    )
    if found is None:
        overleggen_generate(reeks=reeks, now=max(after, timezone.now()))
        found = (
            reeks.overleggen.filter(starts_at__gt=after, status=OverlegStatus.GEPLAND)
            .order_by("starts_at")
            .first()
        )
    if found is None:
        raise ValidationError(
            _("De reeks heeft geen volgend overleg; plan er een of zet de reeks weer actief.")
        )
    return found


def cases_carry(overleg: CasusOverleg) -> int:
    """R-DOC-4: the open cases on this meeting's agenda go to the next planned meeting of
    the series. Idempotent: a carried case is no longer on this agenda."""
    open_cases = Casus.objects.filter(overleg=overleg).exclude(status=CasusStatus.GESLOTEN)
    if not open_cases.exists():
        return 0
    target = next_overleg(overleg.reeks, after=max(overleg.starts_at, timezone.now()))
    return open_cases.update(overleg=target)


def cases_carry_overdue(*, now: datetime | None = None) -> int:
    """Carry the open cases of meetings whose day has passed while still on the agenda (a
    meeting nobody marked held): they return at the next meeting."""
    now = now or timezone.now()
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    carried = 0
    overdue = CasusOverleg.objects.filter(
        starts_at__lt=day_start,
        agenda_casussen__status__in=[CasusStatus.AANGEMELD, CasusStatus.BESPROKEN],
    ).distinct()
    for overleg in overdue.select_related("reeks__network"):
        if overleg.reeks.is_active:
            with transaction.atomic():
                carried += cases_carry(overleg)
    return carried


@transaction.atomic
def overleg_record(
    *,
    overleg: CasusOverleg,
    notes: str = "",
    attendance: dict[int, bool | None] | None = None,
    held: bool = False,
) -> CasusOverleg:
    """Record notes and who attended (``attendance`` by CasusAanwezigheid id); marking the
    meeting held carries its open cases to the next meeting."""
    if overleg.status == OverlegStatus.GEANNULEERD:
        raise ValidationError(_("Dit overleg is geannuleerd en kan niet meer worden gewijzigd."))
    started = overleg.starts_at <= timezone.now()
    if (held or any(v is not None for v in (attendance or {}).values())) and not started:
        raise ValidationError(
            {"notes": _("Aanwezigheid en 'gehouden' leggen we vast als het overleg is begonnen.")}
        )
    from casusoverleg.services.teksten import texts_refusal

    found = texts_refusal(CasusOverleg, {"notes": notes})
    if found:
        raise ValidationError(found)
    overleg.notes = notes.strip()
    if held:
        overleg.status = OverlegStatus.GEHOUDEN
    overleg.full_clean(exclude=["reeks"])
    overleg.save()
    for row in overleg.aanwezigheid.all():
        if attendance and row.pk in attendance:
            row.present = attendance[row.pk]
            row.save(update_fields=["present"])
    if held:
        cases_carry(overleg)
    return overleg


@transaction.atomic
def overleg_cancel(*, overleg: CasusOverleg, reason: str) -> CasusOverleg:
    """Cancel a planned meeting; its cases go to the next one."""
    if overleg.status != OverlegStatus.GEPLAND:
        raise ValidationError(_("Alleen een gepland overleg kan worden geannuleerd."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Geef een reden op.")})
    overleg.status = OverlegStatus.GEANNULEERD
    overleg.cancel_reason = reason.strip()
    overleg.sequence += 1
    overleg.full_clean(exclude=["reeks"])
    overleg.save(update_fields=["status", "cancel_reason", "sequence"])
    cases_carry(overleg)
    return overleg


# Invitations -------------------------------------------------------------------------------
def invitation_event(overleg: CasusOverleg) -> ics.Event:
    reeks = overleg.reeks
    return ics.Event(
        uid=meetings.event_uid("casusoverleg", overleg.pk),
        start=overleg.starts_at,
        end=overleg.ends_at,
        summary=_("Casusoverleg %(name)s") % {"name": reeks.name},
        location=reeks.location,
        description=_("Domeinoverstijgend casusoverleg %(name)s (%(minutes)s minuten).")
        % {"name": reeks.name, "minutes": overleg.duration_minutes},
        sequence=overleg.sequence,
    )


def _invitation(overleg: CasusOverleg) -> meetings.Invitation:
    reeks = overleg.reeks
    return meetings.Invitation(
        subject=_("Uitnodiging casusoverleg %(name)s") % {"name": reeks.name},
        template="emails/casusoverleg_uitnodiging.txt",
        context={
            "reeks": reeks.name,
            "network": reeks.network.name,
            "starts_at": timezone.localtime(overleg.starts_at),
            "duration_minutes": overleg.duration_minutes,
            "location": reeks.location,
            "overleg_url": absolute(overleg.get_absolute_url()),
        },
        event=invitation_event(overleg),
        filename=ICS_FILENAME,
    )


def invitations_send(overleg_id: int) -> int:
    """Invite the meeting's members with an .ics, once (``mgn.meetings``); the mail names
    the series and the time, never a case."""
    return meetings.invitations_send(CasusOverleg, overleg_id, _invitation)


def mail_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send again the invitations whose task was lost (registered in ``JOB_SWEEPS``)."""
    from casusoverleg import tasks

    return meetings.invitations_sweep(
        CasusOverleg, tasks.send_overleg_invitations, now=now, limit=limit
    )
