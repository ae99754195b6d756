"""Invitations of a recurring meeting, shared by the function apps' meeting series (a
transfer table, a casusoverleg series). Each app's meeting model has ``status`` ("gepland"
while it is to come), ``starts_at``, ``invitations_sent_at``/``invitations_queued_at``, and
attendance rows ``aanwezigheid`` whose ``lid`` has a ``professional`` or ``user`` with an
e-mail address and a ``display_name``. The app says what the mail and the .ics say."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mgn import ics
from mgn.jobs.outbox import enqueue
from mgn.mail import email_message, email_send, site_url

logger = logging.getLogger(__name__)
PLANNED = "gepland"


@dataclass(frozen=True)
class Invitation:
    """What one meeting's invitation says: the mail's subject, template and context, the
    .ics event and the attachment's file name."""

    subject: str
    template: str
    context: dict
    event: ics.Event
    filename: str


def event_uid(kind: str, pk: int) -> str:
    """A stable UID for a meeting's calendar event, so an update replaces it."""
    return f"{kind}-{pk}@{urlsplit(site_url()).hostname or 'mgn'}"


def invitations_send(model, overleg_id: int, build: Callable[[object], Invitation]) -> int:
    """Invite every invited member with an e-mail address (each address once), with an
    .ics; once per meeting: ``invitations_sent_at`` is set in the sending transaction, and a
    meeting no longer planned is not invited to."""
    with transaction.atomic():
        overleg = model.objects.select_for_update(of=("self",)).filter(pk=overleg_id).first()
        if overleg is None or overleg.invitations_sent_at is not None or overleg.status != PLANNED:
            return 0
        now = timezone.now()
        invitation = build(overleg)
        calendar = ics.calendar(invitation.event, stamp=now)
        messages, seen = [], set()
        for row in overleg.aanwezigheid.select_related("lid__professional", "lid__user"):
            lid = row.lid
            address = (
                (lid.professional.email if lid.professional_id else "")
                or (lid.user.email if lid.user_id else "")
            ).strip()
            if not address or address.lower() in seen:
                continue
            seen.add(address.lower())
            message = email_message(
                invitation.subject,
                invitation.template,
                {**invitation.context, "name": lid.display_name},
                address,
            )
            message.attach(
                invitation.filename, calendar, "text/calendar; method=REQUEST; charset=utf-8"
            )
            messages.append(message)
        sent = email_send(messages)
        overleg.invitations_sent_at = now
        overleg.save(update_fields=["invitations_sent_at"])
    return sent


def invitations_sweep(model, task, *, now: datetime | None = None, limit: int = 500) -> int:
    """Send again the invitations whose task was lost (an app registers its sweep in
    ``JOB_SWEEPS``): a planned meeting still to come, not sent, queued more than
    ``JOB_QUEUED_GRACE`` ago."""
    now = now or timezone.now()
    due = now - timedelta(seconds=settings.JOB_QUEUED_GRACE)
    overleggen = model.objects.filter(
        invitations_sent_at__isnull=True,
        invitations_queued_at__lt=due,
        status=PLANNED,
        starts_at__gt=now,
    )
    sent = 0
    for pk in overleggen.order_by("invitations_queued_at").values_list("pk", flat=True)[:limit]:
        if overleggen.filter(pk=pk).update(invitations_queued_at=now):
            logger.warning("Invitations of %s %s were not sent: sent again", model.__name__, pk)
            enqueue(task, pk)
            sent += 1
    return sent
