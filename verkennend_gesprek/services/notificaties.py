"""E-mails of function I, sent by the Celery tasks (never from a request).

Mails carry as little as possible (R-PR-2): a reference and a link for professionals; the
person gets their own invitation in plain Dutch. Every function is safe to run twice.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn import ics
from mgn.audit.constants import Event
from mgn.audit.services import log_access
from mgn.jobs.outbox import enqueue
from mgn.mail import absolute, email_message, email_send, site_url
from networks.selectors.netwerken import network_coordinators
from verkennend_gesprek.constants import Mode, ParticipantRole, Status
from verkennend_gesprek.models import AdviesBrief, Deelnemer, Gesprek, VerkennendGesprek

logger = logging.getLogger(__name__)

# The mail sweep sends a lost announcement of a request at most this long after it was made.
MAIL_RESEND_WINDOW = timedelta(days=7)
ICS_FILENAME = "uitnodiging-verkennend-gesprek.ics"


def network_coordinator_emails(network) -> list[str]:
    """The addresses of the network's coordinators (the planners)."""
    return sorted({u.email for u in network_coordinators(network) if u.email})


def planners_notify(vg_id: int) -> int:
    """Tell the network's coordinators that a request waits to be planned. No person data:
    only the reference and a link (the planning page shows the rest, behind a login).

    Once: one conditional UPDATE claims the request (``planners_notified_at`` from empty to
    now) in the transaction that sends, so a duplicate message (a redelivery, the mail
    sweep's) waits for it and then finds nothing to claim; a send that raises rolls the
    mark back for the retry."""
    with transaction.atomic():
        now = timezone.now()
        claimed = VerkennendGesprek.objects.filter(
            pk=vg_id, planners_notified_at__isnull=True
        ).update(planners_notified_at=now)
        if not claimed:
            return 0
        vg = VerkennendGesprek.objects.select_related("network").get(pk=vg_id)
        context = {
            "network": vg.network.name,
            "reference": vg.reference,
            "requested_on": timezone.localdate(vg.requested_at),
            "planning_url": absolute(reverse("verkennend_gesprek:planning")),
            "detail_url": absolute(vg.get_absolute_url()),
        }
        subject = _("Nieuwe aanvraag verkennend gesprek %(ref)s") % {"ref": vg.reference}
        messages = [
            email_message(subject, "emails/vg_nieuwe_aanvraag.txt", context, to)
            for to in network_coordinator_emails(vg.network)
        ]
        return email_send(messages)


@dataclass(frozen=True)
class Invitation:
    """What every invitation says about one conversation."""

    reference: str
    number: int
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    online: bool
    place: str
    roles: list[str]
    contact_name: str
    contact_phone: str
    contact_email: str
    network: str
    huisarts: str


def invitation_event(gesprek: Gesprek, *, sequence: int) -> ics.Event:
    """The calendar entry: a stable UID per conversation, a SEQUENCE that grows when it moves.
    The summary names the reference only: agendas are often shared with colleagues."""
    vg = gesprek.verkennend_gesprek
    host = urlsplit(site_url()).hostname or "mgn"
    place = gesprek.online_link if gesprek.mode == Mode.ONLINE else gesprek.location
    return ics.Event(
        uid=f"verkennend-gesprek-{gesprek.pk}@{host}",
        start=gesprek.starts_at,
        end=gesprek.ends_at,
        summary=_("Verkennend gesprek %(ref)s") % {"ref": vg.reference},
        location=place,
        description=_("Verkennend gesprek (%(minutes)s minuten). %(place)s")
        % {"minutes": gesprek.duration_minutes, "place": place},
        sequence=sequence,
    )


def invitations_send(gesprek_id: int) -> int:
    """Invite every participant with an e-mail address, and the person, with an .ics.

    Idempotent: ``Gesprek.invitations_sent_at`` is set in the same transaction; a reschedule
    clears it (services.planning.gesprek_reschedule) so everyone gets the new time.
    """
    with transaction.atomic():
        gesprek = (
            Gesprek.objects.select_for_update(of=("self",))
            .select_related(
                "verkennend_gesprek__persoon",
                "verkennend_gesprek__network__regievoerder",
                "verkennend_gesprek__huisarts",
            )
            .filter(pk=gesprek_id)
            .first()
        )
        if gesprek is None or gesprek.invitations_sent_at is not None or gesprek.held:
            return 0
        vg = gesprek.verkennend_gesprek
        if vg.status == Status.GEANNULEERD:  # cancelled before the task ran
            return 0
        deelnemers = list(Deelnemer.objects.filter(gesprek=gesprek).select_related("professional"))
        now = timezone.now()
        event = invitation_event(gesprek, sequence=gesprek.reschedule_count)
        calendar = ics.calendar(event, stamp=now)
        regievoerder = vg.network.regievoerder
        invitation = Invitation(
            reference=vg.reference,
            number=gesprek.number,
            starts_at=timezone.localtime(gesprek.starts_at),
            ends_at=timezone.localtime(gesprek.ends_at),
            duration_minutes=gesprek.duration_minutes,
            online=gesprek.mode == Mode.ONLINE,
            place=event.location,
            roles=[d.get_role_display() for d in deelnemers],
            contact_name=regievoerder.name,
            contact_phone=regievoerder.phone,
            contact_email=regievoerder.email,
            network=vg.network.name,
            huisarts=vg.huisarts.name,
        )
        detail_url = absolute(vg.get_absolute_url())
        messages = []
        seen: set[str] = set()

        def add(to: str, subject: str, template: str, **extra) -> None:
            address = (to or "").strip().lower()
            if not address or address in seen:
                return
            seen.add(address)
            message = email_message(
                subject,
                template,
                {"invitation": invitation, "detail_url": detail_url, **extra},
                to.strip(),
            )
            message.attach(ICS_FILENAME, calendar, "text/calendar; method=REQUEST; charset=utf-8")
            messages.append(message)

        professional_subject = _("Uitnodiging verkennend gesprek %(ref)s") % {"ref": vg.reference}
        personal_subject = _("Uitnodiging voor uw verkennend gesprek")
        if gesprek.reschedule_count:  # moved: say so, the .ics replaces the earlier entry
            professional_subject = _("Gewijzigd: %(s)s") % {"s": professional_subject}
            personal_subject = _("Gewijzigd: %(s)s") % {"s": personal_subject}
        for deelnemer in deelnemers:
            if deelnemer.role == ParticipantRole.NAASTE:
                add(
                    deelnemer.email,
                    personal_subject,
                    "emails/uitnodiging_naaste.txt",
                    name=deelnemer.name,
                )
            else:
                add(
                    deelnemer.email,
                    professional_subject,
                    "emails/uitnodiging_professional.txt",
                    name=deelnemer.display_name,
                    role=deelnemer.get_role_display(),
                )
        person_invited = bool(vg.persoon.email.strip())
        add(
            vg.persoon.email,
            personal_subject,
            "emails/uitnodiging_persoon.txt",
            name=vg.persoon.full_name,
        )
        sent = email_send(messages)
        # The invitations name the request; the person's own uses their e-mail address
        # (R-PR-1). A task: the access point is the job.
        if messages:
            log_access(
                None,
                event=Event.TRANSFER,
                subject=vg,
                obj=gesprek,
                detail=(
                    f"uitnodigingen gesprek {gesprek.number} verstuurd ({len(messages)} e-mails"
                    + (", ook aan de persoon op het e-mailadres)" if person_invited else ")")
                ),
            )
        gesprek.invitations_sent_at = now
        gesprek.save(update_fields=["invitations_sent_at"])
    return sent


def brief_ready_notify(brief: AdviesBrief) -> bool:
    """Tell the requesting huisarts once that the advice letter is ready: no medical content,
    only the reference and a link behind the login."""
    if brief.notified_at is not None:
        return False
    vg = brief.advies.verkennend_gesprek
    huisarts = vg.huisarts
    to = huisarts.email or (huisarts.user.email if huisarts.user_id else "")
    if to:
        context = {
            "huisarts": huisarts.name,
            "network": vg.network.name,
            "reference": vg.reference,
            "letter_url": absolute(reverse("verkennend_gesprek:brief", args=[vg.pk])),
        }
        subject = _("Er staat een adviesbrief klaar (%(ref)s)") % {"ref": vg.reference}
        email_send([email_message(subject, "emails/adviesbrief_klaar.txt", context, to)])
    else:
        logger.warning("Adviesbrief %s: huisarts %s has no e-mail address", brief.pk, huisarts.pk)
    brief.notified_at = timezone.now()
    brief.save(update_fields=["notified_at", "updated_at"])
    return bool(to)


# The mail sweep ----------------------------------------------------------------------------
def mail_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send the mails whose task was lost (the broker was down when it was asked for) once
    the broker is back; registered in ``JOB_SWEEPS``, so the job sweeper runs it every
    minute and when a worker starts. Returns how many tasks it sent (or tried to).

    - the planners' announcement of a request still *aangevraagd*, not announced, made in
      the last ``MAIL_RESEND_WINDOW`` (7 days);
    - the invitations of a conversation not held, still to come, of a request not
      cancelled, not sent since it was planned or moved.

    Only what was handed to the broker more than ``JOB_QUEUED_GRACE`` seconds ago; one
    conditional UPDATE of its ``…_queued_at`` per row before the send, so two sweeps never
    both send it and a broker or worker that stays away gets one message per grace, not one
    per sweep. The tasks themselves send once (``planners_notify``, ``invitations_send``).
    """
    from verkennend_gesprek import tasks

    now = now or timezone.now()
    due = now - timedelta(seconds=settings.JOB_QUEUED_GRACE)
    sent = 0
    requests = VerkennendGesprek.objects.filter(
        planners_notified_at__isnull=True,
        planners_queued_at__lt=due,
        status=Status.AANGEVRAAGD,
        requested_at__gte=now - MAIL_RESEND_WINDOW,
    )
    for pk in requests.order_by("planners_queued_at").values_list("pk", flat=True)[:limit]:
        if requests.filter(pk=pk).update(planners_queued_at=now):
            logger.warning("Planners' notification of VG %s was not sent: sent again", pk)
            enqueue(tasks.notify_planners, pk)
            sent += 1
    gesprekken = Gesprek.objects.filter(
        invitations_sent_at__isnull=True,
        invitations_queued_at__lt=due,
        held=False,
        starts_at__gt=now,
    ).exclude(verkennend_gesprek__status=Status.GEANNULEERD)
    for pk in gesprekken.order_by("invitations_queued_at").values_list("pk", flat=True)[:limit]:
        if gesprekken.filter(pk=pk).update(invitations_queued_at=now):
            logger.warning("Invitations of gesprek %s were not sent: sent again", pk)
            enqueue(tasks.send_invitations, pk)
            sent += 1
    return sent
