"""The overview job (issue 4, item 3): one region's waiting figures on one date, into
``SnapshotFigure`` rows that dashboards and reports read (never the raw lists).

Per region and date, one row per value of each dimension (``constants.Dimension``):

- REGION: one row.
- GEMEENTE: the person's woongemeente; an entry without one counts for the gemeente of the
  offer's location (the nearest thing we know). Every gemeente of the region gets a row.
- PROVIDER, AANBOD, ZORGVRAAGTYPE, URGENCY: the entry's own fields. Every active offer,
  its provider and the zorgvraagtypes it treats, and every urgency get a row.
- LOCATION_HDG: per provider location (the offer's ``location_name``) and
  hoofddiagnosegroep, from the entries and from the providers' monthly figures
  (``WachttijdOpgave``, R-WT-8, the latest month per location and group).

A key of ``None`` means "not recorded" (an entry without zorgvraagtype, say), so that the
rows of one dimension add up to the region's wachtplekken.

The measures (waits in days unless the field says weeks), for a snapshot date S:

- persons (R-WT-1) = distinct pseudonyms among waiting entries (status aanmelding or intake,
  registered on or before S); wachtplekken = those entries. The difference is double
  registration.
- referrals (R-WT-2) = entries registered in the period [S − 2 months, S].
- retrospective (R-WT-3): realised aanmeldingswachttijd (intake − registration) of entries
  with their intake in the period, and behandelingswachttijd (treatment start − intake) of
  entries that started treatment in the period: average, median and 80th percentile.
  Percentiles interpolate linearly (PostgreSQL's ``percentile_cont``; on SQLite, the
  embedded demo, ``mgn.stats.percentile`` in Python: the same definition).
- prospective ("actueel", R-WT-3), ``prospective_weeks`` and ``prospective_source``:
  for an offer, the third available intake slot (``"slots"``): whole weeks from S's week
  to the week in which its published places, counted from S's week, add up to three
  (0 = this week). Without enough published places, the provider's declared figure
  (``"opgave"``): the offer's ``declared_wait_weeks``, else the latest monthly
  aanmeldingswachttijd of its location (the row without hoofddiagnosegroep, else the
  shortest). Rows that cover several offers (region, provider, gemeente served,
  zorgvraagtype treated, location) take the **minimum** over their active offers: the
  soonest a person can get an intake there, which is what wachtlijstbemiddeling looks for;
  the source is that offer's. LOCATION_HDG: the location's slots, else the latest
  monthly figure for that location and group, else the offers' declared figures.
  URGENCY rows have none.
- estimate_weeks = entries waiting for an intake (status aanmelding) ÷ intakes per week
  over the last 8 weeks (S − 56 days, S]; ``None`` without intakes.
- Treeknorm breaches (R-WT-4), waiting now: aanmelding longer than
  TREEKNORM_AANMELD_WEEKS since registration; intake longer than
  TREEKNORM_BEHANDEL_WEEKS since the intake; either longer than TREEKNORM_TOTAAL_WEEKS
  since registration. "Longer than": exactly 4 weeks (28 days) is within the norm,
  29 days is a breach.
- intake_slots (R-WT-5) = places published for the four weeks from S's week, summed over
  the row's active offers.

LOCATION_HDG rows that only a monthly figure knows (no waiting entries) take that figure's own
counts: wachtplekken = within + outside the norm, breaches_total = outside; persons stay 0
(the figure has no pseudonyms).

The entry measures are one ``GROUP BY`` query per dimension in the database; offers, slots
and monthly figures (a few hundred rows per region) are combined in Python.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mgn.stats import percentile
from networks.models import Region
from wachttijden.constants import (
    WAITING_STATUSES,
    AanbodDomain,
    Dimension,
    EntryStatus,
    JobStatus,
    Urgency,
)
from wachttijden.models import (
    Aanbod,
    IntakeSlots,
    OverviewRun,
    SnapshotFigure,
    Wachtplek,
    WachttijdOpgave,
)

logger = logging.getLogger(__name__)

SOURCE_SLOTS = "slots"
SOURCE_OPGAVE = "opgave"
THIRD_SLOT = 3
THROUGHPUT_WEEKS = 8
SLOT_WEEKS = 4  # intake_slots: the four weeks from the snapshot's week
PERIOD_MONTHS = 2  # R-WT-2/3: referrals and realised waits of the last two months
MEDIAN, P80 = 50, 80


# Expressions ------------------------------------------------------------------------------
class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (two date columns)."""

    output_field = IntegerField()

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date - date is an integer number of days.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(f) WITHIN GROUP (ORDER BY x)``: linear interpolation
    between the closest ranks, as ``mgn.stats.percentile``. Takes ``filter=`` like any
    aggregate (rendered as ``FILTER (WHERE …)``)."""

    function = "percentile_cont"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must lie between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def sql_percentiles() -> bool:
    """Whether the database computes percentiles (PostgreSQL); SQLite falls back to Python."""
    return connection.vendor == "postgresql"


# The period ----------------------------------------------------------------------------
def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier, clamped to the month's end (30 April → 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


@dataclass(frozen=True)
class Period:
    """The dates every measure is counted against, derived once from the snapshot date."""

    snapshot: date

    @property
    def start(self) -> date:
        return months_before(self.snapshot, PERIOD_MONTHS)

    @property
    def week(self) -> date:
        return self.snapshot - timedelta(days=self.snapshot.weekday())

    @property
    def throughput_after(self) -> date:
        return self.snapshot - timedelta(weeks=THROUGHPUT_WEEKS)

    def norm_limit(self, weeks: int) -> date:
        """Waiting since before this date is longer than ``weeks`` weeks: a breach."""
        return self.snapshot - timedelta(weeks=weeks)

    # The filters ---------------------------------------------------------------------
    def waiting(self) -> Q:
        return Q(status__in=WAITING_STATUSES, registered_on__lte=self.snapshot)

    def relevant(self) -> Q:
        """Entries any measure counts: the rest (treated or withdrawn long ago) is skipped."""
        since = min(self.start, self.throughput_after + timedelta(days=1))
        return (
            self.waiting()
            | Q(registered_on__gte=self.start, registered_on__lte=self.snapshot)
            | Q(intake_on__gte=since, intake_on__lte=self.snapshot)
            | self.behandel_done()
        )

    def aanmeld_done(self) -> Q:
        return Q(intake_on__gte=self.start, intake_on__lte=self.snapshot)

    def behandel_done(self) -> Q:
        return Q(treatment_start_on__gte=self.start, treatment_start_on__lte=self.snapshot)


AANMELD_DAYS = DaysBetween("intake_on", "registered_on")
BEHANDEL_DAYS = DaysBetween("treatment_start_on", "intake_on")


def _measures(period: Period, *, with_percentiles: bool) -> dict[str, Aggregate]:
    s = period.snapshot
    measures = {
        "persons": Count("pseudonym", distinct=True, filter=period.waiting()),
        "wachtplekken": Count("pk", filter=period.waiting()),
        "queue": Count("pk", filter=Q(status=EntryStatus.AANMELDING, registered_on__lte=s)),
        "referrals": Count("pk", filter=Q(registered_on__gte=period.start, registered_on__lte=s)),
        "intakes": Count("pk", filter=Q(intake_on__gt=period.throughput_after, intake_on__lte=s)),
        "aanmeld_avg": Avg(AANMELD_DAYS, filter=period.aanmeld_done()),
        "behandel_avg": Avg(BEHANDEL_DAYS, filter=period.behandel_done()),
        "breaches_aanmeld": Count(
            "pk",
            filter=Q(
                status=EntryStatus.AANMELDING,
                registered_on__lt=period.norm_limit(settings.TREEKNORM_AANMELD_WEEKS),
            ),
        ),
        "breaches_behandel": Count(
            "pk",
            filter=Q(
                status=EntryStatus.INTAKE,
                intake_on__lt=period.norm_limit(settings.TREEKNORM_BEHANDEL_WEEKS),
            ),
        ),
        "breaches_total": Count(
            "pk",
            filter=Q(
                status__in=WAITING_STATUSES,
                registered_on__lt=period.norm_limit(settings.TREEKNORM_TOTAAL_WEEKS),
            ),
        ),
    }
    if with_percentiles:
        for prefix, days, done in (
            ("aanmeld", AANMELD_DAYS, period.aanmeld_done()),
            ("behandel", BEHANDEL_DAYS, period.behandel_done()),
        ):
            measures[f"{prefix}_median"] = PercentileCont(days, MEDIAN / 100, filter=done)
            measures[f"{prefix}_p80"] = PercentileCont(days, P80 / 100, filter=done)
    return measures


# Dimensions ------------------------------------------------------------------------------
# Per dimension: SnapshotFigure attribute -> the expression on Wachtplek that groups it.
DIMENSION_KEYS: dict[str, dict[str, object]] = {
    Dimension.REGION: {},
    Dimension.GEMEENTE: {"gemeente_id": Coalesce("gemeente", "aanbod__gemeente")},
    Dimension.PROVIDER: {"provider_id": F("provider")},
    Dimension.AANBOD: {"aanbod_id": F("aanbod")},
    Dimension.ZORGVRAAGTYPE: {"zorgvraagtype_id": F("zorgvraagtype")},
    Dimension.URGENCY: {"urgency": F("urgency")},
    Dimension.LOCATION_HDG: {
        "provider_id": F("provider"),
        "location": F("aanbod__location_name"),
        "hoofddiagnosegroep_id": F("hoofddiagnosegroep"),
    },
}


def _grouped(entries: QuerySet, keys: dict[str, object]) -> tuple[QuerySet, list[str]]:
    """The entries grouped by the dimension's keys (aliases k0, k1, … to avoid clashes)."""
    aliases = [f"k{i}" for i in range(len(keys))]
    return entries.values(**dict(zip(aliases, keys.values(), strict=True))), aliases


def entry_figures(
    entries: QuerySet, keys: dict[str, object], period: Period
) -> dict[tuple, dict[str, float | int | None]]:
    """The entry measures per key tuple (``()`` for the whole set), one query on PostgreSQL.

    On other databases the medians and 80th percentiles come from
    ``retrospective_percentiles_in_python`` (two more queries)."""
    in_sql = sql_percentiles()
    measures = _measures(period, with_percentiles=in_sql)
    if not keys:
        result = {(): entries.aggregate(**measures)}
    else:
        grouped, aliases = _grouped(entries, keys)
        result = {}
        for row in grouped.annotate(**measures).order_by():
            result[tuple(row.pop(alias) for alias in aliases)] = row
    if not in_sql:
        python = retrospective_percentiles_in_python(entries, keys, period)
        for key, row in result.items():
            row.update(python.get(key, dict.fromkeys(PERCENTILE_FIELDS)))
    return result


PERCENTILE_FIELDS = ("aanmeld_median", "aanmeld_p80", "behandel_median", "behandel_p80")


def retrospective_percentiles_in_python(
    entries: QuerySet, keys: dict[str, object], period: Period
) -> dict[tuple, dict[str, float | None]]:
    """Medians and 80th percentiles of the realised waits per key, with
    ``mgn.stats.percentile`` — the fallback where the database has no ``percentile_cont``.
    Reads one value per entry that finished a wait in the period (the demo's few
    thousand), so not for national scale."""
    waits: dict[tuple, dict[str, list[int]]] = defaultdict(lambda: {"aanmeld": [], "behandel": []})
    for prefix, days, done in (
        ("aanmeld", AANMELD_DAYS, period.aanmeld_done()),
        ("behandel", BEHANDEL_DAYS, period.behandel_done()),
    ):
        aliases = [f"k{i}" for i in range(len(keys))]
        rows = (
            entries.filter(done)
            .annotate(**dict(zip(aliases, keys.values(), strict=True)), days=days)
            .values_list(*aliases, "days")
        )
        for row in rows:
            waits[tuple(row[:-1])][prefix].append(row[-1])
    return {
        key: {
            f"{prefix}_{name}": percentile(values[prefix], p)
            for prefix in ("aanmeld", "behandel")
            for name, p in (("median", MEDIAN), ("p80", P80))
        }
        for key, values in waits.items()
    }


# Offers, slots and monthly figures --------------------------------------------------------
@dataclass
class _Offer:
    pk: int
    provider_id: int
    gemeente_id: int | None
    location: str
    is_active: bool
    declared: float | None
    served: set
    zorgvraagtypes: set
    domain: str = AanbodDomain.GGZ
    third_slot: float | None = None  # weeks
    slots_next_weeks: int = 0

    def prospective(self, opgave: "_Opgaven") -> tuple[float, str] | None:
        if self.third_slot is not None:
            return self.third_slot, SOURCE_SLOTS
        if self.declared is not None:
            return self.declared, SOURCE_OPGAVE
        latest = opgave.for_location(self.provider_id, self.location)
        return (latest, SOURCE_OPGAVE) if latest is not None else None


def third_slot_weeks(slots: Iterable[tuple[date, int]], week: date) -> float | None:
    """Whole weeks from ``week`` to the week in which the published places, counted from
    ``week`` in order, reach the third; ``None`` when fewer than three are published."""
    cumulative = 0
    for week_start, available in sorted(slots):
        if week_start < week:
            continue
        cumulative += available
        if cumulative >= THIRD_SLOT:
            return float((week_start - week).days // 7)
    return None


@dataclass
class _Opgaven:
    """The latest monthly figure per (provider, location, hoofddiagnosegroep)."""

    latest: dict[tuple, tuple]  # key -> (aanmeld_weeks, within_norm, outside_norm)

    def for_location(self, provider_id: int, location: str) -> float | None:
        """The location's figure: the row without a group (basis-ggz), else the shortest."""
        rows = {k[2]: v[0] for k, v in self.latest.items() if k[:2] == (provider_id, location)}
        if not rows:
            return None
        return rows[None] if None in rows else min(rows.values())


def _load_opgaven(region: Region, period: Period) -> _Opgaven:
    latest: dict[tuple, tuple] = {}
    rows = (
        WachttijdOpgave.objects.filter(region=region, month__lte=period.snapshot)
        .order_by("month")
        .values_list(
            "provider_id",
            "location",
            "hoofddiagnosegroep_id",
            "aanmeld_weeks",
            "within_norm",
            "outside_norm",
        )
    )
    for provider_id, location, hdg, weeks, within, outside in rows:
        latest[(provider_id, location, hdg)] = (float(weeks), within, outside)
    return _Opgaven(latest)


def _load_offers(region: Region, period: Period) -> dict[int, _Offer]:
    offers = {
        row["pk"]: _Offer(
            pk=row["pk"],
            provider_id=row["provider_id"],
            gemeente_id=row["gemeente_id"],
            location=row["location_name"],
            is_active=row["is_active"],
            declared=None
            if row["declared_wait_weeks"] is None
            else float(row["declared_wait_weeks"]),
            served=set(),
            zorgvraagtypes=set(),
            domain=row["domain"],
        )
        for row in Aanbod.objects.filter(region=region).values(
            "pk",
            "provider_id",
            "gemeente_id",
            "location_name",
            "is_active",
            "declared_wait_weeks",
            "domain",
        )
    }
    for aanbod_id, gemeente_id in Aanbod.gemeenten_served.through.objects.filter(
        aanbod__region=region
    ).values_list("aanbod_id", "gemeente_id"):
        offers[aanbod_id].served.add(gemeente_id)
    for aanbod_id, zvt_id in Aanbod.zorgvraagtypes.through.objects.filter(
        aanbod__region=region
    ).values_list("aanbod_id", "zorgvraagtype_id"):
        offers[aanbod_id].zorgvraagtypes.add(zvt_id)
    slots: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for aanbod_id, week_start, available in IntakeSlots.objects.filter(
        aanbod__region=region, week_start__gte=period.week
    ).values_list("aanbod_id", "week_start", "available"):
        slots[aanbod_id].append((week_start, available))
    horizon = period.week + timedelta(weeks=SLOT_WEEKS)
    for aanbod_id, published in slots.items():
        offer = offers[aanbod_id]
        offer.third_slot = third_slot_weeks(published, period.week)
        offer.slots_next_weeks = sum(n for week, n in published if week < horizon)
    return offers


def _offer_figures(offers: Iterable[_Offer], opgaven: _Opgaven) -> dict[str, object]:
    """Prospective wait (the minimum over the active offers) and the intake slots summed.

    Where ggz offers are among them, the wait is theirs only: the Treeknorm is a ggz norm,
    and a walk-in SD offer declared at 0 weeks would hide every ggz wait."""
    active = [o for o in offers if o.is_active]
    ggz = [o for o in active if o.domain == AanbodDomain.GGZ]
    candidates = [p for p in (o.prospective(opgaven) for o in (ggz or active)) if p is not None]
    # The soonest; on a tie the published slots win over a declared figure.
    best = min(candidates, key=lambda p: (p[0], p[1] != SOURCE_SLOTS), default=None)
    return {
        "prospective_weeks": best[0] if best else None,
        "prospective_source": best[1] if best else "",
        "intake_slots": sum(o.slots_next_weeks for o in active),
    }


# Assembling the rows ---------------------------------------------------------------------
ENTRY_FIELDS = (
    "persons",
    "wachtplekken",
    "referrals",
    "aanmeld_avg",
    "aanmeld_median",
    "aanmeld_p80",
    "behandel_avg",
    "behandel_median",
    "behandel_p80",
    "breaches_aanmeld",
    "breaches_behandel",
    "breaches_total",
)


def _estimate_weeks(queue: int, intakes: int) -> float | None:
    if not intakes:
        return None
    return queue / (intakes / THROUGHPUT_WEEKS)


def _entry_values(measures: dict | None) -> dict[str, object]:
    if measures is None:
        return {"estimate_weeks": None}
    values = {name: measures[name] for name in ENTRY_FIELDS}
    values["estimate_weeks"] = _estimate_weeks(measures["queue"], measures["intakes"])
    return values


def _offers_of(dimension: str, key: dict, offers: dict[int, _Offer]) -> list[_Offer]:
    """The offers a row's prospective wait and intake slots are taken over."""
    every = offers.values()
    if dimension == Dimension.REGION:
        return list(every)
    if dimension == Dimension.PROVIDER:
        return [o for o in every if o.provider_id == key["provider_id"]]
    if dimension == Dimension.AANBOD:
        return [offers[key["aanbod_id"]]] if key["aanbod_id"] in offers else []
    if dimension == Dimension.GEMEENTE:
        g = key["gemeente_id"]
        return [o for o in every if g is not None and (o.gemeente_id == g or g in o.served)]
    if dimension == Dimension.ZORGVRAAGTYPE:
        z = key["zorgvraagtype_id"]
        return [o for o in every if z in o.zorgvraagtypes]
    if dimension == Dimension.LOCATION_HDG:
        return [
            o for o in every if (o.provider_id, o.location) == (key["provider_id"], key["location"])
        ]
    return []  # URGENCY: no offer belongs to an urgency


def _extra_keys(
    dimension: str, region: Region, offers: dict[int, _Offer], opgaven: _Opgaven
) -> list[tuple]:
    """Keys that get a row even without entries (an offer without a waiting list, say)."""
    active = [o for o in offers.values() if o.is_active]
    if dimension == Dimension.GEMEENTE:
        return [(pk,) for pk in region.gemeenten.values_list("pk", flat=True)]
    if dimension == Dimension.PROVIDER:
        return [(o.provider_id,) for o in active]
    if dimension == Dimension.AANBOD:
        return [(o.pk,) for o in active]
    if dimension == Dimension.ZORGVRAAGTYPE:
        return [(z,) for o in active for z in o.zorgvraagtypes]
    if dimension == Dimension.LOCATION_HDG:
        return list(opgaven.latest)
    if dimension == Dimension.URGENCY:
        return [(urgency,) for urgency in Urgency.values]
    return []


def _location_row(key: dict, entry: dict, offers: list[_Offer], opgaven: _Opgaven) -> dict:
    """LOCATION_HDG: slots of the location's offers, else the monthly figure of the group,
    else the offers' declared figures; a figure's own counts where no entries exist."""
    figures = _offer_figures(offers, opgaven)
    opgave = opgaven.latest.get((key["provider_id"], key["location"], key["hoofddiagnosegroep_id"]))
    if opgave is not None and figures["prospective_source"] != SOURCE_SLOTS:
        figures["prospective_weeks"], figures["prospective_source"] = opgave[0], SOURCE_OPGAVE
    if opgave is not None and not entry.get("wachtplekken"):
        within, outside = opgave[1] or 0, opgave[2] or 0
        entry = {**entry, "wachtplekken": within + outside, "breaches_total": outside}
    return {**entry, **figures}


def _dimension_rows(
    dimension: str,
    entries: QuerySet,
    period: Period,
    region: Region,
    offers: dict[int, _Offer],
    opgaven: _Opgaven,
) -> list[SnapshotFigure]:
    keys = DIMENSION_KEYS[dimension]
    measured = entry_figures(entries, keys, period)
    all_keys = list(measured)
    for extra in _extra_keys(dimension, region, offers, opgaven):
        if extra not in measured:
            measured[extra] = None
            all_keys.append(extra)
    rows = []
    for key_values in all_keys:
        key = dict(zip(keys, key_values, strict=True))
        entry = _entry_values(measured[key_values])
        group = _offers_of(dimension, key, offers)
        if dimension == Dimension.LOCATION_HDG:
            values = _location_row(key, entry, group, opgaven)
        else:
            values = {**entry, **_offer_figures(group, opgaven)}
        rows.append(
            SnapshotFigure(
                snapshot_date=period.snapshot,
                region=region,
                dimension=dimension,
                **key,
                **values,
            )
        )
    return rows


# The job ---------------------------------------------------------------------------------
STEPS = len(DIMENSION_KEYS) + 2  # offers and slots, each dimension, writing


def _progress(run: OverviewRun, step: int) -> None:
    run.progress = min(99, round(100 * step / STEPS))
    OverviewRun.objects.filter(pk=run.pk).update(progress=run.progress)


def overview_compute(
    *, region: Region, snapshot_date: date | None = None, user=None
) -> OverviewRun:
    """Compute the region's overview on ``snapshot_date`` (today by default).

    Idempotent per (region, date): one ``OverviewRun``, whose rows are replaced in one
    transaction, so readers see the old rows or the new ones, never a mix. The run records
    its status and progress as it goes (BEZIG, then KLAAR); on an error it records MISLUKT
    with the error and re-raises, so a Celery task can retry.
    """
    snapshot_date = snapshot_date or timezone.localdate()
    period = Period(snapshot_date)
    run, _ = OverviewRun.objects.get_or_create(region=region, snapshot_date=snapshot_date)
    run.status, run.progress, run.error = JobStatus.BEZIG, 0, ""
    run.started_at, run.finished_at, run.requested_by = timezone.now(), None, user
    run.save(
        update_fields=["status", "progress", "error", "started_at", "finished_at", "requested_by"]
    )
    try:
        figures = _compute_rows(run, region, period)
        with transaction.atomic():
            OverviewRun.objects.select_for_update().filter(pk=run.pk).first()
            SnapshotFigure.objects.filter(run=run).delete()
            for figure in figures:
                figure.run = run
            SnapshotFigure.objects.bulk_create(figures, batch_size=2000)
            run.status, run.progress, run.finished_at = JobStatus.KLAAR, 100, timezone.now()
            run.save(update_fields=["status", "progress", "finished_at"])
    except Exception as error:
        logger.exception("Overview of region %s on %s failed", region.pk, snapshot_date)
        run.status, run.finished_at = JobStatus.MISLUKT, timezone.now()
        run.error = f"{type(error).__name__}: {error}"[:2000]
        OverviewRun.objects.filter(pk=run.pk).update(
            status=run.status, finished_at=run.finished_at, error=run.error
        )
        raise
    return run


def _compute_rows(run: OverviewRun, region: Region, period: Period) -> list[SnapshotFigure]:
    offers = _load_offers(region, period)
    opgaven = _load_opgaven(region, period)
    _progress(run, 1)
    entries = Wachtplek.objects.filter(region=region).filter(period.relevant())
    figures: list[SnapshotFigure] = []
    for step, dimension in enumerate(DIMENSION_KEYS, start=2):
        figures.extend(_dimension_rows(dimension, entries, period, region, offers, opgaven))
        _progress(run, step)
    return figures


def overview_request(*, region: Region, user, snapshot_date: date | None = None) -> OverviewRun:
    """A coordinator asks for the overview now: the run is queued (WACHTRIJ) and the task
    is sent once the caller's transaction commits. A run already BEZIG is left alone."""
    from wachttijden.tasks import compute_overview  # tasks import this module

    snapshot_date = snapshot_date or timezone.localdate()
    with transaction.atomic():
        run, _ = OverviewRun.objects.select_for_update().get_or_create(
            region=region, snapshot_date=snapshot_date
        )
        if run.status == JobStatus.BEZIG:
            return run
        run.status, run.progress, run.error, run.requested_by = JobStatus.WACHTRIJ, 0, "", user
        run.save(update_fields=["status", "progress", "error", "requested_by"])
    transaction.on_commit(
        lambda: compute_overview.delay(region.pk, snapshot_date.isoformat(), user.pk)
    )
    return run


def regions_to_compute() -> QuerySet[Region]:
    """Regions with a waiting list or an offer: the nightly job computes these."""
    return Region.objects.filter(
        Exists(Wachtplek.objects.filter(region=OuterRef("pk")))
        | Exists(Aanbod.objects.filter(region=OuterRef("pk")))
    ).order_by("pk")
