"""The coordinator's regional waiting dashboard (issue 4, item 6) as presentation data: the
page, the CSV download and the PDF report all read what this module makes.

It reads the overview's snapshot rows (``SnapshotFigure``, written by
``services.overview.overview_compute``) and never the waiting lists themselves (DESIGN.md:
dashboards and reports read snapshots). The only other reads are the region's
reference data: its sociale-kaart offers in the social domain and the unresolved notes of
missing offer. So the page costs the same few queries at 300 or at a million entries. The
central waiting list at the end is the exception: it is the list itself.

A filter (one gemeente, or one zorgvraagtype) narrows the headline figures and the trend to
that dimension's row. The overview counts per dimension, not per combination, so the
breakdowns (per zorgvraagtype, provider, offer …) stay those of the whole region.

Snapshot waits are in days; the dashboard shows weeks, as the Treeknorm does
(TREEKNORM_AANMELD_WEEKS / _BEHANDEL_WEEKS / _TOTAAL_WEEKS: 4, 10 and 14 weeks).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Max, Min, Prefetch, Subquery
from django.utils.translation import gettext as _

from mgn import charts as charts_base
from mgn.charts import BarChart, Column, ColumnChart, Tick
from networks.models import Gemeente, Region

from . import selectors
from .constants import WAITING_STATUSES, AanbodDomain, Category, Dimension, Urgency
from .models import Aanbod, OntbrekendAanbod, SnapshotFigure, Wachtplek

TREND_POINTS = 12  # the last snapshots in the trend
MISSING_LIMIT = 10  # notes of missing offer on the dashboard; the rest on their own page
SD_LIMIT = 100  # social-domain offers listed (a region has dozens)
LOCATION_LIMIT = 300  # rows per location and hoofddiagnosegroep (the CSV has them all)
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
SOURCES = {"slots": "derde vrije intakeplek", "opgave": "opgave aanbieder"}


@dataclass(frozen=True)
class Norms:
    """The Treeknorm in weeks (R-WT-4)."""

    aanmeld: int
    behandel: int
    totaal: int

    @classmethod
    def current(cls) -> "Norms":
        return cls(
            settings.TREEKNORM_AANMELD_WEEKS,
            settings.TREEKNORM_BEHANDEL_WEEKS,
            settings.TREEKNORM_TOTAAL_WEEKS,
        )


def weeks(days: float | None) -> float | None:
    return None if days is None else days / 7


def weeks_text(value: float | None) -> str:
    """ "3,1 wk"; "–" when unknown."""
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",") + " wk"


def percent_text(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


# Figures ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One snapshot row in words and weeks."""

    dimension: str
    key: object  # the row's key: a primary key, an urgency code, or None ("not recorded")
    label: str
    sublabel: str
    persons: int
    wachtplekken: int
    referrals: int
    intake_slots: int
    aanmeld_avg: float | None  # weeks, here and below
    aanmeld_median: float | None
    aanmeld_p80: float | None
    behandel_avg: float | None
    behandel_median: float | None
    behandel_p80: float | None
    prospective_weeks: float | None
    prospective_source: str
    estimate_weeks: float | None
    breaches_aanmeld: int
    breaches_behandel: int
    breaches_total: int
    norms: Norms
    order: tuple = ()  # sorts the rows of a dimension (a zorgvraagtype by its number)

    @property
    def double(self) -> int:
        """Wachtplekken beyond one per person: the double registrations (R-WT-1)."""
        return max(0, self.wachtplekken - self.persons)

    @property
    def double_share(self) -> float | None:
        """(wachtplekken − persons) / wachtplekken."""
        return None if not self.wachtplekken else self.double / self.wachtplekken

    @property
    def double_percent(self) -> int | None:
        share = self.double_share
        return None if share is None else round(share * 100)

    @property
    def breaches(self) -> int:
        """Entries past the norm of the stage they wait in: for an intake longer than 4 weeks,
        or for treatment longer than 10 weeks after the intake. The two never overlap."""
        return self.breaches_aanmeld + self.breaches_behandel

    @property
    def total_avg(self) -> float | None:
        """Aanmeldings- plus behandelingswachttijd (the sum of the two averages)."""
        if self.aanmeld_avg is None or self.behandel_avg is None:
            return None
        return self.aanmeld_avg + self.behandel_avg

    @property
    def aanmeld_over(self) -> bool:
        return self.aanmeld_avg is not None and self.aanmeld_avg > self.norms.aanmeld

    @property
    def behandel_over(self) -> bool:
        return self.behandel_avg is not None and self.behandel_avg > self.norms.behandel

    @property
    def total_over(self) -> bool:
        return self.total_avg is not None and self.total_avg > self.norms.totaal

    @property
    def prospective_source_label(self) -> str:
        return SOURCES.get(self.prospective_source, "")

    @property
    def has_waits(self) -> bool:
        return self.aanmeld_avg is not None or self.behandel_avg is not None

    @property
    def has_data(self) -> bool:
        return bool(self.wachtplekken or self.referrals or self.has_waits)


NOT_RECORDED = _("Niet vastgelegd")


def _label(row: SnapshotFigure) -> tuple[str, str]:
    """(label, sublabel) of a row; the related rows come with select_related."""
    d = row.dimension
    if d == Dimension.REGION:
        return row.region.name, ""
    if d == Dimension.GEMEENTE:
        return (row.gemeente.name if row.gemeente_id else _("Gemeente onbekend")), ""
    if d == Dimension.PROVIDER:
        return (row.provider.name if row.provider_id else NOT_RECORDED), ""
    if d == Dimension.AANBOD:
        if not row.aanbod_id:
            return NOT_RECORDED, ""
        return row.aanbod.name, row.aanbod.provider.name
    if d == Dimension.ZORGVRAAGTYPE:
        return (str(row.zorgvraagtype) if row.zorgvraagtype_id else NOT_RECORDED), ""
    if d == Dimension.URGENCY:
        try:
            return Urgency(row.urgency).label, ""
        except ValueError:
            return row.urgency or NOT_RECORDED, ""
    if d == Dimension.LOCATION_HDG:
        provider = row.provider.name if row.provider_id else NOT_RECORDED
        where = f"{provider}, {row.location}" if row.location else provider
        group = row.hoofddiagnosegroep.name if row.hoofddiagnosegroep_id else _("Niet gesplitst")
        return where, group
    return d, ""


KEY_FIELDS = {
    Dimension.REGION: None,
    Dimension.GEMEENTE: "gemeente_id",
    Dimension.PROVIDER: "provider_id",
    Dimension.AANBOD: "aanbod_id",
    Dimension.ZORGVRAAGTYPE: "zorgvraagtype_id",
    Dimension.URGENCY: "urgency",
    Dimension.LOCATION_HDG: None,
}


def figure(row: SnapshotFigure, norms: Norms) -> Figure:
    label, sublabel = _label(row)
    key_field = KEY_FIELDS.get(row.dimension)
    return Figure(
        dimension=row.dimension,
        key=getattr(row, key_field) if key_field else None,
        label=label,
        sublabel=sublabel,
        persons=row.persons,
        wachtplekken=row.wachtplekken,
        referrals=row.referrals,
        intake_slots=row.intake_slots,
        aanmeld_avg=weeks(row.aanmeld_avg),
        aanmeld_median=weeks(row.aanmeld_median),
        aanmeld_p80=weeks(row.aanmeld_p80),
        behandel_avg=weeks(row.behandel_avg),
        behandel_median=weeks(row.behandel_median),
        behandel_p80=weeks(row.behandel_p80),
        prospective_weeks=row.prospective_weeks,
        prospective_source=row.prospective_source,
        estimate_weeks=row.estimate_weeks,
        breaches_aanmeld=row.breaches_aanmeld,
        breaches_behandel=row.breaches_behandel,
        breaches_total=row.breaches_total,
        norms=norms,
        order=(row.zorgvraagtype.number,) if row.zorgvraagtype_id else (label, sublabel),
    )


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


# The dashboard's other parts -------------------------------------------------------------
@dataclass(frozen=True)
class TrendPoint:
    snapshot_date: date
    persons: int
    wachtplekken: int
    breaches: int
    breaches_total: int

    @property
    def label(self) -> str:
        return f"{self.snapshot_date.day} {MONTHS[self.snapshot_date.month - 1]}"


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
    networks = selectors.networks_in_region_for_coordinator(user, region).values("pk")
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
    charts: "DashboardCharts" = field(repr=False, default=None)

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


# Charts: server-rendered SVG, the same on the page and in the PDF (no JavaScript). --------
# Each chart's accessible name carries every number, and a table beside it repeats them.
# Colours are presentation attributes as well as classes, so WeasyPrint (which has no
# stylesheet for them) draws them as the page does.
CHART_WIDTH = 440
PLOT_WIDTH = 270  # the rest of a row holds the value text
WAIT_BAR = 9
WAIT_STEP = 12  # from one bar of a row to the next
WAIT_ROW = 56  # label line and three bars
COLUMN_WIDTH = 640
COLUMN_PLOT = 150
COLUMN_TOP = 22
COLUMN_AXIS = 36
BAR_ROW = 46


@dataclass(frozen=True)
class WaitBar:
    """One bar of a wait chart with the Treeknorm it is held against."""

    kind: str  # "aanmeld" (solid), "behandel" (hatched), "totaal" (outlined)
    y: int
    width: float
    norm_x: float
    text: str
    text_x: float
    over: bool

    @property
    def text_y(self) -> int:
        return self.y + WAIT_BAR

    @property
    def norm_y1(self) -> int:
        return self.y - 2

    @property
    def norm_y2(self) -> int:
        return self.y + WAIT_BAR + 2


@dataclass(frozen=True)
class WaitRow:
    label: str
    label_y: int
    bars: list[WaitBar]


@dataclass(frozen=True)
class WaitChart:
    """Per row three bars — aanmeldingswachttijd, behandelingswachttijd and the two together —
    each with a marker at its Treeknorm (4, 10 and 14 weeks)."""

    label: str
    rows: list[WaitRow]
    height: int
    width: int = CHART_WIDTH
    bar_height: int = WAIT_BAR


def _wait_text(value: float | None, norm: int) -> tuple[str, bool]:
    if value is None:
        return _("geen gegevens"), False
    over = value > norm
    text = weeks_text(value)
    return (text + " " + _("(boven de norm)") if over else text), over


def wait_chart(title: str, figures: list[Figure], norms: Norms) -> WaitChart:
    """Realised waits (the averages over the last two months) against the Treeknorm."""
    shown = [f for f in figures if f.has_waits]
    values = [v for f in shown for v in (f.aanmeld_avg, f.behandel_avg, f.total_avg) if v]
    top = max([*values, norms.totaal]) * 1.05

    def x(value: float) -> float:
        return round(PLOT_WIDTH * value / top, 1)

    rows, summary = [], []
    for i, f in enumerate(shown):
        top_y = i * WAIT_ROW
        bars = []
        for j, (kind, value, norm) in enumerate(
            (
                ("aanmeld", f.aanmeld_avg, norms.aanmeld),
                ("behandel", f.behandel_avg, norms.behandel),
                ("totaal", f.total_avg, norms.totaal),
            )
        ):
            text, over = _wait_text(value, norm)
            width = x(value or 0)
            # The value after the bar or its norm marker, whichever is further; "no data"
            # at the start of the empty bar.
            text_x = 0 if value is None else max(width, x(norm)) + 6
            bars.append(
                WaitBar(kind, top_y + 17 + j * WAIT_STEP, width, x(norm), text, text_x, over)
            )
        rows.append(WaitRow(f.label, top_y + 12, bars))
        summary.append(
            _("%(label)s: aanmelding %(a)s, behandeling %(b)s, samen %(t)s")
            % {
                "label": f.label,
                "a": bars[0].text,
                "b": bars[1].text,
                "t": bars[2].text,
            }
        )
    norm_text = _("Treeknorm %(a)s weken aanmelding, %(b)s weken behandeling, %(t)s samen") % {
        "a": norms.aanmeld,
        "b": norms.behandel,
        "t": norms.totaal,
    }
    body = "; ".join(summary) if summary else _("geen gegevens")
    return WaitChart(f"{title} ({norm_text}). {body}.", rows, max(len(rows) * WAIT_ROW, 24))


def bar_chart(title: str, rows: list[tuple[str, float, str]]) -> BarChart:
    return charts_base.bar_chart(
        title, rows, width=CHART_WIDTH, plot_width=PLOT_WIDTH, row_height=BAR_ROW
    )


def trend_chart(points: list[TrendPoint]) -> ColumnChart:
    """Per snapshot two columns: persons waiting, and wachtplekken past the Treeknorm."""
    n = max(len(points), 1)
    slot = COLUMN_WIDTH / n
    column = round(min(22.0, slot * 0.38), 1)
    top = max((max(p.persons, p.breaches) for p in points), default=0) or 1
    base = COLUMN_TOP + COLUMN_PLOT
    columns, ticks, summary, years = [], [], [], set()
    for i, p in enumerate(points):
        middle = slot * i + slot / 2
        for value, x, alt in (
            (p.persons, middle - column - 1, False),
            (p.breaches, middle + 1, True),
        ):
            height = round(COLUMN_PLOT * value / top, 1)
            columns.append(Column(round(x, 1), round(base - height, 1), column, height, alt))
        year = str(p.snapshot_date.year)
        ticks.append(Tick(round(middle, 1), p.label, "" if year in years else year))
        years.add(year)
        summary.append(
            _("%(day)s: %(n)s personen, %(b)s wachtplekken boven de Treeknorm")
            % {"day": f"{p.label} {year}", "n": p.persons, "b": p.breaches}
        )
    body = "; ".join(summary) if summary else _("geen gegevens")
    label = _("Wachtenden en overschrijdingen van de Treeknorm per peildatum. %s.") % body
    return ColumnChart(label, columns, ticks, str(top), base + COLUMN_AXIS)


@dataclass(frozen=True)
class DashboardCharts:
    zorgvraagtypen: WaitChart
    providers: WaitChart
    trend: ColumnChart
    slots: BarChart


def dashboard_charts(data: "Dashboard") -> DashboardCharts:
    return DashboardCharts(
        zorgvraagtypen=wait_chart(
            _("Gerealiseerde wachttijd per zorgvraagtype"), data.zorgvraagtypen, data.norms
        ),
        providers=wait_chart(
            _("Gerealiseerde wachttijd per aanbieder"), data.providers, data.norms
        ),
        trend=trend_chart(data.trend),
        slots=bar_chart(
            _("Vrije intakeplekken in de komende vier weken per aanbod"),
            [
                (
                    f"{f.label} ({f.sublabel})" if f.sublabel else f.label,
                    f.intake_slots,
                    str(f.intake_slots),
                )
                for f in data.slots
            ],
        ),
    )


# The CSV ------------------------------------------------------------------------------------
CSV_COLUMNS = [
    ("peildatum", "snapshot_date"),
    ("regio", "region__name"),
    ("dimensie", "dimension"),
    ("gemeente", "gemeente__name"),
    ("aanbieder", "provider__name"),
    ("aanbod", "aanbod__name"),
    ("zorgvraagtype_nummer", "zorgvraagtype__number"),
    ("zorgvraagtype", "zorgvraagtype__name"),
    ("urgentie", "urgency"),
    ("vestiging", "location"),
    ("hoofddiagnosegroep", "hoofddiagnosegroep__name"),
    ("personen", "persons"),
    ("wachtplekken", "wachtplekken"),
    ("aanmeldingen_2_maanden", "referrals"),
    ("aanmeldingswachttijd_gemiddeld_dagen", "aanmeld_avg"),
    ("aanmeldingswachttijd_mediaan_dagen", "aanmeld_median"),
    ("aanmeldingswachttijd_p80_dagen", "aanmeld_p80"),
    ("behandelingswachttijd_gemiddeld_dagen", "behandel_avg"),
    ("behandelingswachttijd_mediaan_dagen", "behandel_median"),
    ("behandelingswachttijd_p80_dagen", "behandel_p80"),
    ("actuele_wachttijd_weken", "prospective_weeks"),
    ("bron_actuele_wachttijd", "prospective_source"),
    ("geschatte_wachttijd_weken", "estimate_weeks"),
    ("boven_treeknorm_aanmelding", "breaches_aanmeld"),
    ("boven_treeknorm_behandeling", "breaches_behandel"),
    ("boven_treeknorm_totaal", "breaches_total"),
    ("intakeplekken_4_weken", "intake_slots"),
]
CSV_DIMENSION_ORDER = list(Dimension.values)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))
    text = str(value)
    # A cell that starts like a formula is not run by a spreadsheet (CSV injection).
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def csv_rows(region: Region, snapshot_date: date) -> Iterator[list[str]]:
    """The header and then every snapshot row of the region on the date (see CSV_COLUMNS and
    views.dashboard.csv_download for the meaning of each column). Streams from the
    database in chunks, so memory stays flat however many rows the snapshot has."""
    yield [header for header, _field in CSV_COLUMNS]
    rows = (
        SnapshotFigure.objects.filter(region=region, snapshot_date=snapshot_date)
        .order_by("dimension", "pk")
        .values_list(*[name for _header, name in CSV_COLUMNS])
    )
    urgency = dict(Urgency.choices)
    dimension_index = CSV_COLUMNS.index(("dimensie", "dimension"))
    urgency_index = CSV_COLUMNS.index(("urgentie", "urgency"))
    for values in rows.iterator(chunk_size=2000):
        out = [_csv_value(v) for v in values]
        out[urgency_index] = str(urgency.get(values[urgency_index], values[urgency_index] or ""))
        out[dimension_index] = values[dimension_index]
        yield out


# The central waiting list (R-WT-6) ---------------------------------------------------------
# The one part that reads the waiting entries: the list is the entries, deduplicated.
@dataclass(frozen=True)
class CentralEntry:
    """One waiting person of the region: a short pseudonym, never an identity."""

    pseudonym: str  # the first 8 characters
    urgency: str  # the most urgent of the person's entries
    first_registered: date
    waiting_days: int  # since the earliest registration
    lists: int
    offers: list[tuple[str, str]]  # (offer, provider)
    norms: Norms

    @property
    def urgency_label(self) -> str:
        try:
            return Urgency(self.urgency).label
        except ValueError:
            return self.urgency

    @property
    def waiting_weeks(self) -> float:
        return self.waiting_days / 7

    @property
    def over_norm(self) -> bool:
        """Waiting longer than the Treeknorm for the whole route (14 weeks)."""
        return self.waiting_days > self.norms.totaal * 7


def central_list_rows(region: Region):
    """One row per pseudonym among the waiting entries, most urgent first ("1-crisis" sorts
    before "2-hoog" and "3-normaal"), then the longest wait; the pseudonym last, so pages
    are stable. Portable SQL (GROUP BY with MIN and COUNT), PostgreSQL and SQLite alike."""
    return (
        Wachtplek.objects.filter(region=region, status__in=WAITING_STATUSES)
        .values("pseudonym")
        .annotate(
            most_urgent=Min("urgency"),
            first_registered=Min("registered_on"),
            lists=Count("aanbod", distinct=True),
        )
        .order_by("most_urgent", "first_registered", "pseudonym")
    )


def central_entries(region: Region, rows: list[dict], *, today: date) -> list[CentralEntry]:
    """The page's rows with the offers each person waits for: one more query per page."""
    offers: dict[str, list[tuple[str, str]]] = {row["pseudonym"]: [] for row in rows}
    entries = (
        Wachtplek.objects.filter(
            region=region, status__in=WAITING_STATUSES, pseudonym__in=list(offers)
        )
        .order_by("registered_on", "pk")
        .values_list("pseudonym", "aanbod__name", "provider__name")
    )
    for pseudonym, offer, provider in entries:
        if (offer, provider) not in offers[pseudonym]:
            offers[pseudonym].append((offer, provider))
    norms = Norms.current()
    return [
        CentralEntry(
            pseudonym=row["pseudonym"][:8],
            urgency=row["most_urgent"],
            first_registered=row["first_registered"],
            waiting_days=(today - row["first_registered"]).days,
            lists=row["lists"],
            offers=offers[row["pseudonym"]],
            norms=norms,
        )
        for row in rows
    ]
