"""The overview job: one region's waiting figures on one date, into
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
  registration. URGENCY rows count each person once, at their deciding urgency (the most
  urgent of their waiting entries, as the central list decides), so they add up to the
  region's persons; their wachtplekken stay per entry.
- referrals (R-WT-2) = entries registered in the period [S − 2 months, S].
- retrospective (R-WT-3): realised aanmeldingswachttijd (intake − registration) of entries
  with their intake in the period, and behandelingswachttijd (treatment start − intake) of
  entries that started treatment in the period: average, median and 80th percentile.
  aanmeld_count / behandel_count = how many realised waits each average rests on.
  total_avg ("samen") = treatment start − registration over the entries that started
  treatment in the period: one cohort with both parts, not the sum of the two averages.
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
- prospective behandelingswachttijd (R-WT-3), ``prospective_behandel_weeks`` and
  ``_source``: no treatment slots are published, so it is the providers' monthly figure
  (``WachttijdOpgave.behandel_weeks``, source ``"opgave"``): LOCATION_HDG the latest month
  of that location and group; an offer its location's (the row without group, else the
  shortest); rows over several offers the minimum, as above.
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
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from mgn.jobs.constants import JobStatus
from mgn.jobs.outbox import enqueue_on_commit
from networks.models import Region
from wachttijden.constants import Dimension, Urgency
from wachttijden.models import Aanbod, OverviewRun, SnapshotFigure, Wachtplek
from wachttijden.services.overzicht_measures import (
    DIMENSION_KEYS,
    THROUGHPUT_WEEKS,
    Period,
    entry_figures,
    persons_by_deciding_urgency,
)
from wachttijden.services.overzicht_offers import (
    SOURCE_OPGAVE,
    SOURCE_SLOTS,
    Offer,
    Opgaven,
    load_offers,
    load_opgaven,
    offer_figures,
)

logger = logging.getLogger(__name__)


# Assembling the rows ---------------------------------------------------------------------
ENTRY_FIELDS = (
    "persons",
    "wachtplekken",
    "referrals",
    "aanmeld_avg",
    "aanmeld_count",
    "aanmeld_median",
    "aanmeld_p80",
    "behandel_avg",
    "behandel_count",
    "behandel_median",
    "behandel_p80",
    "total_avg",
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


def _offers_of(dimension: str, key: dict, offers: dict[int, Offer]) -> list[Offer]:
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
    dimension: str, region: Region, offers: dict[int, Offer], opgaven: Opgaven
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


def _location_row(key: dict, entry: dict, offers: list[Offer], opgaven: Opgaven) -> dict:
    """LOCATION_HDG: slots of the location's offers, else the monthly figure of the group,
    else the offers' declared figures; a figure's own counts where no entries exist."""
    figures = offer_figures(offers, opgaven)
    opgave = opgaven.latest.get((key["provider_id"], key["location"], key["hoofddiagnosegroep_id"]))
    if opgave is not None and figures["prospective_source"] != SOURCE_SLOTS:
        figures["prospective_weeks"], figures["prospective_source"] = opgave[0], SOURCE_OPGAVE
    if opgave is not None:
        figures["prospective_behandel_weeks"] = opgave[3]
        figures["prospective_behandel_source"] = SOURCE_OPGAVE
    if opgave is not None and not entry.get("wachtplekken"):
        within, outside = opgave[1] or 0, opgave[2] or 0
        entry = {**entry, "wachtplekken": within + outside, "breaches_total": outside}
    return {**entry, **figures}


def _dimension_rows(
    dimension: str,
    entries: QuerySet,
    period: Period,
    region: Region,
    offers: dict[int, Offer],
    opgaven: Opgaven,
) -> list[SnapshotFigure]:
    keys = DIMENSION_KEYS[dimension]
    measured = entry_figures(entries, keys, period)
    if dimension == Dimension.URGENCY:
        # Persons once, at their deciding urgency; wachtplekken stay per entry.
        deciding = persons_by_deciding_urgency(entries, period)
        for (urgency,), values in measured.items():
            values["persons"] = deciding.get(urgency, 0)
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
            values = {**entry, **offer_figures(group, opgaven)}
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
    offers = load_offers(region, period)
    opgaven = load_opgaven(region, period)
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
    enqueue_on_commit(compute_overview, region.pk, snapshot_date.isoformat(), user.pk)
    return run


def regions_to_compute() -> QuerySet[Region]:
    """Regions with a waiting list or an offer: the nightly job computes these."""
    return Region.objects.filter(
        Exists(Wachtplek.objects.filter(region=OuterRef("pk")))
        | Exists(Aanbod.objects.filter(region=OuterRef("pk")))
    ).order_by("pk")
