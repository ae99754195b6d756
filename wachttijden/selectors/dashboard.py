"""The coordinator's regional waiting dashboard as presentation data: the page, the CSV
download and the PDF report all read what this module makes.

It reads the overview's snapshot rows (``SnapshotFigure``, written by
``services.overzicht.overview_compute``) and never the waiting lists themselves (DESIGN.md:
dashboards and reports read snapshots). The only other reads are the region's
reference data: its sociale-kaart offers in the social domain and the unresolved notes of
missing offer. So the page costs the same few queries at 300 or at a million entries.

A filter (one gemeente, or one zorgvraagtype) narrows the headline figures and the trend to
that dimension's row. The overview counts per dimension, not per combination, so the
breakdowns (per zorgvraagtype, provider, offer …) stay those of the whole region.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Prefetch, Subquery
from django.utils.translation import gettext as _

from networks.models import Gemeente, Region
from wachttijden.constants import AanbodDomain, Category, Dimension
from wachttijden.models import Aanbod, OntbrekendAanbod, OverviewRun, SnapshotFigure
from wachttijden.selectors.dashboard_charts import DashboardCharts, dashboard_charts
from wachttijden.selectors.dashboard_figures import Figure, Norms, TrendPoint, figure
from wachttijden.selectors.regions import networks_in_region_for_coordinator

TREND_POINTS = 12  # the last snapshots in the trend
MISSING_LIMIT = 10  # notes of missing offer on the dashboard; the rest on their own page
SD_LIMIT = 100  # social-domain offers listed (a region has dozens)
LOCATION_LIMIT = 300  # rows per location and hoofddiagnosegroep (the CSV has them all)


# Reading the snapshot ----------------------------------------------------------------------
def latest_snapshot_date(region: Region) -> date | None:
    """The newest snapshot date of the region (one query), or None before the first run."""
    return SnapshotFigure.objects.filter(region=region).aggregate(latest=Max("snapshot_date"))[
        "latest"
    ]


def snapshot_rows(region: Region, snapshot_date: date | None = None) -> list[SnapshotFigure]:
    """Every row of one snapshot (the latest without a date) with its names, in one query;
    empty when there is none."""
    rows = SnapshotFigure.objects.filter(region=region)
    if snapshot_date is None:
        latest = rows.order_by("-snapshot_date").values("snapshot_date")[:1]
        rows = rows.filter(snapshot_date=Subquery(latest))
    else:
        rows = rows.filter(snapshot_date=snapshot_date)
    return list(
        rows.select_related(
            "region",
            "gemeente",
            "provider",
            "aanbod__provider",
            "zorgvraagtype",
            "hoofddiagnosegroep",
        )
    )


def location_rows(region: Region):
    """The location × hoofddiagnosegroep rows of the region's latest snapshot (R-WT-3), for
    the API; the names come along in the same query."""
    latest = (
        SnapshotFigure.objects.filter(region=region)
        .order_by("-snapshot_date")
        .values("snapshot_date")[:1]
    )
    return SnapshotFigure.objects.filter(
        region=region, snapshot_date=Subquery(latest), dimension=Dimension.LOCATION_HDG
    ).select_related("provider", "hoofddiagnosegroep")


@dataclass(frozen=True)
class Choice:
    pk: int
    label: str


def filter_choices(rows: Iterable[SnapshotFigure]) -> tuple[list[Choice], list[Choice]]:
    """The gemeenten and zorgvraagtypen a filter may pick: those with a row in the snapshot."""
    gemeenten = sorted(
        (
            Choice(r.gemeente_id, r.gemeente.name)
            for r in rows
            if r.dimension == Dimension.GEMEENTE and r.gemeente_id
        ),
        key=lambda c: c.label,
    )
    types = sorted(
        (
            (r.zorgvraagtype.number, Choice(r.zorgvraagtype_id, str(r.zorgvraagtype)))
            for r in rows
            if r.dimension == Dimension.ZORGVRAAGTYPE and r.zorgvraagtype_id
        ),
        key=lambda pair: pair[0],
    )
    return gemeenten, [choice for _number, choice in types]


@dataclass(frozen=True)
class SdOffer:
    """An offer in the social domain with its waiting time (R-WT-7)."""

    name: str
    provider: str
    category: str
    low_threshold: bool
    declared_weeks: float | None
    prospective_weeks: float | None  # from the snapshot, when the overview has the offer
    prospective_source: str

    @property
    def wait_weeks(self) -> float | None:
        return (
            self.prospective_weeks if self.prospective_weeks is not None else (self.declared_weeks)
        )


@dataclass(frozen=True)
class MissingNote:
    network: str
    category: str
    description: str
    gemeenten: list[str]
    created_on: date


@dataclass(frozen=True)
class Filter:
    dimension: str  # Dimension.GEMEENTE or Dimension.ZORGVRAAGTYPE
    pk: int
    label: str  # "Gemeente Turfhaven"

    def as_dict(self) -> dict:
        return {self.dimension: self.pk}


def _trend(region: Region, snapshot_date: date, flt: Filter | None) -> list[TrendPoint]:
    rows = SnapshotFigure.objects.filter(region=region, snapshot_date__lte=snapshot_date)
    if flt is None:
        rows = rows.filter(dimension=Dimension.REGION)
    elif flt.dimension == Dimension.GEMEENTE:
        rows = rows.filter(dimension=Dimension.GEMEENTE, gemeente_id=flt.pk)
    else:
        rows = rows.filter(dimension=Dimension.ZORGVRAAGTYPE, zorgvraagtype_id=flt.pk)
    values = rows.order_by("-snapshot_date").values_list(
        "snapshot_date",
        "persons",
        "wachtplekken",
        "breaches_aanmeld",
        "breaches_behandel",
        "breaches_total",
    )[:TREND_POINTS]
    return [
        TrendPoint(day, persons, places, aanmeld + behandel, total)
        for day, persons, places, aanmeld, behandel, total in reversed(values)
    ]


def _sd_offers(region: Region, aanbod_rows: dict[int, Figure]) -> list[SdOffer]:
    offers = (
        Aanbod.objects.filter(region=region, domain=AanbodDomain.SD, is_active=True)
        .select_related("provider")
        .order_by("category", "name", "pk")[:SD_LIMIT]
    )
    out = []
    for offer in offers:
        row = aanbod_rows.get(offer.pk)
        out.append(
            SdOffer(
                name=offer.name,
                provider=offer.provider.name,
                category=Category(offer.category).label,
                low_threshold=offer.low_threshold,
                declared_weeks=None
                if offer.declared_wait_weeks is None
                else float(offer.declared_wait_weeks),
                prospective_weeks=row.prospective_weeks if row else None,
                prospective_source=row.prospective_source_label if row else "",
            )
        )
    return out


def _missing(region: Region, user) -> tuple[list[MissingNote], bool]:
    """Unresolved notes of missing offer of the region's networks that the user coordinates."""
    networks = networks_in_region_for_coordinator(user, region).values("pk")
    notes = list(
        OntbrekendAanbod.objects.filter(network__in=networks, resolved_at__isnull=True)
        .select_related("network")
        .prefetch_related(Prefetch("gemeenten", queryset=Gemeente.objects.order_by("name")))
        .order_by("-created_at", "-pk")[: MISSING_LIMIT + 1]
    )
    return [
        MissingNote(
            network=note.network.name,
            category=note.get_category_display(),
            description=note.description,
            gemeenten=[g.name for g in note.gemeenten.all()],
            created_on=note.created_at.date(),
        )
        for note in notes[:MISSING_LIMIT]
    ], len(notes) > MISSING_LIMIT


# Assembling ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dashboard:
    region: Region
    snapshot_date: date
    norms: Norms
    filter: Filter | None
    headline: Figure | None  # the region's row, or the filtered gemeente's/zorgvraagtype's
    region_total: Figure | None
    gemeenten: list[Figure]
    zorgvraagtypen: list[Figure]
    providers: list[Figure]
    offers: list[Figure]
    urgencies: list[Figure]
    locations: list[Figure]
    locations_more: int
    trend: list[TrendPoint]
    sd_offers: list[SdOffer]
    missing: list[MissingNote]
    missing_more: bool
    charts: DashboardCharts = field(repr=False, default=None)

    @property
    def slots(self) -> list[Figure]:
        """Offers with free intake places in the next four weeks, most first (R-WT-5)."""
        return sorted(
            (f for f in self.offers if f.intake_slots), key=lambda f: (-f.intake_slots, f.label)
        )

    @property
    def filters(self) -> dict:
        return self.filter.as_dict() if self.filter else {}


def _by_dimension(rows: list[SnapshotFigure], norms: Norms) -> dict[str, list[Figure]]:
    grouped: dict[str, list[Figure]] = {d: [] for d in Dimension.values}
    for row in rows:
        grouped.setdefault(row.dimension, []).append(figure(row, norms))
    return grouped


def _ordered(figures: list[Figure]) -> list[Figure]:
    """Known keys in order, "not recorded" (key None) last."""
    return sorted(figures, key=lambda f: (f.key is None, f.order))


def make_filter(
    rows: list[SnapshotFigure], *, gemeente: int | None = None, zorgvraagtype: int | None = None
) -> Filter | None:
    """The filter as asked, if the snapshot has that row (at most one of the two)."""
    gemeenten, types = filter_choices(rows)
    if gemeente:
        match = next((c for c in gemeenten if c.pk == gemeente), None)
        if match:
            return Filter(Dimension.GEMEENTE, match.pk, _("Gemeente %s") % match.label)
    if zorgvraagtype:
        match = next((c for c in types if c.pk == zorgvraagtype), None)
        if match:
            return Filter(Dimension.ZORGVRAAGTYPE, match.pk, _("Zorgvraagtype %s") % match.label)
    return None


def dashboard(
    region: Region,
    *,
    snapshot_date: date,
    user,
    gemeente: int | None = None,
    zorgvraagtype: int | None = None,
    rows: list[SnapshotFigure] | None = None,
) -> Dashboard:
    """The dashboard of one snapshot; ``rows`` when the caller read them already (to build
    the filter form). Four queries besides the rows."""
    norms = Norms.current()
    rows = snapshot_rows(region, snapshot_date) if rows is None else rows
    flt = make_filter(rows, gemeente=gemeente, zorgvraagtype=zorgvraagtype)
    by = _by_dimension(rows, norms)
    region_total = by[Dimension.REGION][0] if by[Dimension.REGION] else None
    headline = region_total
    if flt is not None:
        dimension = by[flt.dimension]
        headline = next((f for f in dimension if f.key == flt.pk), None)
    offers = sorted(by[Dimension.AANBOD], key=lambda f: (f.key is None, f.sublabel, f.label))
    locations = sorted(by[Dimension.LOCATION_HDG], key=lambda f: (f.label, f.sublabel))
    missing, missing_more = _missing(region, user)
    data = Dashboard(
        region=region,
        snapshot_date=snapshot_date,
        norms=norms,
        filter=flt,
        headline=headline,
        region_total=region_total,
        gemeenten=_ordered(by[Dimension.GEMEENTE]),
        zorgvraagtypen=_ordered(by[Dimension.ZORGVRAAGTYPE]),
        providers=_ordered(by[Dimension.PROVIDER]),
        offers=offers,
        urgencies=sorted(by[Dimension.URGENCY], key=lambda f: (not f.key, str(f.key))),
        locations=locations[:LOCATION_LIMIT],
        locations_more=max(0, len(locations) - LOCATION_LIMIT),
        trend=_trend(region, snapshot_date, flt),
        sd_offers=_sd_offers(region, {f.key: f for f in offers if f.key}),
        missing=missing,
        missing_more=missing_more,
    )
    object.__setattr__(data, "charts", dashboard_charts(data))
    return data


def latest_run(region: Region) -> OverviewRun | None:
    """The region's overview run of the newest snapshot date (its status on the dashboard)."""
    return OverviewRun.objects.filter(region=region).order_by("-snapshot_date").first()
