"""A year of transfer history in the demo region Veenland, for the network's board (issue
15: a trend over the last four quarters; R-TR-7). Runs after ``transfer.demo``.

Before the demo's two held meetings the table met every four weeks for more than a year:
fourteen earlier held meetings, each with one group proposal the table accepted (the pair
of the demo's accepted proposal: the same offers, type and recorded waits) and the answers
of its persons — some accepted and were handed over warmly, one declined now and then.

Only the past is written directly: the services plan and record meetings from today on
and answer for entries still on a waiting list, so the earlier proposals and answers are
created as they were, their entries long gone from the list (no ``Wachtplek``, no person:
an answer keeps only a key and a registration date). Dates hang on the demo's first held
meeting, so seeding again on another day finds the same meetings; a meeting that already
has its proposal is left alone."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from networks.models import Network
from transfer import demo
from transfer.constants import Antwoord, OverlegStatus, VoorstelKind, VoorstelStatus
from transfer.models import TafelOverleg, Transfertafel, Transfervoorstel, Uitkomst
from transfer.services.overleg import overleg_plan, overleg_record

EARLIER_MEETINGS = 14
SPACING_WEEKS = 4
AGENDA = "1. Beeld van de wachtenden\n2. Voorstellen voor overstap\n3. Terugkoppeling"
MINUTES = "Voorstel voor een groep wachtenden aanvaard; de aanbieder vraagt hen."
# Per earlier meeting (oldest first), the persons proposed and their answers: the first
# ones accepted and were handed over, then one declined, the rest did not answer.
PATTERNS = [(2, 1, 0), (3, 2, 1), (2, 2, 0), (3, 1, 1), (2, 1, 1), (4, 3, 1), (3, 2, 0)]


def _anchor(tafel: Transfertafel):
    """The demo's oldest held meeting (its first agenda), or None."""
    first = demo.PAST[0][1]
    return (
        TafelOverleg.objects.filter(tafel=tafel, agenda=first.strip()).order_by("starts_at").first()
    )


def _meeting(tafel: Transfertafel, starts_at) -> TafelOverleg:
    found = TafelOverleg.objects.filter(tafel=tafel, starts_at=starts_at).first()
    if found is not None:
        return found
    overleg = overleg_plan(
        tafel=tafel, starts_at=starts_at, duration_minutes=tafel.duration_minutes
    )
    rows = list(overleg.aanwezigheid.all())
    return overleg_record(
        overleg=overleg,
        agenda=AGENDA,
        minutes=MINUTES,
        attendance={row.pk: index != 2 for index, row in enumerate(rows)},
        held=True,
    )


def _proposal(overleg, model: Transfervoorstel, pattern, users) -> None:
    persons, handed_over, declined = pattern
    day = timezone.localtime(overleg.starts_at).date()
    voorstel = Transfervoorstel.objects.create(
        overleg=overleg,
        kind=VoorstelKind.GROEP,
        from_aanbod_id=model.from_aanbod_id,
        to_aanbod_id=model.to_aanbod_id,
        zorgvraagtype_id=model.zorgvraagtype_id,
        gemeente_id=model.gemeente_id,
        min_waiting_weeks=model.min_waiting_weeks,
        persons=persons,
        room=max(persons, model.room),
        weeks=model.weeks,
        wait_from_weeks=model.wait_from_weeks,
        wait_from_source=model.wait_from_source,
        wait_to_weeks=model.wait_to_weeks,
        wait_to_source=model.wait_to_source,
        picture_on=day,
        status=VoorstelStatus.AANVAARD,
        decided_by=users["coordinator"],
        decided_at=overleg.starts_at + timedelta(minutes=45),
    )
    provider_id = model.from_aanbod.provider_id
    for n in range(persons):
        answered_at = overleg.starts_at + timedelta(days=3 + n)
        if n < handed_over:
            antwoord = Antwoord.AANVAARD
        elif n < handed_over + declined:
            antwoord = Antwoord.AFGEWEZEN
        else:
            antwoord = Antwoord.GEEN_ANTWOORD
        over = n < handed_over
        Uitkomst.objects.create(
            voorstel=voorstel,
            provider_id=provider_id,
            entry_key=f"demo-geschiedenis-{voorstel.pk}-{n}",
            registered_on=day - timedelta(weeks=int(model.min_waiting_weeks) + 2 + n),
            antwoord=antwoord,
            answered_by=users["provider"],
            answered_at=answered_at,
            handed_over_by=users["provider"] if over else None,
            handed_over_at=answered_at + timedelta(days=7) if over else None,
        )


@transaction.atomic
def seed_demo() -> str:
    network = Network.objects.filter(slug=demo.NETWORK).first()
    tafel = Transfertafel.objects.filter(network=network, name=demo.TAFEL).first()
    anchor = _anchor(tafel) if tafel else None
    model = (
        Transfervoorstel.objects.filter(
            overleg__tafel=tafel,
            status=VoorstelStatus.AANVAARD,
            kind=VoorstelKind.GROEP,
            overleg__status=OverlegStatus.GEHOUDEN,
        )
        .select_related("from_aanbod")
        .order_by("pk")
        .first()
        if tafel
        else None
    )
    people = get_user_model().objects
    users = {
        "coordinator": people.filter(email=demo.COORDINATOR).first(),
        "provider": people.filter(email=demo.PROVIDER_LOGIN).first(),
    }
    users["provider"] = users["provider"] or users["coordinator"]
    if anchor is None or model is None or users["coordinator"] is None:
        return "geen demotafel met een aanvaard voorstel"
    made = 0
    for index in range(EARLIER_MEETINGS):
        starts_at = anchor.starts_at - timedelta(weeks=SPACING_WEEKS * (EARLIER_MEETINGS - index))
        overleg = _meeting(tafel, starts_at)
        if overleg.voorstellen.exists():
            continue
        _proposal(overleg, model, PATTERNS[index % len(PATTERNS)], users)
        made += 1
    weeks = sum(
        (
            u.voorstel.wait_from_weeks - u.voorstel.wait_to_weeks
            for u in Uitkomst.objects.filter(
                voorstel__overleg__tafel=tafel,
                entry_key__startswith="demo-geschiedenis-",
                handed_over_at__isnull=False,
            ).select_related("voorstel")
        ),
        Decimal("0.0"),
    )
    return f"{tafel.name}: {made} eerdere overleggen met voorstel, {weeks} wachtweken bespaard"
