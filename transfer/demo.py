"""Demo data for function II in the fictional region Veenland (runs after networks.demo and
wachttijden.demo): one transfer table with its regievoerder (GGZ Veenland), a fixed team —
ggz, a vrijgevestigde, an SD provider and the gemeente's wijkteam —, a guest of an
insurer's zorgbemiddeling, two past meetings with minutes and the next meetings planned
from the frequency. No person data: minutes speak of groups and counts. Idempotent: the
table, its members and its meetings are found again by their keys."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from networks.constants import Discipline
from networks.models import Gemeente, Network, Organisation, Professional
from networks.selectors.organisaties import can_act_for
from networks.services.organisaties import organisation_grant, professional_create
from transfer.constants import (
    Antwoord,
    Frequency,
    GuestRole,
    MemberKind,
    OverlegStatus,
    SteekproefUitkomst,
    VoorstelKind,
    VoorstelStatus,
)
from transfer.models import TafelOverleg, Transfertafel, Transfervoorstel
from transfer.selectors.steekproef import steekproef_lijst
from transfer.selectors.voorstellen import picture_for_overleg, voorstellen_of
from transfer.selectors.werklijst import group_entries
from transfer.services.matcher import propose_transfers
from transfer.services.overleg import overleg_plan, overleg_record, overleggen_generate
from transfer.services.steekproef import steekproef_bestellen, steekproef_resultaat
from transfer.services.tafels import lid_add, tafel_create
from transfer.services.voorstellen import voorstel_besluit, voorstel_handmatig, voorstellen_maken
from transfer.services.werklijst import overdracht_bevestigen, uitkomst_vastleggen
from wachttijden.models import Aanbod, Zorgvraagtype

NETWORK = "veenland"
TAFEL = "Transfertafel Veenland"
VRIJGEVESTIGDE = ("Praktijk De Linde (vrijgevestigd psychotherapeut)", "Hanna de Linde")
# (organisation, professional's name, kind, guest role)
MEMBERS = [
    ("GGZ Veenland", "Samir El Amrani", MemberKind.TEAMLID, ""),
    (VRIJGEVESTIGDE[0], VRIJGEVESTIGDE[1], MemberKind.TEAMLID, ""),
    ("Welzijn Veenland", "Mirjam Bakker", MemberKind.TEAMLID, ""),
    ("Gemeente Veendam aan de Aa", "Noor Bosman (wijkteam)", MemberKind.TEAMLID, ""),
    ("Zorgverzekeraar Noordster", "Peter Smit", MemberKind.GAST, GuestRole.ZORGBEMIDDELING),
]
PAST = [
    (
        28,
        "1. Beeld van de wachtenden per zorgvraagtype\n2. Ruimte bij De Linde\n3. Rondvraag",
        "Bij GGZ Veenland wachten 18 personen met angstklachten langer dan 10 weken. De Linde "
        "heeft de komende vier weken ruimte voor 4 intakes; de teamleden vragen hun wachtenden "
        "of zij daar willen starten.",
    ),
    (
        14,
        "1. Terugkoppeling vorige afspraken\n2. Schuldhulp en wonen in Turfhaven",
        "Drie van de vier personen hebben de overstap naar De Linde gekozen; één blijft liever "
        "wachten. Het wijkteam meldt ruimte voor 6 personen in het steunpunt.",
    ),
]


def _professional(organisation: Organisation, name: str) -> Professional:
    found = Professional.objects.filter(organisation=organisation, name=name).first()
    if found is None:
        found = professional_create(
            organisation=organisation,
            name=name,
            discipline=Discipline.GGZ_PROFESSIONAL,
            email="praktijk@delinde.example",
        )
    return found


@transaction.atomic
def seed_demo() -> str:
    network = Network.objects.filter(slug=NETWORK).first()
    if network is None:
        return "geen demonetwerk"
    tafel = Transfertafel.objects.filter(network=network, name=TAFEL).first()
    if tafel is None:
        tafel = tafel_create(
            network=network,
            name=TAFEL,
            frequency=Frequency.TWEEWEKELIJKS,
            weekday=1,
            default_time=time(9, 30),
            duration_minutes=90,
            location="GGZ Veenland, Veendam aan de Aa, zaal 2 (of online via de link in de agenda)",
        )
    seated = 0
    for org_name, name, kind, guest_role in MEMBERS:
        organisation = Organisation.objects.get(name=org_name)
        professional = _professional(organisation, name)
        if tafel.leden.filter(professional=professional, left_on__isnull=True).exists():
            continue
        lid_add(
            tafel=tafel,
            kind=kind,
            professional=professional,
            guest_role=guest_role,
            joined_on=timezone.localdate() - timedelta(days=60),
        )
        seated += 1
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for days_ago, agenda, minutes in PAST:
        day = today - timedelta(days=days_ago)
        starts_at = datetime.combine(day, tafel.default_time, tzinfo=tz)
        if TafelOverleg.objects.filter(tafel=tafel, starts_at=starts_at).exists():
            continue
        overleg = overleg_plan(
            tafel=tafel, starts_at=starts_at, duration_minutes=tafel.duration_minutes
        )
        rows = list(overleg.aanwezigheid.all())
        overleg_record(
            overleg=overleg,
            agenda=agenda,
            minutes=minutes,
            attendance={row.pk: index != 1 for index, row in enumerate(rows)},
            held=True,
        )
    _proposals(tafel)
    _uitkomsten(tafel)
    overleggen_generate(tafel=tafel)
    _steekproef(tafel)
    coming = tafel.overleggen.filter(status=OverlegStatus.GEPLAND, starts_at__gt=timezone.now())
    return f"{tafel.name}: {tafel.leden.count()} leden ({seated} nieuw), {coming.count()} komende overleggen"


# R-TR-6: the table sampled GGZ Veenland's list; the provider checked six of ten entries.
STEEKPROEF = ("GGZ Veenland", 10, 20261206)  # provider, n, seed (reproducible)
STEEKPROEF_RESULTS = [
    SteekproefUitkomst.WACHTEND,
    SteekproefUitkomst.WACHTEND,
    SteekproefUitkomst.WACHTEND,
    SteekproefUitkomst.WACHTEND,
    SteekproefUitkomst.GEHOLPEN,
    SteekproefUitkomst.VERTROKKEN,
]


def _steekproef(tafel: Transfertafel) -> None:
    """One steekproef with results, once (found again by table and provider)."""
    provider = Organisation.objects.filter(name=STEEKPROEF[0]).first()
    if provider is None or tafel.steekproeven.filter(provider=provider).exists():
        return
    users = get_user_model().objects
    coordinator = users.filter(email="coordinator@demo.mgn.nl").first()
    checker = users.filter(email="ggz@demo.mgn.nl").first()
    size = steekproef_lijst(tafel, provider).count()
    if coordinator is None or checker is None or not size:
        return
    steekproef = steekproef_bestellen(
        tafel, provider, min(STEEKPROEF[1], size), coordinator, seed=STEEKPROEF[2]
    )
    for regel, result in zip(steekproef.regels.order_by("pk"), STEEKPROEF_RESULTS, strict=False):
        steekproef_resultaat(regel, result, checker)


def _proposals(tafel: Transfertafel) -> None:
    """The latest held meeting gets the matcher's proposals once (R-TR-1): the first
    accepted by the table, the second rejected; a second run then proposes again what the
    rejected one left free, still open."""
    overleg = tafel.overleggen.filter(status=OverlegStatus.GEHOUDEN).order_by("-starts_at").first()
    if overleg is None or overleg.voorstellen.exists():
        return
    # Individual anonymous proposals (a P-code, never a pseudonym) on the matcher's best
    # pair, one in each state: P1 rejected (its place goes back), P2 accepted, P3 open; the
    # matcher's groups then share what room is left.
    best = next(iter(propose_transfers(picture_for_overleg(overleg))), None)
    if best is not None:
        for decision in (False, True, None):
            try:
                individual = voorstel_handmatig(
                    overleg=overleg,
                    user=None,
                    from_aanbod=Aanbod.objects.get(pk=best.from_aanbod_id),
                    to_aanbod=Aanbod.objects.get(pk=best.to_aanbod_id),
                    zorgvraagtype=Zorgvraagtype.objects.filter(pk=best.zorgvraagtype_id).first(),
                    gemeente=Gemeente.objects.filter(pk=best.gemeente_id).first(),
                    min_waiting_weeks=best.waiting_more_than_weeks,
                    persons=1,
                    individual=True,
                )
            except ValidationError:  # no room left for one more
                break
            if decision is not None:
                voorstel_besluit(voorstel=individual, user=None, accept=decision)
    voorstellen_maken(overleg=overleg, user=None)
    groups = [v for v in voorstellen_of(overleg) if v.kind == VoorstelKind.GROEP]
    for voorstel, accept in zip(groups, (True, False), strict=False):
        voorstel_besluit(voorstel=voorstel, user=None, accept=accept)
    voorstellen_maken(overleg=overleg, user=None)


# R-TR-3, R-TR-2: for the accepted proposal the holding provider asked its persons: the
# first accepted and was handed over warmly, the second accepted (handover still to
# confirm), the third declined and stays, the fourth did not answer.
PROVIDER_LOGIN, COORDINATOR = "ggz@demo.mgn.nl", "coordinator@demo.mgn.nl"
# The vrijgevestigde practice whose long waits the matcher moves first: its login acts for it
# and finds the worklist of the accepted proposal at /transfer/werklijsten/.
PRAKTIJK_LOGIN = ("praktijk@demo.mgn.nl", "Psychologenpraktijk Moerland")
ANSWERS = [Antwoord.AANVAARD, Antwoord.AANVAARD, Antwoord.AFGEWEZEN, Antwoord.GEEN_ANTWOORD]


def _uitkomsten(tafel: Transfertafel) -> None:
    """Answers and one completed handover on each accepted proposal, once."""
    users = get_user_model().objects
    praktijk = users.filter(email=PRAKTIJK_LOGIN[0]).first()
    organisation = Organisation.objects.filter(name=PRAKTIJK_LOGIN[1]).first()
    if praktijk is not None and organisation is not None:
        organisation_grant(organisation=organisation, user=praktijk)
    for voorstel in Transfervoorstel.objects.filter(
        overleg__tafel=tafel, status=VoorstelStatus.AANVAARD
    ).select_related("from_aanbod"):
        if voorstel.uitkomsten.exists():
            continue
        # The demo's provider login where it acts for the holding provider; otherwise the
        # coordinator stands in (demo only: the pages let only the provider's users record).
        logins = (PROVIDER_LOGIN, PRAKTIJK_LOGIN[0], COORDINATOR)
        candidates = [users.filter(email=e).first() for e in logins]
        candidates = [u for u in candidates if u is not None]
        if not candidates:
            continue
        holder = next(
            (u for u in candidates if can_act_for(u, voorstel.from_aanbod.provider)),
            candidates[-1],
        )
        accepted = 0
        for entry, antwoord in zip(group_entries(voorstel), ANSWERS, strict=False):
            if antwoord == Antwoord.AANVAARD:
                if accepted >= voorstel.persons:
                    antwoord = Antwoord.GEEN_ANTWOORD
                accepted += 1
            uitkomst = uitkomst_vastleggen(
                voorstel=voorstel, wachtplek=entry, antwoord=antwoord, user=holder
            )
            if antwoord == Antwoord.AANVAARD and accepted == 1:
                overdracht_bevestigen(uitkomst=uitkomst, user=holder)
