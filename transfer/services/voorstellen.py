"""Stored transfer proposals of a meeting (R-TR-1, R-TR-3, R-TR-7).

- ``voorstellen_maken`` draws the meeting's picture, runs the matcher and stores its
  proposals. **Idempotent per meeting:** a new run *replaces* the meeting's open proposals
  that the matcher made (so the list shows the latest picture, never two copies); decided
  proposals and proposals added by hand stay. The places those kept proposals (open or
  accepted) take at an offer are taken off its room first, so no offer is booked beyond its
  free places over the meeting's proposals.
- ``voorstel_handmatig`` adds one by hand, checked by the matcher's own rules
  (``matcher.transfer_refusal``): the same zorgvraagtype (ggz), an SD offer serving the
  gemeente, a strictly shorter expected wait, at most the persons waiting in the group and
  at most the room left. An individual proposal is one anonymous person with a code
  ("P1", "P2", … per meeting), never a pseudonym.
- ``voorstel_aantal_wijzigen``: the team lowers or raises n, never above the recorded room m.
- ``voorstel_besluit``: the table accepts or rejects an open proposal. Who decides is the
  table's managers (coordinators and the regievoerder, ``selectors.tafels.can_manage``); the
  views check it. The person still decides whether to move (R-TR-3): acceptance by the table
  is not a transfer.

The weeks saved are n × (recorded wait at A − recorded wait at B) (``Transfervoorstel.weeks_saved``),
so they never drift when the overview is recomputed (R-TR-7).
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from transfer.constants import VoorstelKind, VoorstelStatus
from transfer.models import TafelOverleg, Transfervoorstel
from transfer.selectors.voorstellen import open_matcher_proposals, picture_for_overleg
from transfer.services.matcher import propose_transfers, transfer_refusal
from wachttijden.models import Aanbod


def _kept_bookings(overleg: TafelOverleg) -> dict[int, int]:
    rows = (
        Transfervoorstel.objects.filter(overleg=overleg)
        .exclude(status=VoorstelStatus.AFGEWEZEN)
        .values("to_aanbod_id")
        .annotate(n=Sum("persons"))
    )
    return defaultdict(int, {row["to_aanbod_id"]: row["n"] for row in rows})


@transaction.atomic
def voorstellen_maken(*, overleg: TafelOverleg, user, min_waiting_weeks: int = 0) -> int:
    """Run the matcher on the meeting's picture and store its proposals; returns how many."""
    TafelOverleg.objects.select_for_update().filter(pk=overleg.pk).first()
    open_matcher_proposals(overleg).delete()
    booked = _kept_bookings(overleg)
    picture = picture_for_overleg(overleg)
    stored = []
    for p in propose_transfers(picture, min_waiting_weeks=min_waiting_weeks):
        room = min(p.room, p.capacity - booked[p.to_aanbod_id])
        persons = min(p.persons, room)
        if persons <= 0:
            continue
        booked[p.to_aanbod_id] += persons
        stored.append(
            Transfervoorstel(
                overleg=overleg,
                kind=VoorstelKind.GROEP,
                from_aanbod_id=p.from_aanbod_id,
                to_aanbod_id=p.to_aanbod_id,
                zorgvraagtype_id=p.zorgvraagtype_id,
                gemeente_id=p.gemeente_id,
                min_waiting_weeks=p.waiting_more_than_weeks,
                persons=persons,
                room=room,
                weeks=p.weeks,
                wait_from_weeks=p.wait_from_weeks,
                wait_from_source=p.wait_from_source,
                wait_to_weeks=p.wait_to_weeks,
                wait_to_source=p.wait_to_source,
                picture_on=p.picture_on,
                made_by_matcher=True,
                created_by=user,
            )
        )
    Transfervoorstel.objects.bulk_create(stored)
    return len(stored)


def _next_code(overleg: TafelOverleg) -> str:
    codes = (
        Transfervoorstel.objects.filter(overleg=overleg)
        .exclude(code="")
        .values_list("code", flat=True)
    )
    return f"P{max((int(c[1:]) for c in codes), default=0) + 1}"


@transaction.atomic
def voorstel_handmatig(
    *,
    overleg: TafelOverleg,
    user,
    from_aanbod: Aanbod,
    to_aanbod: Aanbod,
    persons: int,
    zorgvraagtype=None,
    gemeente=None,
    min_waiting_weeks: int = 0,
    individual: bool = False,
) -> Transfervoorstel:
    """Add a proposal by hand, checked by the matcher's rules (ValidationError in Dutch)."""
    TafelOverleg.objects.select_for_update().filter(pk=overleg.pk).first()
    if individual and persons != 1:
        raise ValidationError({"persons": "Een individueel voorstel gaat over één persoon."})
    if persons < 1:
        raise ValidationError({"persons": "Het aantal is minstens 1."})
    picture = picture_for_overleg(overleg)
    booked = _kept_bookings(overleg)[to_aanbod.pk]
    refusal = transfer_refusal(
        picture,
        from_aanbod_id=from_aanbod.pk,
        to_aanbod_id=to_aanbod.pk,
        zorgvraagtype_id=zorgvraagtype.pk if zorgvraagtype else None,
        gemeente_id=gemeente.pk if gemeente else None,
        persons=persons,
        min_waiting_weeks=min_waiting_weeks,
        booked=booked,
    )
    if refusal:
        raise ValidationError(refusal)
    origin, target = picture.offer(from_aanbod.pk), picture.offer(to_aanbod.pk)
    return Transfervoorstel.objects.create(
        overleg=overleg,
        kind=VoorstelKind.INDIVIDUEEL if individual else VoorstelKind.GROEP,
        code=_next_code(overleg) if individual else "",
        from_aanbod=from_aanbod,
        to_aanbod=to_aanbod,
        zorgvraagtype=zorgvraagtype if origin.domain == "ggz" else None,
        gemeente=gemeente if origin.domain == "sd" else None,
        min_waiting_weeks=min_waiting_weeks,
        persons=persons,
        room=target.free_places - booked,
        weeks=picture.weeks,
        wait_from_weeks=origin.expected_wait_weeks,
        wait_from_source=origin.expected_wait_source,
        wait_to_weeks=target.expected_wait_weeks,
        wait_to_source=target.expected_wait_source,
        picture_on=picture.on,
        made_by_matcher=False,
        created_by=user,
    )


def voorstel_aantal_wijzigen(*, voorstel: Transfervoorstel, persons: int) -> Transfervoorstel:
    """The team adjusts n of an open proposal: at least 1, never above the recorded room."""
    if not voorstel.is_open:
        raise ValidationError("Over dit voorstel is al besloten.")
    if voorstel.kind == VoorstelKind.INDIVIDUEEL and persons != 1:
        raise ValidationError({"persons": "Een individueel voorstel gaat over één persoon."})
    if persons < 1:
        raise ValidationError({"persons": "Het aantal is minstens 1."})
    if persons > voorstel.room:
        raise ValidationError(
            {"persons": f"Het aantal is hoogstens de ruimte van {voorstel.room} personen."}
        )
    voorstel.persons = persons
    voorstel.save(update_fields=["persons"])
    return voorstel


def voorstel_besluit(*, voorstel: Transfervoorstel, user, accept: bool) -> Transfervoorstel:
    """The table accepts or rejects an open proposal (once)."""
    if not voorstel.is_open:
        raise ValidationError("Over dit voorstel is al besloten.")
    voorstel.status = VoorstelStatus.AANVAARD if accept else VoorstelStatus.AFGEWEZEN
    voorstel.decided_by = user
    voorstel.decided_at = timezone.now()
    voorstel.save(update_fields=["status", "decided_by", "decided_at"])
    return voorstel
