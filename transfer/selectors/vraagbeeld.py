"""The demand picture of a transfer table (R-TR-1): who waits where, as anonymous counts,
and the room the network's offers have in the coming weeks.

For a network (or a subregion: some of its gemeenten) on a date D:

- **Demand.** Per offer, the waiting entries (status aanmelding or intake, registered on or
  before D) counted by zorgvraagtype, urgency, waiting-time band (``WAIT_BANDS``) and the
  persons' woongemeente where the waiting list gives it (an SD alternative must serve it):
  *wachtplekken* (entries) beside *persons* (distinct pseudonyms, R-WT-1). The totals
  count a person on several lists once: per region, because a pseudonym is keyed per region
  (a person waiting in two regions of one network counts in each). The pseudonym is only
  counted in the database; it never leaves this module, and no dataclass here has a field
  for a pseudonym, BSN, name or birth date.
- **Subregion.** An entry belongs to it when the person's woongemeente is one of its
  gemeenten, or, without a woongemeente, when the offer's location is (the overview's own
  rule for its gemeente rows). Its offers are those located in or serving one of its
  gemeenten, and any offer holding an entry counted there.
- **Capacity.** Per offer, the free places published per week (``IntakeSlots``: intake
  places of a ggz offer, R-WT-5; free places of an SD offer) for the ``weeks`` weeks from
  D's week; a week without a figure is ``None`` and counts as no room.
- **Expected wait.** The offer's prospective aanmeldingswachttijd from the regional
  overview (the AANBOD row of its region's latest finished run on or before D): the week of
  the third free place, else the provider's declared or monthly figure — the one R-WT-3
  definition the dashboard shows the same coordinators, so the table and the dashboard
  never disagree about an offer's wait. An offer without a row yet (new since the last run)
  falls back to its declared wait (``declared_wait_weeks``); without either it has none and
  the matcher leaves it out. The source and the overview's date travel with the figure.

The query count is constant: a dozen queries whatever the number of offers or providers.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When

from mgn.jobs.constants import JobStatus
from networks.models import Gemeente, Network
from wachttijden.constants import WAITING_STATUSES, AanbodDomain, Dimension
from wachttijden.models import (
    Aanbod,
    IntakeSlots,
    OverviewRun,
    SnapshotFigure,
    Wachtplek,
    Zorgvraagtype,
)
from wachttijden.services.levering_intakeplekken import week_start

CAPACITY_WEEKS = 4  # the coming weeks whose free places the picture shows by default


@dataclass(frozen=True)
class WaitBand:
    """Waiting since registration: more than ``after_weeks`` and at most ``until_weeks``
    (open-ended when ``None``). Exactly 4 weeks (28 days) is still in the first band, as it
    is still within the Treeknorm (R-WT-4)."""

    key: str
    label: str
    after_weeks: int
    until_weeks: int | None


# The Treeknorm's edges (4 weeks aanmelding, 10 behandeling, 14 together): the one place
# the bands are defined.
WAIT_BANDS: tuple[WaitBand, ...] = (
    WaitBand("tot-4", "tot 4 weken", 0, 4),
    WaitBand("4-10", "4–10 weken", 4, 10),
    WaitBand("10-14", "10–14 weken", 10, 14),
    WaitBand("boven-14", "meer dan 14 weken", 14, None),
)
BAND_BY_KEY = {band.key: band for band in WAIT_BANDS}

SOURCE_DECLARED = "declared"  # besides the overview's "slots" and "opgave"


@dataclass(frozen=True)
class WeekPlaces:
    week: date  # Monday
    available: int | None  # None: nothing published for that week


@dataclass(frozen=True)
class OfferCapacity:
    """One offer of the network: what it is, its free places and its expected wait."""

    aanbod_id: int
    label: str  # the offer's name on the sociale kaart
    provider_id: int
    provider: str  # the provider's name
    region_id: int
    domain: str
    category: str
    location_gemeente_id: int | None
    zorgvraagtype_ids: frozenset[int]
    gemeenten_served: frozenset[int]
    places: tuple[WeekPlaces, ...]
    expected_wait_weeks: Decimal | None
    expected_wait_source: str  # "slots", "opgave" (overview) or "declared"; "" without
    expected_wait_on: date | None  # the overview's date; None for a declared wait

    @cached_property  # the places never change; the matcher asks for each pair it weighs
    def free_places(self) -> int:
        """Free places in the picture's coming weeks."""
        return sum(week.available or 0 for week in self.places)

    @property
    def places_label(self) -> str:
        return "vrije plekken" if self.domain == AanbodDomain.SD else "vrije intakeplekken"


@dataclass(frozen=True)
class DemandCell:
    """The waiting entries of one offer with one zorgvraagtype, urgency, band and woongemeente."""

    aanbod_id: int
    zorgvraagtype_id: int | None
    urgency: str
    band: str  # a WaitBand key
    gemeente_id: int | None  # the persons' woongemeente; None where the list does not say
    wachtplekken: int
    persons: int


@dataclass(frozen=True)
class PersonsCount:
    """Persons (each once) beside wachtplekken, for the picture or one zorgvraagtype."""

    zorgvraagtype_id: int | None
    persons: int
    wachtplekken: int


@dataclass(frozen=True)
class Label:
    pk: int
    text: str


@dataclass(frozen=True)
class Vraagbeeld:
    network_id: int
    on: date
    weeks: int
    subregion: frozenset[int] | None  # gemeente ids; None: the whole network
    offers: tuple[OfferCapacity, ...]
    cells: tuple[DemandCell, ...]
    total: PersonsCount
    by_zorgvraagtype: tuple[PersonsCount, ...]
    zorgvraagtypes: tuple[Label, ...]  # "3. Depressie", for the labels of cells and offers
    gemeenten: tuple[Label, ...]

    def offer(self, aanbod_id: int) -> OfferCapacity | None:
        return next((o for o in self.offers if o.aanbod_id == aanbod_id), None)

    def cells_of(self, aanbod_id: int) -> tuple[DemandCell, ...]:
        return tuple(c for c in self.cells if c.aanbod_id == aanbod_id)


def _band_case(on: date) -> Case:
    """The band key of an entry registered on a date, waiting until ``on``: in the
    database, from dates computed here (no date arithmetic in SQL)."""
    whens = [
        When(registered_on__gte=on - timedelta(weeks=band.until_weeks), then=Value(band.key))
        for band in WAIT_BANDS
        if band.until_weeks is not None
    ]
    return Case(*whens, default=Value(WAIT_BANDS[-1].key))


def _area_gemeenten(network: Network) -> set[int]:
    """The network's gemeenten; a network that names none works in its regions' gemeenten."""
    named = set(network.gemeenten.values_list("pk", flat=True))
    return named or set(
        Gemeente.objects.filter(region__networks=network).values_list("pk", flat=True)
    )


def _expected_waits(aanbod_ids: list[int], on: date) -> dict[int, tuple[Decimal, str, date]]:
    """Each offer's prospective wait in its region's latest finished overview on or before
    ``on`` (one query)."""
    latest = (
        OverviewRun.objects.filter(
            region=OuterRef("region"), status=JobStatus.KLAAR, snapshot_date__lte=on
        )
        .order_by("-snapshot_date")
        .values("snapshot_date")[:1]
    )
    rows = SnapshotFigure.objects.filter(
        dimension=Dimension.AANBOD,
        aanbod_id__in=aanbod_ids,
        prospective_weeks__isnull=False,
        run__status=JobStatus.KLAAR,
        snapshot_date=Subquery(latest),
    ).values_list("aanbod_id", "prospective_weeks", "prospective_source", "snapshot_date")
    return {pk: (Decimal(str(round(weeks, 1))), source, day) for pk, weeks, source, day in rows}


def vraagbeeld_for_network(
    network: Network,
    *,
    on: date,
    gemeente_ids: set[int] | frozenset[int] | None = None,
    weeks: int = CAPACITY_WEEKS,
) -> Vraagbeeld:
    """The anonymous demand picture of ``network`` on ``on`` (see the module docstring).
    ``gemeente_ids`` narrows it to a subregion of the network's own gemeenten (ValueError
    for any other); ``weeks`` is how many weeks of free places it shows (at least one)."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    region_ids = list(network.regions.values_list("pk", flat=True))
    subregion = None
    if gemeente_ids is not None:
        subregion = frozenset(gemeente_ids)
        outside = subregion - _area_gemeenten(network)
        if not subregion or outside:
            raise ValueError(f"not gemeenten of network {network.pk}: {sorted(outside)}")

    # Demand: the waiting entries (the pseudonym is counted here and goes no further).
    entries = Wachtplek.objects.filter(
        region_id__in=region_ids,
        status__in=WAITING_STATUSES,
        registered_on__lte=on,
        aanbod__is_active=True,
    )
    if subregion is not None:
        entries = entries.filter(
            Q(gemeente_id__in=subregion)
            | Q(gemeente__isnull=True, aanbod__gemeente_id__in=subregion)
        )
    # Tuples in DemandCell's field order (a region has some 13,000 cells: no dict a row).
    cells = tuple(
        DemandCell(*row)
        for row in entries.annotate(band=_band_case(on))
        .values("aanbod_id", "zorgvraagtype_id", "urgency", "band", "gemeente_id")
        .annotate(wachtplekken=Count("pk"), persons=Count("pseudonym", distinct=True))
        .order_by("aanbod_id", "zorgvraagtype_id", "urgency", "band", "gemeente_id")
        .values_list(
            "aanbod_id",
            "zorgvraagtype_id",
            "urgency",
            "band",
            "gemeente_id",
            "wachtplekken",
            "persons",
        )
    )
    # Persons once per region (the pseudonym's key), summed over the network's regions.
    per_region = (
        entries.values("region_id")
        .annotate(wachtplekken=Count("pk"), persons=Count("pseudonym", distinct=True))
        .order_by()
    )
    total = PersonsCount(
        None,
        sum(r["persons"] for r in per_region),
        sum(r["wachtplekken"] for r in per_region),
    )
    by_type: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        entries.values("region_id", "zorgvraagtype_id")
        .annotate(wachtplekken=Count("pk"), persons=Count("pseudonym", distinct=True))
        .order_by()
    ):
        by_type[row["zorgvraagtype_id"]][0] += row["persons"]
        by_type[row["zorgvraagtype_id"]][1] += row["wachtplekken"]

    # Capacity: the offers of the network's regions (in the subregion: located in or
    # serving it, or holding an entry counted there).
    offers_qs = Aanbod.objects.filter(region_id__in=region_ids, is_active=True)
    if subregion is not None:
        held = {cell.aanbod_id for cell in cells}
        offers_qs = offers_qs.filter(
            Q(gemeente_id__in=subregion)
            | Q(
                pk__in=Aanbod.gemeenten_served.through.objects.filter(
                    gemeente_id__in=subregion
                ).values("aanbod_id")
            )
            | Q(pk__in=held)
        )
    rows = list(
        offers_qs.order_by("provider__name", "name", "pk").values(
            "pk",
            "name",
            "provider_id",
            "provider__name",
            "region_id",
            "domain",
            "category",
            "gemeente_id",
            "declared_wait_weeks",
        )
    )
    ids = [row["pk"] for row in rows]
    served: dict[int, set[int]] = defaultdict(set)
    for aanbod_id, gemeente_id in Aanbod.gemeenten_served.through.objects.filter(
        aanbod_id__in=ids
    ).values_list("aanbod_id", "gemeente_id"):
        served[aanbod_id].add(gemeente_id)
    treats: dict[int, set[int]] = defaultdict(set)
    for aanbod_id, zvt_id in Aanbod.zorgvraagtypes.through.objects.filter(
        aanbod_id__in=ids
    ).values_list("aanbod_id", "zorgvraagtype_id"):
        treats[aanbod_id].add(zvt_id)
    first = week_start(on)
    week_list = [first + timedelta(weeks=n) for n in range(weeks)]
    published: dict[int, dict[date, int]] = defaultdict(dict)
    for aanbod_id, week, available in IntakeSlots.objects.filter(
        aanbod_id__in=ids, week_start__in=week_list
    ).values_list("aanbod_id", "week_start", "available"):
        published[aanbod_id][week] = available
    waits = _expected_waits(ids, on)

    def expected(row) -> tuple[Decimal | None, str, date | None]:
        if row["pk"] in waits:
            return waits[row["pk"]]
        if row["declared_wait_weeks"] is not None:
            return row["declared_wait_weeks"], SOURCE_DECLARED, None
        return None, "", None

    offers = []
    for row in rows:
        wait, source, wait_on = expected(row)
        offers.append(
            OfferCapacity(
                aanbod_id=row["pk"],
                label=row["name"],
                provider_id=row["provider_id"],
                provider=row["provider__name"],
                region_id=row["region_id"],
                domain=row["domain"],
                category=row["category"],
                location_gemeente_id=row["gemeente_id"],
                zorgvraagtype_ids=frozenset(treats[row["pk"]]),
                gemeenten_served=frozenset(served[row["pk"]]),
                places=tuple(WeekPlaces(w, published[row["pk"]].get(w)) for w in week_list),
                expected_wait_weeks=wait,
                expected_wait_source=source,
                expected_wait_on=wait_on,
            )
        )

    type_ids = {c.zorgvraagtype_id for c in cells} | {
        t for o in offers for t in o.zorgvraagtype_ids
    }
    gemeente_ids_shown = (
        {c.gemeente_id for c in cells}
        | {g for o in offers for g in o.gemeenten_served}
        | set(subregion or ())
    )
    return Vraagbeeld(
        network_id=network.pk,
        on=on,
        weeks=weeks,
        subregion=subregion,
        offers=tuple(offers),
        cells=cells,
        total=total,
        by_zorgvraagtype=tuple(
            PersonsCount(zvt, persons, wachtplekken)
            for zvt, (persons, wachtplekken) in sorted(
                by_type.items(), key=lambda item: (item[0] is None, item[0] or 0)
            )
        ),
        zorgvraagtypes=tuple(
            Label(pk, f"{number}. {name}")
            for pk, number, name in Zorgvraagtype.objects.filter(pk__in=type_ids - {None})
            .order_by("number")
            .values_list("pk", "number", "name")
        ),
        gemeenten=tuple(
            Label(pk, name)
            for pk, name in Gemeente.objects.filter(pk__in=gemeente_ids_shown - {None})
            .order_by("name")
            .values_list("pk", "name")
        ),
    )
