"""Function III's part of the bench dataset: offers, intake slots, monthly figures and
1,000,000 waiting entries over the 44 regions (dataset version 3).

Per region: four offers per ggz-kerninstelling (two locations), one or two per ggz
provider, one per sd provider (the eight R-WT-7 categories and more, each with a
declared wait); 60 % of the ggz offers publish intake slots for ten weeks around the
reference date; every ggz provider delivers three months of monthly figures per location
for five hoofddiagnosegroepen. Waiting entries: 1,000,000 in status aanmelding or
intake (22,727 or 22,728 a region) plus 15 % history (in treatment or afgemeld), on the
region's ggz offers; about 20 % of the persons are on two or three lists (R-WT-1).
SD offers: 500 waiting entries a region (plus history) and free places on 60 % of
them (dataset version 5), for the transfer matcher's SD groups.
Dates lie over the year before ``REFERENCE_DATE``. Entries go in with COPY.

The region the coordinator's dashboard opens on gets a year of nightly snapshots (the
overview on the reference date, copied to the 364 days before it), so the dashboard reads
what it would after a year in production; the other regions get theirs from the
``wt_overview`` scenario.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection

from networks.constants import OrganisationKind as K
from networks.models import Organisation, OrganisationUserObjectPermission, Region
from wachttijden.constants import AanbodDomain, Category, EntryStatus, Urgency
from wachttijden.models import (
    Aanbod,
    Hoofddiagnosegroep,
    IntakeSlots,
    OverviewRun,
    SnapshotFigure,
    Wachtplek,
    WachttijdOpgave,
    Zorgvraagtype,
)
from wachttijden.services import overzicht

# The "today" of the synthetic waiting lists; the overview scenario's snapshot date.
REFERENCE_DATE = date(2026, 11, 23)
WAITING_ENTRIES = 1_000_000
HISTORY_SHARE = 0.15  # entries in treatment or afgemeld, on top of the waiting ones
MULTI_LIST_SHARE = 0.20  # persons on two or three lists
SLOT_SHARE = 0.6  # ggz offers that publish intake slots (and SD offers free places)
SD_WAITING = 500  # waiting entries a region on the SD offers, besides the 1,000,000
SLOT_WEEKS = range(-2, 8)
OPGAVE_MONTHS = 3
OPGAVE_GROUPS = 5
SD_CATEGORIES = [
    Category.WONEN,
    Category.WERKEN,
    Category.STEUNPUNT,
    Category.EHEALTH,
    Category.WACHTVERZACHTER,
    Category.WMO,
    Category.SOCIAAL_WERK,
    Category.SCHULDHULP,
]
KERN_OFFERS = ["Basis-ggz", "Specialistische ggz", "FACT-team", "Angst en depressie"]
URGENCIES = [(Urgency.CRISIS, 3), (Urgency.HOOG, 17), (Urgency.NORMAAL, 80)]
COPY_COLUMNS = (
    "aanbod_id",
    "provider_id",
    "region_id",
    "pseudonym",
    "gemeente_id",
    "registered_on",
    "intake_on",
    "treatment_start_on",
    "urgency",
    "zorgvraagtype_id",
    "hoofddiagnosegroep_id",
    "status",
    "client_reference",  # NOT NULL without a database default: "" (as an upload without one)
)


@dataclass(frozen=True)
class WtCast:
    """What the function III scenarios use besides the shared cast."""

    provider_user: str = "aanbieder@bench.example"  # acts for one ggz-kerninstelling
    upload_offer: str = "Bench: wachtlijstlevering"  # the ingestion scenario's offer
    upload_rows: int = 50_000
    history_days: int = 365  # nightly snapshots of the dashboard's region


WT_CAST = WtCast()


def _offers(rng, region: Region, orgs, gemeenten, zvts) -> list[tuple[Aanbod, list, list]]:
    """(offer, gemeenten served, zorgvraagtypes) for one region."""
    offers = []

    def add(provider, name, location, *, ggz: bool, category=None, declared=None):
        home = rng.choice(gemeenten)
        served = {home, *rng.sample(gemeenten, min(len(gemeenten), rng.randint(1, 3)))}
        offers.append(
            (
                Aanbod(
                    provider=provider,
                    region=region,
                    name=f"{name} – {provider.name}",
                    domain=AanbodDomain.GGZ if ggz else AanbodDomain.SD,
                    category=Category.GGZ_BEHANDELING if ggz else category,
                    location_name=location,
                    address=f"Stationsweg {rng.randint(1, 120)}, {home.name}",
                    gemeente=home,
                    how_to_apply="Via de huisarts of het centrale loket.",
                    contact=f"0{rng.randint(100000000, 999999999)}",
                    low_threshold=not ggz,
                    declared_wait_weeks=declared,
                ),
                list(served),
                rng.sample(zvts, rng.randint(3, 6)) if ggz else [],
            )
        )

    for provider in orgs[K.GGZ_KERNINSTELLING]:
        for i, name in enumerate(KERN_OFFERS):
            declared = rng.randint(3, 20) if rng.random() < 0.3 else None
            location = ("Hoofdvestiging", "Vestiging Oost")[i % 2]
            add(provider, name, location, ggz=True, declared=declared)
    for provider in orgs[K.GGZ_AANBIEDER]:
        for i in range(rng.choice((1, 1, 2))):
            declared = rng.randint(2, 16) if rng.random() < 0.3 else None
            add(provider, ("Behandeling", "Kortdurende behandeling")[i], "Praktijk", ggz=True,
                declared=declared)  # fmt: skip
    for i, provider in enumerate(orgs[K.SD_AANBIEDER]):
        category = SD_CATEGORIES[i % len(SD_CATEGORIES)]
        add(provider, Category(category).label, "Buurtkantoor", ggz=False, category=category,
            declared=rng.randint(0, 8))  # fmt: skip
    return offers


def build(builder) -> None:
    """Add function III's rows to the dataset ``builder`` (bench.dataset._Builder) made."""
    rng = random.Random(builder.rng.random())
    zvts = list(Zorgvraagtype.objects.values_list("pk", flat=True))
    hdgs = list(Hoofddiagnosegroep.objects.values_list("pk", flat=True))
    plans = []
    for region in builder.regions:
        plans.append(
            _offers(rng, region, builder.region_orgs[region.pk], builder.region_gemeenten[region.pk], zvts)
        )  # fmt: skip
    upload_provider = builder.region_orgs[builder.regions[0].pk][K.GGZ_KERNINSTELLING][0]
    plans[0].append(
        (
            Aanbod(
                provider=upload_provider,
                region=builder.regions[0],
                name=WT_CAST.upload_offer,
                domain=AanbodDomain.GGZ,
                category=Category.GGZ_BEHANDELING,
                location_name="Hoofdvestiging",
                is_active=False,  # outside the overview's prospective figures
            ),
            [],
            [],
        )
    )
    flat = [plan for region_plans in plans for plan in region_plans]
    created = Aanbod.objects.bulk_create([offer for offer, _, _ in flat], batch_size=2000)
    Aanbod.gemeenten_served.through.objects.bulk_create(
        [
            Aanbod.gemeenten_served.through(aanbod_id=offer.pk, gemeente_id=g.pk)
            for offer, (_, served, _) in zip(created, flat, strict=True)
            for g in served
        ],
        batch_size=5000,
    )
    Aanbod.zorgvraagtypes.through.objects.bulk_create(
        [
            Aanbod.zorgvraagtypes.through(aanbod_id=offer.pk, zorgvraagtype_id=z)
            for offer, (_, _, types) in zip(created, flat, strict=True)
            for z in types
        ],
        batch_size=5000,
    )
    ggz = [o for o in created if o.domain == AanbodDomain.GGZ and o.is_active]
    _slots(rng, ggz)
    _opgaven(rng, ggz, hdgs)
    _provider_user(upload_provider)
    by_region: dict[int, list[Aanbod]] = {}
    for offer in ggz:
        by_region.setdefault(offer.region_id, []).append(offer)
    _entries(rng, builder, by_region, zvts, hdgs)
    # The SD offers' lists and free places (version 5) from a stream of their own, so the
    # ggz rows above stay what versions 3 and 4 built.
    sd_rng = random.Random(rng.random())
    sd = [o for o in created if o.domain == AanbodDomain.SD]
    _slots(sd_rng, sd)
    _sd_entries(sd_rng, builder, sd)
    _snapshot_history(dashboard_region())


def dashboard_region() -> Region:
    """The region the coordinator's dashboard opens on (their first, by name)."""
    from bench.dataset import CAST
    from mgn.accounts.models import User
    from wachttijden.selectors.regions import regions_for_user

    return regions_for_user(User.objects.get(email=CAST.coordinator), coordinate=True).first()


def _snapshot_history(region: Region) -> None:
    """The overview on the reference date, and copies of its rows for every night of the
    year before (one INSERT … SELECT for the runs, one for the rows)."""
    run = overzicht.overview_compute(region=region, snapshot_date=REFERENCE_DATE)
    copied = [
        f.column
        for f in SnapshotFigure._meta.concrete_fields
        if f.name not in {"id", "run", "snapshot_date"}
    ]
    columns = ", ".join(copied)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {OverviewRun._meta.db_table}
                (region_id, snapshot_date, status, progress, started_at, finished_at, error)
            SELECT %(region)s, day::date, status, progress, started_at - (%(ref)s - day::date)
                   * interval '1 day', finished_at - (%(ref)s - day::date) * interval '1 day', ''
            FROM {OverviewRun._meta.db_table},
                 generate_series(%(ref)s - %(days)s, %(ref)s - 1, interval '1 day') AS day
            WHERE id = %(run)s
            """,
            {"region": region.pk, "ref": REFERENCE_DATE, "days": WT_CAST.history_days - 1,
             "run": run.pk},
        )  # fmt: skip
        cursor.execute(
            f"""
            INSERT INTO {SnapshotFigure._meta.db_table} (run_id, snapshot_date, {columns})
            SELECT r.id, r.snapshot_date, {", ".join(f"f.{c}" for c in copied)}
            FROM {SnapshotFigure._meta.db_table} f
            JOIN {OverviewRun._meta.db_table} r
                ON r.region_id = f.region_id AND r.snapshot_date < %(ref)s
            WHERE f.run_id = %(run)s
            """,
            {"ref": REFERENCE_DATE, "run": run.pk},
        )


def _slots(rng, offers: list[Aanbod]) -> None:
    week = REFERENCE_DATE - timedelta(days=REFERENCE_DATE.weekday())
    IntakeSlots.objects.bulk_create(
        [
            IntakeSlots(
                aanbod=offer,
                week_start=week + timedelta(weeks=n),
                available=rng.choice((0, 0, 1, 1, 2, 3)),
            )
            for offer in offers
            if rng.random() < SLOT_SHARE
            for n in SLOT_WEEKS
        ],
        batch_size=5000,
    )


def _opgaven(rng, offers: list[Aanbod], hdgs: list[int]) -> None:
    months = []
    month = REFERENCE_DATE.replace(day=1)
    for _ in range(OPGAVE_MONTHS):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    locations = sorted({(o.provider_id, o.region_id, o.location_name) for o in offers})
    rows = []
    for provider_id, region_id, location in locations:
        groups = rng.sample(hdgs, OPGAVE_GROUPS)
        for month in months:
            for hdg in groups:
                rows.append(
                    WachttijdOpgave(
                        provider_id=provider_id,
                        region_id=region_id,
                        location=location,
                        month=month,
                        hoofddiagnosegroep_id=hdg,
                        aanmeld_weeks=rng.randint(2, 20),
                        behandel_weeks=rng.randint(2, 20),
                        within_norm=rng.randint(0, 200),
                        outside_norm=rng.randint(0, 150),
                    )
                )
    WachttijdOpgave.objects.bulk_create(rows, batch_size=5000)


def _provider_user(provider: Organisation) -> None:
    """A user acting for the upload offer's provider (the ingestion scenario uploads as them)."""
    from django.contrib.auth.models import Permission

    from mgn.accounts.models import User

    user = User.objects.create(email=WT_CAST.provider_user, full_name="Aanbieder Bench")
    for codename in ("view_organisation", "act_for_organisation"):
        OrganisationUserObjectPermission.objects.create(
            user=user,
            permission=Permission.objects.get(
                content_type__app_label="networks", codename=codename
            ),
            content_object=provider,
        )


def _quota(region_index: int, regions: int) -> int:
    return WAITING_ENTRIES // regions + (region_index < WAITING_ENTRIES % regions)


def _wait(rng, mean: float) -> int:
    return 3 + min(int(rng.expovariate(1 / mean)), 300)


def entry_dates(rng, status: str) -> tuple[date, date | None, date | None]:
    """Dates consistent with the status: registration, intake, treatment start."""
    day = REFERENCE_DATE
    if status == EntryStatus.AANMELDING:
        return day - timedelta(days=rng.randint(0, 180)), None, None
    if status == EntryStatus.AFGEMELD:
        return day - timedelta(days=rng.randint(0, 365)), None, None
    if status == EntryStatus.INTAKE:
        intake = day - timedelta(days=rng.randint(0, 150))
        return intake - timedelta(days=_wait(rng, 42)), intake, None
    start = day - timedelta(days=rng.randint(0, 120))
    intake = start - timedelta(days=_wait(rng, 49))
    return intake - timedelta(days=_wait(rng, 42)), intake, start


def statuses(rng, waiting: int) -> list[str]:
    history = round(waiting * HISTORY_SHARE)
    result = [EntryStatus.AANMELDING] * round(waiting * 0.65)
    result += [EntryStatus.INTAKE] * (waiting - len(result))
    result += [EntryStatus.BEHANDELING] * (history * 2 // 3)
    result += [EntryStatus.AFGEMELD] * (history - history * 2 // 3)
    rng.shuffle(result)
    return result


def _entries(rng, builder, by_region: dict[int, list[Aanbod]], zvts, hdgs) -> None:
    urgencies, weights = zip(*URGENCIES, strict=True)
    columns = ", ".join(COPY_COLUMNS)
    sql = f"COPY {Wachtplek._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for index, region in enumerate(builder.regions):
            offers = by_region[region.pk]
            # The kerninstellingen's offers have the long lists.
            offer_weights = [8 if o.location_name != "Praktijk" else 1 for o in offers]
            gemeenten = [g.pk for g in builder.region_gemeenten[region.pk]]
            todo = statuses(rng, _quota(index, len(builder.regions)))
            person = 0
            while todo:
                person += 1
                lists = 1 if rng.random() >= MULTI_LIST_SHARE else rng.choice((2, 3))
                pseudonym = hashlib.sha256(f"{region.code}:{person}".encode()).hexdigest()
                gemeente = rng.choice(gemeenten) if rng.random() < 0.95 else None
                zvt = rng.choice(zvts) if rng.random() < 0.9 else None
                hdg = rng.choice(hdgs) if rng.random() < 0.7 else None
                urgency = rng.choices(urgencies, weights)[0]
                chosen = set()
                while len(chosen) < min(lists, len(offers)):
                    chosen.add(rng.choices(range(len(offers)), offer_weights)[0])
                for position in chosen:
                    if not todo:
                        break
                    status = todo.pop()
                    registered, intake, start = entry_dates(rng, status)
                    offer = offers[position]
                    copy.write_row(
                        (
                            offer.pk,
                            offer.provider_id,
                            region.pk,
                            pseudonym,
                            gemeente,
                            registered,
                            intake,
                            start,
                            urgency,
                            zvt,
                            hdg,
                            status,
                            "",
                        )
                    )


def _sd_entries(rng, builder, offers: list[Aanbod]) -> None:
    """``SD_WAITING`` waiting entries a region (plus the same history share) on its SD
    offers: one list a person, 95 % with a woongemeente (what the transfer matcher groups
    SD persons by), no zorgvraagtype."""
    urgencies, weights = zip(*URGENCIES, strict=True)
    by_region: dict[int, list[Aanbod]] = {}
    for offer in offers:
        by_region.setdefault(offer.region_id, []).append(offer)
    sql = f"COPY {Wachtplek._meta.db_table} ({', '.join(COPY_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for region in builder.regions:
            gemeenten = [g.pk for g in builder.region_gemeenten[region.pk]]
            for person, status in enumerate(statuses(rng, SD_WAITING)):
                offer = rng.choice(by_region[region.pk])
                registered, intake, start = entry_dates(rng, status)
                pseudonym = hashlib.sha256(f"{region.code}:sd:{person}".encode()).hexdigest()
                copy.write_row(
                    (
                        offer.pk,
                        offer.provider_id,
                        region.pk,
                        pseudonym,
                        rng.choice(gemeenten) if rng.random() < 0.95 else None,
                        registered,
                        intake,
                        start,
                        rng.choices(urgencies, weights)[0],
                        None,
                        None,
                        status,
                        "",
                    )
                )


def counts() -> dict[str, int]:
    return {
        "aanbod": Aanbod.objects.count(),
        "intake_slots": IntakeSlots.objects.count(),
        "wachttijd_opgaven": WachttijdOpgave.objects.count(),
        "wachtplekken": Wachtplek.objects.count(),
        "snapshot_rows": SnapshotFigure.objects.count(),
    }
