"""Function III's scenarios: the overview job at 1,000,000 waiting
entries against one raw SQL statement, waiting-list ingestion, and the dashboard.

Registered in ``bench.scenarios.SCENARIOS`` (imported at the end of that module).
"""

import csv
import hashlib
import io
import time
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.urls import reverse

from bench.dataset import CAST
from bench.dataset_wachttijden import REFERENCE_DATE, WT_CAST
from bench.harness import Bench, BenchError, Call, Figure
from bench.scenarios import scenario
from mgn.jobs.constants import JobStatus
from networks.models import Region
from wachttijden.constants import WAITING_STATUSES, Dimension, EntryStatus
from wachttijden.models import Aanbod, OverviewRun, SnapshotFigure, Wachtplek
from wachttijden.services import overzicht
from wachttijden.services.overzicht_measures import Period

OVERVIEW_RUNS = 3  # a side; one run of the job over 44 regions takes seconds

# The entry measures of every dimension of every region in one statement: what
# overview_compute asks the database for, region by region and dimension by dimension,
# skipping the same irrelevant entries (overzicht_measures.Period.relevant).
# The GROUPING() bitmask tells the dimensions apart (a bit is 1 where a column is not
# grouped; region_id is grouped in every set).
RAW_OVERVIEW_SQL = """
WITH e AS (
    SELECT w.region_id, COALESCE(w.gemeente_id, a.gemeente_id) AS gemeente_id,
           w.provider_id, w.aanbod_id, w.zorgvraagtype_id, w.urgency,
           a.location_name, w.hoofddiagnosegroep_id, w.pseudonym, w.status,
           w.registered_on, w.intake_on, w.treatment_start_on,
           w.status IN (%(aanmelding)s, %(intake)s) AND w.registered_on <= %(s)s AS waiting,
           w.intake_on - w.registered_on AS aanmeld_days,
           w.treatment_start_on - w.intake_on AS behandel_days,
           w.intake_on BETWEEN %(start)s AND %(s)s AS aanmeld_done,
           w.treatment_start_on BETWEEN %(start)s AND %(s)s AS behandel_done
    FROM wachttijden_wachtplek w JOIN wachttijden_aanbod a ON a.id = w.aanbod_id
    WHERE (w.status IN (%(aanmelding)s, %(intake)s) AND w.registered_on <= %(s)s)
       OR w.registered_on BETWEEN %(start)s AND %(s)s
       OR w.intake_on BETWEEN %(since)s AND %(s)s
       OR w.treatment_start_on BETWEEN %(start)s AND %(s)s
)
SELECT GROUPING(gemeente_id, provider_id, aanbod_id, zorgvraagtype_id, urgency,
                location_name, hoofddiagnosegroep_id) AS unused,
       region_id, gemeente_id, provider_id, aanbod_id, zorgvraagtype_id, urgency,
       location_name, hoofddiagnosegroep_id,
       COUNT(DISTINCT pseudonym) FILTER (WHERE waiting) AS persons,
       COUNT(*) FILTER (WHERE waiting) AS wachtplekken,
       COUNT(*) FILTER (WHERE status = %(aanmelding)s AND registered_on <= %(s)s) AS queue,
       COUNT(*) FILTER (WHERE registered_on BETWEEN %(start)s AND %(s)s) AS referrals,
       COUNT(*) FILTER (WHERE intake_on > %(throughput_after)s AND intake_on <= %(s)s)
           AS intakes,
       AVG(aanmeld_days) FILTER (WHERE aanmeld_done) AS aanmeld_avg,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY aanmeld_days) FILTER (WHERE aanmeld_done),
       percentile_cont(0.8) WITHIN GROUP (ORDER BY aanmeld_days) FILTER (WHERE aanmeld_done),
       AVG(behandel_days) FILTER (WHERE behandel_done) AS behandel_avg,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY behandel_days) FILTER (WHERE behandel_done),
       percentile_cont(0.8) WITHIN GROUP (ORDER BY behandel_days) FILTER (WHERE behandel_done),
       COUNT(*) FILTER (WHERE status = %(aanmelding)s AND registered_on < %(aanmeld_limit)s),
       COUNT(*) FILTER (WHERE status = %(intake)s AND intake_on < %(behandel_limit)s),
       COUNT(*) FILTER (WHERE waiting AND registered_on < %(totaal_limit)s)
FROM e
GROUP BY GROUPING SETS (
    (region_id),
    (region_id, gemeente_id),
    (region_id, provider_id),
    (region_id, aanbod_id),
    (region_id, zorgvraagtype_id),
    (region_id, urgency),
    (region_id, provider_id, location_name, hoofddiagnosegroep_id)
)
"""
RAW_MEASURES = (
    "persons",
    "wachtplekken",
    "queue",
    "referrals",
    "intakes",
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
REGION_ONLY = 0b1111111  # GROUPING(): none of the seven key columns grouped


def _raw_params() -> dict:
    period = Period(REFERENCE_DATE)
    return {
        "s": period.snapshot,
        "start": period.start,
        "throughput_after": period.throughput_after,
        "since": min(period.start, period.throughput_after + timedelta(days=1)),
        "aanmeld_limit": period.norm_limit(settings.TREEKNORM_AANMELD_WEEKS),
        "behandel_limit": period.norm_limit(settings.TREEKNORM_BEHANDEL_WEEKS),
        "totaal_limit": period.norm_limit(settings.TREEKNORM_TOTAAL_WEEKS),
        "aanmelding": EntryStatus.AANMELDING.value,
        "intake": EntryStatus.INTAKE.value,
    }


def _raw_overview() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(RAW_OVERVIEW_SQL, _raw_params())
        return cursor.fetchall()


def _check_region_rows(bench: Bench, raw: list[tuple]) -> None:
    """The job's REGION rows must hold the raw statement's numbers: the same aggregate."""
    by_region = {
        row[1]: dict(zip(RAW_MEASURES, row[9:], strict=True))
        for row in raw
        if row[0] == REGION_ONLY
    }
    figures = SnapshotFigure.objects.filter(
        snapshot_date=REFERENCE_DATE, dimension=Dimension.REGION
    )
    checked = 0
    for figure in figures:
        expected = by_region.get(figure.region_id)
        if expected is None:
            continue
        for name in (
            "persons",
            "wachtplekken",
            "referrals",
            "aanmeld_median",
            "aanmeld_p80",
            "behandel_p80",
        ):
            got, want = getattr(figure, name), expected[name]
            if want is not None and abs(float(got) - float(want)) > 1e-6:
                bench.warn(f"wt_overview: region {figure.region_id} {name} {got} != raw {want}")
                return
        checked += 1
    if checked != len(by_region):
        bench.warn(f"wt_overview: checked {checked} regions against {len(by_region)} raw rows")


@scenario("wt_overview")
def wt_overview(bench: Bench) -> Iterator[Figure]:
    """The overview job for all 44 regions (1,000,000 waiting entries) against the same entry
    aggregate as ONE raw SQL statement (GROUPING SETS); 3 runs a side, interleaved.

    The real side is ``overzicht.overview_compute`` per region, as the nightly task runs it:
    seven GROUP BY queries per region, offers, slots and monthly figures, progress and
    the replacement of the region's snapshot rows. The bare side computes every entry
    measure of the seven dimensions for every region in one statement and writes nothing.
    """
    regions = list(Region.objects.order_by("pk"))

    def real() -> None:
        for region in regions:
            overzicht.overview_compute(region=region, snapshot_date=REFERENCE_DATE)

    raw_rows: list[tuple] = []

    def bare() -> None:
        raw_rows[:] = _raw_overview()

    timing = bench.time_pair(real, bare, runs=OVERVIEW_RUNS, warmup=0)
    _check_region_rows(bench, raw_rows)
    runs = OverviewRun.objects.filter(snapshot_date=REFERENCE_DATE)
    if runs.exclude(status=JobStatus.KLAAR).exists():
        bench.warn("wt_overview: a run did not finish KLAAR")
    waiting = Wachtplek.objects.filter(status__in=WAITING_STATUSES).count()
    yield Figure("wt_overview.entries", Wachtplek.objects.count(), "rows")
    yield Figure("wt_overview.waiting", waiting, "rows")
    yield Figure("wt_overview.regions", len(regions), "regions")
    yield Figure("wt_overview", timing.real_ms / 1000, "s")
    yield Figure("wt_overview.bare", timing.bare_ms / 1000, "s")
    yield Figure("wt_overview.ratio", timing.ratio, "x")
    yield Figure("wt_overview.db", timing.real_db_ms / 1000, "s")
    yield Figure("wt_overview.per_region", timing.real_ms / len(regions), "ms")
    yield Figure(
        "wt_overview.snapshot_rows",
        SnapshotFigure.objects.filter(snapshot_date=REFERENCE_DATE).count(),
        "rows",
    )
    yield Figure("wt_overview.bare.rows", len(raw_rows), "rows")


# Ingestion ------------------------------------------------------------------------------
INGEST_RUNS = 5  # a side; one upload of 50,000 rows takes a few seconds
CSV_HEADER = (
    "bsn",
    "pseudoniem",
    "aanmelddatum",
    "intakedatum",
    "startdatum_behandeling",
    "urgentie",
    "zorgvraagtype",
    "hoofddiagnosegroep",
    "woongemeente",
    "status",
)


def rvig_test_bsns() -> list[str]:
    """Every RvIG test BSN (9999xxxxx passing the elfproef, R-PR-3): 9,091 numbers."""
    from stdnum.nl import bsn

    return [n for n in (f"9999{i:05d}" for i in range(100_000)) if bsn.is_valid(n)]


def upload_csv(aanbod: Aanbod, rows: int) -> str:
    """A waiting list as a provider delivers it: the test BSNs first, then (there are not
    50,000 test BSNs) already keyed pseudonyms; dates and statuses as in the dataset."""
    import random

    from bench.dataset_wachttijden import entry_dates, statuses
    from networks.models import Gemeente
    from wachttijden.models import Hoofddiagnosegroep, Zorgvraagtype

    rng = random.Random(WT_CAST.upload_rows)
    bsns = rvig_test_bsns()
    gemeenten = list(
        Gemeente.objects.filter(region=aanbod.region).values_list("cbs_code", flat=True)
    )
    zvts = [str(n) for n in Zorgvraagtype.objects.values_list("number", flat=True)]
    hdgs = list(Hoofddiagnosegroep.objects.values_list("code", flat=True))
    waiting = round(rows / 1.15)
    todo = statuses(rng, waiting)
    todo += [EntryStatus.BEHANDELING] * (rows - len(todo))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for n in range(rows):
        status = todo[n]
        registered, intake, start = entry_dates(rng, status)
        bsn = bsns[n] if n < len(bsns) else ""
        person = "" if bsn else hashlib.sha256(f"upload:{n}".encode()).hexdigest()
        writer.writerow(
            (
                bsn,
                person,
                registered.isoformat(),
                intake.isoformat() if intake else "",
                start.isoformat() if start else "",
                rng.choice(("normaal", "normaal", "normaal", "hoog", "crisis")),
                rng.choice(zvts),
                rng.choice(hdgs) if rng.random() < 0.7 else "",
                rng.choice(gemeenten),
                status,
            )
        )
    return out.getvalue()


@scenario("wt_ingest")
def wt_ingest(bench: Bench) -> Iterator[Figure]:
    """A 50,000-row waiting-list CSV through ``levering_wachtlijst.wachtlijst_upload`` (every row checked,
    BSNs keyed, the offer's list replaced with COPY), against a bare read-key-COPY of the
    same file (bench/baseline.py); 5 runs a side, interleaved.

    No ``.db`` figure: COPY and the commit (where PostgreSQL checks the deferred foreign
    keys of 50,000 rows) bypass the execute wrapper that measures database time.
    """
    from bench.baseline import wachtlijst_copy
    from wachttijden.models import WachtlijstUpload
    from wachttijden.services.levering_wachtlijst import wachtlijst_upload

    aanbod = Aanbod.objects.select_related("region").get(name=WT_CAST.upload_offer)
    user = bench.user(WT_CAST.provider_user)
    started = time.perf_counter()
    text = upload_csv(aanbod, WT_CAST.upload_rows)
    built_s = time.perf_counter() - started
    data = text.encode()  # as the browser sends it

    def real() -> None:
        upload = wachtlijst_upload(
            aanbod=aanbod, user=user, rows=data, filename="bench.csv", today=REFERENCE_DATE
        )
        if not upload.accepted or upload.rows_total != WT_CAST.upload_rows:
            raise BenchError(f"upload refused: {upload.errors[:3]}")

    def bare() -> None:
        if wachtlijst_copy(aanbod=aanbod, text=text) != WT_CAST.upload_rows:
            raise BenchError("the bare upload stored another number of rows")

    try:
        timing = bench.time_pair(real, bare, runs=INGEST_RUNS, warmup=1)
        real()  # the last state is the service's: check it once, outside the timing
        stored = Wachtplek.objects.filter(aanbod=aanbod)
        if stored.count() != WT_CAST.upload_rows or stored.filter(pseudonym__in=rvig_test_bsns()):
            bench.warn("wt_ingest: the offer does not hold the 50,000 keyed rows")
    finally:
        Wachtplek.objects.filter(aanbod=aanbod).delete()
        WachtlijstUpload.objects.filter(aanbod=aanbod).delete()
    rows = WT_CAST.upload_rows
    yield Figure("wt_ingest.rows", rows, "rows")
    yield Figure("wt_ingest.bytes", len(data), "bytes")
    yield Figure("wt_ingest.csv_build", built_s, "s")
    yield Figure("wt_ingest", timing.real_ms, "ms")
    yield Figure("wt_ingest.bare", timing.bare_ms, "ms")
    yield Figure("wt_ingest.ratio", timing.ratio, "x")
    yield Figure("wt_ingest.throughput", rows / timing.real_ms * 1000, "rows/s")
    yield Figure("wt_ingest.bare.throughput", rows / timing.bare_ms * 1000, "rows/s")


# Dashboard ------------------------------------------------------------------------------
def _dashboard_check(region):
    def check(response):
        html = response.content.decode()
        if region.name not in html:
            return f"the page does not name {region.name}"
        return None

    return check


@scenario("wt_dashboard")
def wt_dashboard(bench: Bench) -> Iterator[Figure]:
    """GET /wachttijden/dashboard/?regio=<code> as the coordinator at 1,000,000 entries, with
    a year of nightly snapshots of that region, against a bare page of the same snapshot's
    rows; then the same page filtered by a gemeente and by a zorgvraagtype.
    """
    from bench.dataset_wachttijden import dashboard_region

    region = dashboard_region()
    client = bench.client(CAST.coordinator)
    url = f"{reverse('wachttijden:dashboard')}?regio={region.code}"
    bare = Call(client, f"{reverse('bench-bare-wt-dashboard')}?regio={region.code}")
    check = _dashboard_check(region)
    yield Figure(
        "wt_dashboard.snapshots",
        OverviewRun.objects.filter(region=region).count(),
        "snapshots",
    )
    yield Figure(
        "wt_dashboard.snapshot_rows",
        SnapshotFigure.objects.filter(region=region).count(),
        "rows",
    )
    yield from bench.compare("wt_dashboard", Call(client, url, check), bare)
    latest = SnapshotFigure.objects.filter(region=region).order_by("-snapshot_date").first()
    rows = SnapshotFigure.objects.filter(region=region, snapshot_date=latest.snapshot_date)
    gemeente = rows.filter(dimension=Dimension.GEMEENTE, gemeente__isnull=False).first()
    zvt = rows.filter(dimension=Dimension.ZORGVRAAGTYPE, zorgvraagtype__isnull=False).first()
    for name, query in (
        ("gemeente", f"&gemeente={gemeente.gemeente_id}"),
        ("zorgvraagtype", f"&zorgvraagtype={zvt.zorgvraagtype_id}"),
    ):
        figure_name = f"wt_dashboard.{name}"
        for figure in bench.compare(figure_name, Call(client, url + query, check), bare):
            if figure.name in {figure_name, f"{figure_name}.queries", f"{figure_name}.db"}:
                yield figure
