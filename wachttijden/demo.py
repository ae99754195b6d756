"""Demo data for function III in the fictional region Veenland (runs after networks.demo).

Offers in all eight categories of R-WT-7 from the demo's providers, waiting lists of about
300 entries in which about one person in five waits on more than one list (R-WT-1), intake
places for the coming weeks (R-WT-5), three months of the providers' published monthly
figures (R-WT-8), two notes of missing offer, and the overview of today and of the four
weeks before it, so the dashboard has a trend. ggz@demo.mgn.nl acts for GGZ Veenland: the
demo's provider login.

The waiting persons are RvIG-style test BSNs (9999xxxxx, each passing the elfproef) that
are turned into pseudonyms at once, as an upload does; no BSN is stored. Dates are relative
to the day of seeding. Idempotent: offers, slots, figures and notes are found again by
their keys, the lists are made once, and an overview that exists is not computed again.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from stdnum.nl import bsn as stdnum_bsn

from mgn.accounts.models import User
from mgn.jobs.constants import JobStatus
from networks.models import Gemeente, Network, Organisation, Region
from networks.services.organisaties import organisation_grant

from .constants import AanbodDomain, Category, EntryStatus, UploadSource, Urgency
from .models import (
    Aanbod,
    Hoofddiagnosegroep,
    IntakeSlots,
    OntbrekendAanbod,
    OverviewRun,
    WachtlijstUpload,
    Wachtplek,
    WachttijdOpgave,
    Zorgvraagtype,
)
from .services import aanbod as aanbod_services
from .services import overzicht
from .services.pseudonym import pseudonymise, region_key

REGION = "veenland"
NETWORK = "veenland"
PROVIDER_LOGIN = ("ggz@demo.mgn.nl", "GGZ Veenland")
COORDINATOR = "coordinator@demo.mgn.nl"
BEHEERDER = "beheerder@demo.mgn.nl"
SEED = 20260401  # the same lists on every seeding (relative to the day)
PERSONS = 225
SEVERAL_LISTS = 0.2  # so that about one waiting person in five is on several lists
SNAPSHOT_WEEKS = 4  # the overview of today and of each of the four weeks before
ALL = "all"


@dataclass(frozen=True)
class DemoOffer:
    provider: str
    name: str
    domain: str
    category: str
    gemeente: str  # CBS code of the location
    served: tuple | str
    location: str
    description: str
    how_to_apply: str
    contact: str
    zorgvraagtypes: tuple = ()
    low_threshold: bool = False
    declared_weeks: str | None = None
    # The waiting list: (mean weeks registration -> intake, mean weeks intake -> treatment,
    # share of the list); None for offers without a list.
    waits: tuple | None = None
    slots: tuple = ()  # free intake places in this and the next weeks


G, SD, HA = AanbodDomain.GGZ, AanbodDomain.SD, AanbodDomain.HUISARTS
OFFERS = [
    DemoOffer(
        "GGZ Veenland",
        "Specialistische ggz volwassenen",
        G,
        Category.GGZ_BEHANDELING,
        "GM9901",
        ALL,
        "Hoofdvestiging Veendam",
        "Diagnostiek en behandeling bij ernstige of complexe psychische klachten.",
        "Met een verwijzing van de huisarts; het aanmeldteam belt binnen vijf werkdagen.",
        "Aanmeldteam GGZ Veenland, 0599-000 200",
        zorgvraagtypes=(4, 5, 6, 7, 8, 10, 11),
        waits=(6, 11, 0.32),
        slots=(1, 0, 2, 1, 1, 2),
    ),
    DemoOffer(
        "GGZ Veenland",
        "FACT-team Veenland",
        G,
        Category.GGZ_BEHANDELING,
        "GM9901",
        ALL,
        "Hoofdvestiging Veendam",
        "Ambulante behandeling en begeleiding thuis bij ernstige psychiatrische aandoeningen.",
        "Via de huisarts of het wijkteam; bespreking in het wekelijkse FACT-overleg.",
        "FACT-team, 0599-000 210",
        zorgvraagtypes=(12, 13, 14, 15, 16, 17),
        waits=(3, 4, 0.10),
        slots=(1, 1, 0, 1, 1, 0),
    ),
    DemoOffer(
        "GGZ Veenland",
        "Wachtverzachter: lotgenotengroep online",
        G,
        Category.WACHTVERZACHTER,
        "GM9901",
        ALL,
        "Online",
        "Wekelijkse online groep onder begeleiding van een ervaringsdeskundige voor wie wacht.",
        "Aanmelden op de website; geen verwijzing nodig.",
        "wachtverzachter@ggzveenland.example",
        low_threshold=True,
        declared_weeks="0.5",
    ),
    DemoOffer(
        "Ambulante GGZ De Brug",
        "Basis-ggz kort en middel",
        G,
        Category.GGZ_BEHANDELING,
        "GM9906",
        ("GM9906", "GM9907", "GM9905", "GM9909"),
        "Brugwijk",
        "Kortdurende behandeling bij lichte tot matige angst- en stemmingsklachten.",
        "Met een verwijzing van de huisarts.",
        "De Brug, 0599-000 300",
        zorgvraagtypes=(1, 2, 3),
        waits=(4, 5, 0.28),
        slots=(2, 1, 2, 2, 1, 2),
    ),
    DemoOffer(
        "Ambulante GGZ De Brug",
        "Online zelfhulp bij somberheid",
        G,
        Category.EHEALTH,
        "GM9906",
        ALL,
        "Online",
        "Begeleide e-health-module van acht weken met een online coach.",
        "Aanmelden via de huisarts of de POH-ggz.",
        "ehealth@debrug.example",
        zorgvraagtypes=(1, 2),
        declared_weeks="1",
    ),
    DemoOffer(
        "Psychologenpraktijk Moerland",
        "Behandeling angst en depressie",
        G,
        Category.GGZ_BEHANDELING,
        "GM9903",
        ("GM9903", "GM9904", "GM9902"),
        "Moerdorp",
        "Cognitieve gedragstherapie en EMDR in een kleine praktijk.",
        "Met een verwijzing van de huisarts; intake binnen de praktijk.",
        "Praktijk Moerland, 0599-000 400",
        zorgvraagtypes=(2, 3, 4),
        waits=(7, 3, 0.16),
        slots=(0, 1, 0, 1, 0, 1),
    ),
    DemoOffer(
        "Praktijk De Linde (vrijgevestigd psychotherapeut)",
        "Psychotherapie",
        G,
        Category.GGZ_BEHANDELING,
        "GM9904",
        ("GM9904", "GM9903"),
        "Lindeveen",
        "Langer durende psychotherapie bij persoonlijkheids- en hechtingsproblematiek.",
        "Met een verwijzing van de huisarts; eerst een kennismakingsgesprek.",
        "Praktijk De Linde, 0599-000 450",
        zorgvraagtypes=(5, 6, 7),
        waits=(13, 14, 0.06),
    ),
    DemoOffer(
        "Stichting Herstelhuis (ervaringsdeskundigen)",
        "Herstelcafé",
        SD,
        Category.STEUNPUNT,
        "GM9904",
        ALL,
        "Lindeveen",
        "Inloop met ervaringsdeskundigen: koffie, een gesprek en herstelgroepen.",
        "Zo binnenlopen, dinsdag en donderdag van 10 tot 16 uur.",
        "Herstelhuis, 0599-000 500",
        low_threshold=True,
        declared_weeks="0",
    ),
    DemoOffer(
        "Welzijn Veenland",
        "Maatschappelijk werk",
        SD,
        Category.SOCIAAL_WERK,
        "GM9901",
        ALL,
        "Veendam aan de Aa",
        "Hulp bij problemen met geld, relaties, opvoeding of eenzaamheid.",
        "Bellen of mailen; geen verwijzing nodig.",
        "Welzijn Veenland, 0599-000 600",
        low_threshold=True,
        declared_weeks="2",
    ),
    DemoOffer(
        "Sociaal Wijkteam Turfhaven",
        "Wmo-begeleiding thuis",
        SD,
        Category.WMO,
        "GM9902",
        ("GM9902",),
        "Turfhaven",
        "Individuele begeleiding thuis bij structuur, administratie en dagbesteding.",
        "Via het Wmo-loket van de gemeente; een keukentafelgesprek volgt.",
        "Wijkteam Turfhaven, 0599-000 700",
        declared_weeks="6",
        waits=(5, 2, 0.05),
    ),
    DemoOffer(
        "Schuldhulp Kanaalzijde",
        "Schuldhulpverlening",
        SD,
        Category.SCHULDHULP,
        "GM9908",
        ("GM9908", "GM9909"),
        "Kanaalzijde",
        "Overzicht van schulden, budgetbeheer en een schuldregeling.",
        "Zelf aanmelden of via het wijkteam; binnen drie werkdagen een eerste gesprek.",
        "Schuldhulp Kanaalzijde, 0599-000 800",
        declared_weeks="3",
        waits=(3, 4, 0.03),
    ),
    DemoOffer(
        "Woonstichting Veenland",
        "Begeleid wonen met urgentie",
        SD,
        Category.WONEN,
        "GM9901",
        ALL,
        "Veendam aan de Aa",
        "Woning met urgentie voor wie uitstroomt uit een kliniek of beschermd wonen.",
        "Aanvraag door de behandelaar of het wijkteam, met een begeleidingsplan.",
        "Woonstichting Veenland, 0599-000 900",
        declared_weeks="26",
    ),
    DemoOffer(
        "UWV Veenland",
        "Werkfit en re-integratie",
        SD,
        Category.WERKEN,
        "GM9902",
        ALL,
        "Turfhaven",
        "Begeleiding naar werk of een opleiding voor wie door psychische klachten uitviel.",
        "Via de klantmanager van het UWV of de gemeente.",
        "UWV Veenland, 0599-000 950",
        declared_weeks="4",
    ),
    DemoOffer(
        "Huisartsenorganisatie Veenland (HOV)",
        "POH-ggz in de huisartsenpraktijk",
        HA,
        Category.GGZ_BEHANDELING,
        "GM9901",
        ALL,
        "Alle aangesloten praktijken",
        "Gesprekken met de praktijkondersteuner ggz bij de eigen huisarts.",
        "Afspraak via de eigen huisartsenpraktijk.",
        "De eigen huisartsenpraktijk",
        zorgvraagtypes=(1, 2, 3),
        low_threshold=True,
        declared_weeks="1",
    ),
]

# Monthly figures as published (R-WT-8): provider, location, group (None: basis-ggz, not
# split), aanmeld- and behandelweeks, and the counts within and outside the Treeknorm.
OPGAVEN = [
    ("GGZ Veenland", "Hoofdvestiging Veendam", "angst", 5.0, 8.0, 31, 9),
    ("GGZ Veenland", "Hoofdvestiging Veendam", "depressie", 6.0, 9.5, 38, 14),
    ("GGZ Veenland", "Hoofdvestiging Veendam", "persoonlijkheid", 9.0, 12.0, 12, 11),
    ("GGZ Veenland", "Hoofdvestiging Veendam", "trauma", 7.0, 10.0, 18, 8),
    ("GGZ Veenland", "Hoofdvestiging Veendam", "nog-geen-diagnose", 4.0, 6.0, 20, 3),
    ("Ambulante GGZ De Brug", "Brugwijk", None, 4.0, 5.0, 44, 6),
    ("Psychologenpraktijk Moerland", "Moerdorp", None, 7.0, 3.0, 9, 6),
]

MISSING = [
    (
        Category.WONEN,
        "Beschermd wonen voor jongvolwassenen (18–23 jaar) ontbreekt: wie uit de jeugdzorg "
        "komt, wacht nu in de kliniek of bij familie.",
        ("GM9901", "GM9902"),
    ),
    (
        Category.WERKEN,
        "Geen IPS-trajecten (individuele plaatsing en steun) in Kanaalzijde en Oostervaart; "
        "de dichtstbijzijnde zijn buiten de regio.",
        ("GM9908", "GM9909"),
    ),
]


# Test BSNs -------------------------------------------------------------------------------
def demo_bsns(count: int, start: int = 999950000) -> list[str]:
    """The first ``count`` numbers from ``start`` that pass the elfproef: RvIG-style test
    numbers (9999…), never a real person's."""
    out, number = [], start
    while len(out) < count:
        candidate = f"{number:09d}"
        if stdnum_bsn.is_valid(candidate):
            out.append(candidate)
        number += 1
    return out


# Seeding ---------------------------------------------------------------------------------
def _offers(region: Region, organisations: dict, gemeenten: dict) -> tuple[list, int]:
    types = {z.number: z for z in Zorgvraagtype.objects.all()}
    made, new = [], 0
    for spec in OFFERS:
        provider = organisations[spec.provider]
        offer, created = Aanbod.objects.get_or_create(
            provider=provider,
            region=region,
            name=spec.name,
            defaults={
                "domain": spec.domain,
                "category": spec.category,
                "description": spec.description,
                "location_name": spec.location,
                "gemeente": gemeenten[spec.gemeente],
                "how_to_apply": spec.how_to_apply,
                "contact": spec.contact,
                "low_threshold": spec.low_threshold,
                "declared_wait_weeks": Decimal(spec.declared_weeks)
                if spec.declared_weeks is not None
                else None,
            },
        )
        if created:
            new += 1
            offer.zorgvraagtypes.set([types[n] for n in spec.zorgvraagtypes])
            served = (
                gemeenten.values() if spec.served == ALL else [gemeenten[c] for c in spec.served]
            )
            offer.gemeenten_served.set(list(served))
        made.append((spec, offer))
    return made, new


def _entry_dates(rng: random.Random, today: date, first: date, waits: tuple) -> dict:
    """A registration (within three weeks after the person's first), and the intake and
    treatment start as far as they lie in the past."""
    aanmeld_weeks, behandel_weeks, _share = waits
    registered = min(today, first + timedelta(days=rng.randint(0, 21)))
    intake = registered + timedelta(days=max(3, int(rng.gauss(aanmeld_weeks * 7, 10))))
    if intake > today:
        return {"registered_on": registered, "status": EntryStatus.AANMELDING}
    treatment = intake + timedelta(days=max(7, int(rng.gauss(behandel_weeks * 7, 14))))
    if treatment > today:
        return {"registered_on": registered, "intake_on": intake, "status": EntryStatus.INTAKE}
    return {
        "registered_on": registered,
        "intake_on": intake,
        "treatment_start_on": treatment,
        "status": EntryStatus.BEHANDELING,
    }


def _urgency(rng: random.Random) -> str:
    draw = rng.random()
    return Urgency.CRISIS if draw < 0.04 else Urgency.HOOG if draw < 0.2 else Urgency.NORMAAL


def _lists(region: Region, offers: list, gemeenten: list, users: dict, today: date) -> int:
    """About 300 entries: every person on one list, one in five on a second (or third)."""
    if Wachtplek.objects.filter(region=region).exists():
        return 0
    rng = random.Random(SEED)
    listed = [(spec, offer) for spec, offer in offers if spec.waits]
    weights = [spec.waits[2] for spec, _offer in listed]
    hdg = list(Hoofddiagnosegroep.objects.order_by("order"))
    key = region_key(region.code)
    entries: dict[int, list[Wachtplek]] = {offer.pk: [] for _spec, offer in listed}
    treats = {offer.pk: list(offer.zorgvraagtypes.order_by("number")) for _s, offer in listed}
    for bsn in demo_bsns(PERSONS):
        who = pseudonymise(bsn, region_code=region.code, key=key)  # the BSN goes no further
        gemeente = rng.choice(gemeenten)
        urgency = _urgency(rng)
        first = today - timedelta(days=int(rng.triangular(1, 210, 25)))
        count = 1 + (rng.random() < SEVERAL_LISTS) + (rng.random() < SEVERAL_LISTS / 4)
        chosen: list = []
        while len(chosen) < count:
            pick = rng.choices(listed, weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        for spec, offer in chosen:
            types = treats[offer.pk]
            entries[offer.pk].append(
                Wachtplek(
                    aanbod=offer,
                    provider=offer.provider,
                    region=region,
                    pseudonym=who,
                    gemeente=gemeente,
                    urgency=urgency if rng.random() < 0.8 else Urgency.NORMAAL,
                    zorgvraagtype=rng.choice(types) if types else None,
                    hoofddiagnosegroep=rng.choice(hdg) if types and rng.random() < 0.7 else None,
                    **_entry_dates(rng, today, first, spec.waits),
                )
            )
    total = 0
    for spec, offer in listed:
        rows = entries[offer.pk]
        uploader = users["provider"] if spec.provider == PROVIDER_LOGIN[1] else users["beheerder"]
        upload = WachtlijstUpload.objects.create(
            aanbod=offer,
            provider=offer.provider,
            uploaded_by=uploader,
            source=UploadSource.API,
            filename="",
            accepted=True,
            rows_total=len(rows),
        )
        # The provider's own client reference (its initials and a number, never a BSN), as
        # the optional upload column gives it: how it recognises its entries (R-TR-3, R-TR-6).
        initials = "".join(word[0] for word in offer.provider.name.split() if word[0].isupper())
        for number, row in enumerate(rows, start=1):
            row.upload = upload
            row.client_reference = f"{initials}-{offer.pk:02d}{number:03d}"
        Wachtplek.objects.bulk_create(rows)
        total += len(rows)
    return total


def _slots(offers: list, today: date) -> None:
    monday = today - timedelta(days=today.weekday())
    for spec, offer in offers:
        for week, available in enumerate(spec.slots):
            IntakeSlots.objects.update_or_create(
                aanbod=offer,
                week_start=monday + timedelta(weeks=week),
                defaults={"available": available},
            )


def _opgaven(region: Region, organisations: dict, today: date) -> None:
    groups = {g.code: g for g in Hoofddiagnosegroep.objects.all()}
    first = today.replace(day=1)
    for back in (3, 2, 1):
        month = first
        for _ in range(back):
            month = (month - timedelta(days=1)).replace(day=1)
        for provider, location, group, aanmeld, behandel, within, outside in OPGAVEN:
            drift = Decimal(back - 2) / 2  # the waits crept up over the three months
            WachttijdOpgave.objects.update_or_create(
                provider=organisations[provider],
                location=location,
                month=month,
                hoofddiagnosegroep=groups[group] if group else None,
                defaults={
                    "region": region,
                    "aanmeld_weeks": Decimal(str(aanmeld)) - drift,
                    "behandel_weeks": Decimal(str(behandel)) - drift,
                    "within_norm": within,
                    "outside_norm": outside + (2 - back),
                },
            )


def _missing(network: Network, coordinator: User, gemeenten: dict) -> None:
    for category, description, codes in MISSING:
        if OntbrekendAanbod.objects.filter(network=network, description=description).exists():
            continue
        aanbod_services.ontbrekend_create(
            user=coordinator,
            network=network,
            category=category,
            description=description,
            gemeenten=[gemeenten[c] for c in codes],
        )


def _overviews(region: Region, coordinator: User, today: date) -> int:
    computed = 0
    for weeks_back in range(SNAPSHOT_WEEKS, -1, -1):  # oldest first: today is the latest run
        day = today - timedelta(weeks=weeks_back)
        done = OverviewRun.objects.filter(region=region, snapshot_date=day, status=JobStatus.KLAAR)
        if not done.exists():
            overzicht.overview_compute(region=region, snapshot_date=day, user=coordinator)
            computed += 1
    return computed


@transaction.atomic
def seed_demo() -> str | None:
    region = Region.objects.filter(code=REGION).first()
    network = Network.objects.filter(slug=NETWORK).first()
    if region is None or network is None:
        return None  # networks.demo makes them; nothing to add to without it
    today = timezone.localdate()
    names = {spec.provider for spec in OFFERS}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(region=region)}
    users = {
        "provider": User.objects.get(email=PROVIDER_LOGIN[0]),
        "coordinator": User.objects.get(email=COORDINATOR),
        "beheerder": User.objects.get(email=BEHEERDER),
    }
    # The demo's provider login: ggz@demo.mgn.nl acts for GGZ Veenland (its lists, slots).
    organisation_grant(organisation=organisations[PROVIDER_LOGIN[1]], user=users["provider"])

    offers, new_offers = _offers(region, organisations, gemeenten)
    entries = _lists(region, offers, list(gemeenten.values()), users, today)
    _slots(offers, today)
    _opgaven(region, organisations, today)
    _missing(network, users["coordinator"], gemeenten)
    computed = _overviews(region, users["coordinator"], today)
    return (
        f"{len(offers)} aanbod ({new_offers} nieuw), {entries} nieuwe wachtplekken, "
        f"{computed} overzicht{'en' if computed != 1 else ''} berekend; "
        f"aanbiederlogin {PROVIDER_LOGIN[0]} voor {PROVIDER_LOGIN[1]}"
    )
