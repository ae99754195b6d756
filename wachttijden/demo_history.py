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

Persons are RvIG-style test BSNs (99996…) turned into pseudonyms at once, as the demo's
lists are. Idempotent: nothing is added when the first history pseudonym is already on a
list, and a quarter's snapshot is computed only when it has none.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mgn.accounts.models import User
from mgn.indicators import quarter_of, quarters_until
from mgn.jobs.constants import JobStatus
from networks.models import Network, Region

from . import demo
from .constants import AanbodDomain, EntryStatus, Urgency
from .models import Aanbod, OverviewRun, Wachtplek
from .services import overzicht
from .services.pseudonym import pseudonymise, region_key

SEED = 20251201
FINISHED = 150
LONG_WAITERS = 12
FIRST_BSN = 999960000


def _entries(region: Region, network: Network, today) -> int:
    key = region_key(region.code)
    bsns = demo.demo_bsns(FINISHED + LONG_WAITERS, start=FIRST_BSN)
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
        if n < FINISHED:
            days_ago = 100 + int(rng.random() * 300)  # registered 100–400 days ago
            older = (days_ago - 100) / 300  # 1 a year ago, 0 lately: waits shorten
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


def _snapshots(region: Region, user, today) -> int:
    computed = 0
    for period in quarters_until(quarter_of(today), 4)[:-1]:
        day = period.last_day
        done = OverviewRun.objects.filter(region=region, snapshot_date=day, status=JobStatus.KLAAR)
        if not done.exists():
            overzicht.overview_compute(region=region, snapshot_date=day, user=user)
            computed += 1
    return computed


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
    return f"{made} wachtplekken uit het afgelopen jaar, {computed} kwartaaloverzichten berekend"
