"""A year of waiting-list history for the demo region Veenland, so the network board shows a
trend over the last four quarters (issue 15). ``wachttijden.demo`` fills the lists of the
last seven months and the overviews of the last four weeks; this adds:

- about 150 finished wachtplekken (registered, intake, treatment started) spread over the
  thirteen months before, whose waits shorten slowly over the year (R-WT-3);
- a dozen long waiters: registered nine to eleven months ago, still waiting for treatment
  after their intake (so the older snapshots have waiting persons, R-WT-1, and the
  Treeknorm share has something to show, R-WT-4);
- an overview (snapshot) on the last day of each of the three quarters before the current
  one: the board reads a quarter's last snapshot.

For the programme view's comparison, the second demo network Rivierenland (made by
``networks.demo_programma``, when it exists) gets two ggz offers of GGZ Rivierenland, a
smaller year of wachtplekken with longer waits that do not shorten, and an overview at the
end of each of the three quarters before the current one and today.

Persons are RvIG-style test BSNs (99996… for Veenland, 999965… for Rivierenland) turned
into pseudonyms at once, as the demo's lists are. Idempotent: nothing is added when the first history pseudonym is already on a
list, and a quarter's snapshot is computed only when it has none.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mgn.accounts.models import User
from mgn.indicators import quarter_of, quarters_until
from mgn.jobs.constants import JobStatus
from networks.models import Network, Organisation, Region

from . import demo
from .constants import AanbodDomain, Category, EntryStatus, Urgency
from .models import Aanbod, OverviewRun, Wachtplek, Zorgvraagtype
from .services import overzicht
from .services.pseudonym import pseudonymise, region_key

SEED = 20251201
FINISHED = 150
LONG_WAITERS = 12
FIRST_BSN = 999960000

RIVIERENLAND = "rivierenland"  # the slug of the network and the code of its region
RIVIERENLAND_PROVIDER = "GGZ Rivierenland"
# (name, category, zorgvraagtypes, description)
RIVIERENLAND_OFFERS = [
    (
        "Specialistische ggz Rivierenland",
        Category.GGZ_BEHANDELING,
        (4, 5, 6, 7, 8),
        "Diagnostiek en behandeling bij ernstige of complexe psychische klachten.",
    ),
    (
        "Basis-ggz Rivierenland",
        Category.GGZ_BEHANDELING,
        (1, 2, 3),
        "Kortdurende behandeling bij lichte tot matige psychische klachten.",
    ),
]
RIVIERENLAND_FIRST_BSN = 999965000
RIVIERENLAND_FINISHED = 70
RIVIERENLAND_LONG_WAITERS = 14  # above the small-count suppression (1–9)


def _entries(
    region: Region,
    network: Network,
    today,
    *,
    finished: int = FINISHED,
    long_waiters: int = LONG_WAITERS,
    first_bsn: int = FIRST_BSN,
    shortening: bool = True,
) -> int:
    """``finished`` treated wachtplekken over the last year and ``long_waiters`` still
    waiting; with ``shortening`` the waits of a year ago are longer than lately's, without
    it they are long throughout."""
    key = region_key(region.code)
    bsns = demo.demo_bsns(finished + long_waiters, start=first_bsn)
    whos = [pseudonymise(bsn, region_code=region.code, key=key) for bsn in bsns]
    if Wachtplek.objects.filter(region=region, pseudonym=whos[0]).exists():
        return 0
    offers = list(
        Aanbod.objects.filter(region=region, domain=AanbodDomain.GGZ, is_active=True).order_by("pk")
    )
    gemeenten = list(network.gemeenten.order_by("pk")) or [None]
    if not offers:
        return 0
    rng = random.Random(SEED)
    rows = []
    for n, who in enumerate(whos):
        offer = offers[n % len(offers)]
        if n < finished:
            days_ago = 100 + int(rng.random() * 300)  # registered 100–400 days ago
            older = (days_ago - 100) / 300 if shortening else 1.4  # 1 a year ago, 0 lately
            aanmeld = max(5, int(rng.gauss(28 + 21 * older, 8)))
            behandel = max(7, int(rng.gauss(42 + 28 * older, 12)))
            registered = today - timedelta(days=days_ago)
            intake = registered + timedelta(days=aanmeld)
            treatment = min(today, intake + timedelta(days=behandel))
            dates = {
                "registered_on": registered,
                "intake_on": intake,
                "treatment_start_on": treatment,
                "status": EntryStatus.BEHANDELING,
            }
        else:
            registered = today - timedelta(days=270 + int(rng.random() * 60))
            dates = {
                "registered_on": registered,
                "intake_on": registered + timedelta(days=25 + int(rng.random() * 30)),
                "status": EntryStatus.INTAKE,
            }
        rows.append(
            Wachtplek(
                aanbod=offer,
                provider=offer.provider,
                region=region,
                pseudonym=who,
                gemeente=gemeenten[n % len(gemeenten)],
                urgency=Urgency.NORMAAL,
                client_reference=f"HIST-{n + 1:03d}",
                **dates,
            )
        )
    Wachtplek.objects.bulk_create(rows)
    return len(rows)


def _snapshots(region: Region, user, today, *, with_today: bool = False) -> int:
    computed = 0
    days = [period.last_day for period in quarters_until(quarter_of(today), 4)[:-1]]
    for day in days + ([today] if with_today else []):
        done = OverviewRun.objects.filter(region=region, snapshot_date=day, status=JobStatus.KLAAR)
        if not done.exists():
            overzicht.overview_compute(region=region, snapshot_date=day, user=user)
            computed += 1
    return computed


def _rivierenland_offers(region: Region, network: Network) -> None:
    provider = Organisation.objects.filter(name=RIVIERENLAND_PROVIDER).first()
    if provider is None:
        return
    types = {z.number: z for z in Zorgvraagtype.objects.all()}
    gemeenten = list(network.gemeenten.order_by("pk"))
    for name, category, numbers, description in RIVIERENLAND_OFFERS:
        offer, created = Aanbod.objects.get_or_create(
            provider=provider,
            region=region,
            name=name,
            defaults={
                "domain": AanbodDomain.GGZ,
                "category": category,
                "description": description,
                "location_name": "Hoofdvestiging Waaldorp",
                "gemeente": gemeenten[0] if gemeenten else None,
            },
        )
        if created:
            offer.zorgvraagtypes.set([types[n] for n in numbers if n in types])
            offer.gemeenten_served.set(gemeenten)


def _rivierenland(today) -> tuple[int, int] | None:
    region = Region.objects.filter(code=RIVIERENLAND).first()
    network = Network.objects.filter(slug=RIVIERENLAND).first()
    if region is None or network is None:
        return None
    _rivierenland_offers(region, network)
    made = _entries(
        region,
        network,
        today,
        finished=RIVIERENLAND_FINISHED,
        long_waiters=RIVIERENLAND_LONG_WAITERS,
        first_bsn=RIVIERENLAND_FIRST_BSN,
        shortening=False,
    )
    return made, _snapshots(region, None, today, with_today=True)


@transaction.atomic
def seed_demo() -> str | None:
    region = Region.objects.filter(code=demo.REGION).first()
    network = Network.objects.filter(slug=demo.NETWORK).first()
    if region is None or network is None:
        return None
    today = timezone.localdate()
    coordinator = User.objects.filter(email=demo.COORDINATOR).first()
    made = _entries(region, network, today)
    computed = _snapshots(region, coordinator, today)
    summary = f"{made} wachtplekken uit het afgelopen jaar, {computed} kwartaaloverzichten berekend"
    other = _rivierenland(today)
    if other is not None:
        summary += f"; rivierenland: {other[0]} wachtplekken, {other[1]} overzichten berekend"
    return summary
