"""The transfer matcher's scenario (issue 13): the demand picture and the proposals of one
network in each of the 44 regions, against ONE raw SQL statement computing the same
candidate groups and receiving offers for all regions.

Registered in ``bench.scenarios.SCENARIOS`` (imported at the end of that module).
"""

import time
from collections.abc import Iterator
from datetime import timedelta

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.dataset_wachttijden import REFERENCE_DATE
from bench.harness import Bench, Figure
from bench.scenarios import scenario
from mgn.jobs.constants import JobStatus
from networks.models import Network, Region
from transfer.selectors.vraagbeeld import CAPACITY_WEEKS, WAIT_BANDS, vraagbeeld_for_network
from transfer.services.matcher import _fits, _groups, propose_transfers
from wachttijden.constants import AanbodDomain, Dimension, EntryStatus
from wachttijden.models import Aanbod, IntakeSlots, OverviewRun, SnapshotFigure, Wachtplek
from wachttijden.services import overzicht
from wachttijden.services.levering_intakeplekken import week_start

MATCHER_RUNS = 3  # a side; one pass over 44 regions takes seconds

# Every candidate (group, receiving offer) pair of every region in one statement: the
# waiting entries counted per cell (offer, zorgvraagtype, urgency, band, woongemeente) as
# the picture counts them, summed into the matcher's groups (ggz: offer x zorgvraagtype;
# SD: offer x woongemeente), joined to the offers of the same region, domain and category
# that treat the zorgvraagtype or serve the gemeente, have free places in the coming weeks
# and a shorter expected wait (the latest finished overview's prospective wait, else the
# declared one).
RAW_CANDIDATES_SQL = f"""
WITH latest AS (
    SELECT region_id, MAX(snapshot_date) AS snapshot_date
    FROM {OverviewRun._meta.db_table}
    WHERE status = %(klaar)s AND snapshot_date <= %(on)s
    GROUP BY region_id
),
waits AS (
    SELECT f.aanbod_id, ROUND(f.prospective_weeks::numeric, 1) AS weeks
    FROM {SnapshotFigure._meta.db_table} f
    JOIN latest l ON l.region_id = f.region_id AND l.snapshot_date = f.snapshot_date
    JOIN {OverviewRun._meta.db_table} r ON r.id = f.run_id AND r.status = %(klaar)s
    WHERE f.dimension = %(aanbod)s AND f.prospective_weeks IS NOT NULL
),
room AS (
    SELECT aanbod_id, SUM(available) AS places
    FROM {IntakeSlots._meta.db_table}
    WHERE week_start = ANY(%(weeks)s)
    GROUP BY aanbod_id
),
offers AS (
    SELECT a.id, a.region_id, a.domain, a.category,
           COALESCE(w.weeks, a.declared_wait_weeks) AS wait, COALESCE(r.places, 0) AS places
    FROM {Aanbod._meta.db_table} a
    LEFT JOIN waits w ON w.aanbod_id = a.id
    LEFT JOIN room r ON r.aanbod_id = a.id
    WHERE a.is_active AND a.region_id = ANY(%(regions)s)
),
cells AS MATERIALIZED (
    SELECT w.aanbod_id, w.zorgvraagtype_id, w.gemeente_id, w.urgency,
           CASE WHEN w.registered_on >= %(b4)s THEN 0
                WHEN w.registered_on >= %(b10)s THEN 1
                WHEN w.registered_on >= %(b14)s THEN 2
                ELSE 3 END AS band,
           COUNT(DISTINCT w.pseudonym) AS persons
    FROM {Wachtplek._meta.db_table} w
    JOIN {Aanbod._meta.db_table} a ON a.id = w.aanbod_id
    WHERE w.region_id = ANY(%(regions)s) AND w.status IN (%(aanmelding)s, %(intake)s)
      AND w.registered_on <= %(on)s AND a.is_active
    GROUP BY 1, 2, 3, 4, 5
),
groups AS (
    SELECT o.region_id, o.id AS aanbod_id, o.domain, o.category, o.wait,
           CASE WHEN o.domain = %(ggz)s THEN c.zorgvraagtype_id END AS zorgvraagtype_id,
           CASE WHEN o.domain = %(sd)s THEN c.gemeente_id END AS gemeente_id,
           SUM(c.persons) AS persons, MAX(c.band) AS longest_band
    FROM cells c JOIN offers o ON o.id = c.aanbod_id
    WHERE o.wait IS NOT NULL
      AND ((o.domain = %(ggz)s AND c.zorgvraagtype_id IS NOT NULL)
           OR (o.domain = %(sd)s AND c.gemeente_id IS NOT NULL))
    GROUP BY 1, 2, 3, 4, 5, 6, 7
)
SELECT g.region_id, g.aanbod_id, g.zorgvraagtype_id, g.gemeente_id, g.persons,
       t.id, t.places, g.wait - t.wait AS gain
FROM groups g
JOIN offers t ON t.region_id = g.region_id AND t.domain = g.domain
     AND t.category = g.category AND t.id <> g.aanbod_id
     AND t.wait < g.wait AND t.places > 0
WHERE (g.domain = %(ggz)s AND EXISTS (
          SELECT 1 FROM {Aanbod.zorgvraagtypes.through._meta.db_table} z
          WHERE z.aanbod_id = t.id AND z.zorgvraagtype_id = g.zorgvraagtype_id))
   OR (g.domain = %(sd)s AND EXISTS (
          SELECT 1 FROM {Aanbod.gemeenten_served.through._meta.db_table} s
          WHERE s.aanbod_id = t.id AND s.gemeente_id = g.gemeente_id))
ORDER BY gain DESC, g.longest_band DESC, g.aanbod_id, g.zorgvraagtype_id, g.gemeente_id, t.id
"""


def _raw_params(region_ids: list[int]) -> dict:
    on = REFERENCE_DATE
    first = week_start(on)
    edges = {band.until_weeks: on - timedelta(weeks=band.until_weeks) for band in WAIT_BANDS[:-1]}
    return {
        "on": on,
        "klaar": JobStatus.KLAAR.value,
        "aanbod": Dimension.AANBOD.value,
        "weeks": [first + timedelta(weeks=n) for n in range(CAPACITY_WEEKS)],
        "regions": region_ids,
        "b4": edges[4],
        "b10": edges[10],
        "b14": edges[14],
        "aanmelding": EntryStatus.AANMELDING.value,
        "intake": EntryStatus.INTAKE.value,
        "ggz": AanbodDomain.GGZ.value,
        "sd": AanbodDomain.SD.value,
    }


def _raw_candidates(region_ids: list[int]) -> list[tuple]:
    """The bare side: a psycopg cursor, no ORM."""
    with connection.connection.cursor() as cursor:
        cursor.execute(RAW_CANDIDATES_SQL, _raw_params(region_ids))
        return cursor.fetchall()


def region_networks() -> list[Network]:
    """One network per region, in region order: the first that works in that region only
    (the picture of a network covers all its regions' offers)."""
    networks = []
    for region in Region.objects.order_by("pk"):
        network = (
            Network.objects.annotate(region_count=Count("regions"))  # before the region filter
            .filter(region_count=1, regions=region)
            .order_by("pk")
            .first()
        )
        if network is not None:
            networks.append(network)
    return networks


def _ensure_overviews(region_ids: list[int]) -> int:
    """The overview of the reference date for every region that has none finished yet (the
    nightly job's work; the pictures read its prospective waits). Returns how many ran."""
    done = set(
        OverviewRun.objects.filter(
            snapshot_date=REFERENCE_DATE, status=JobStatus.KLAAR
        ).values_list("region_id", flat=True)
    )
    missing = [pk for pk in region_ids if pk not in done]
    for region in Region.objects.filter(pk__in=missing):
        overzicht.overview_compute(region=region, snapshot_date=REFERENCE_DATE)
    return len(missing)


def _candidate_pairs(picture) -> set[tuple]:
    """The matcher's own candidate pairs of a picture, with the group's persons."""
    return {
        (
            group.offer.aanbod_id,
            group.zorgvraagtype_id,
            group.gemeente_id,
            sum(group.left.values()),
            target.aanbod_id,
        )
        for group in _groups(picture, 0)
        for target in picture.offers
        if target.domain in (AanbodDomain.GGZ, AanbodDomain.SD) and _fits(group, target)
    }


@scenario("transfer_matcher")
def transfer_matcher(bench: Bench) -> Iterator[Figure]:
    """The transfer matcher for one network in each of the 44 regions (its demand picture
    from 1,000,000 waiting entries, then its proposals) against the same candidate groups
    and receiving offers as ONE raw SQL statement; 3 runs a side, interleaved.

    The real side is ``vraagbeeld_for_network`` and ``propose_transfers`` per network, as the
    table's page computes them. The bare side counts the cells, sums them into groups and
    joins the offers with room and a shorter expected wait for every region at once, and
    allocates nothing. Untimed first: the overview of the reference date for any region
    without one (its prospective waits are the pictures' expected waits).
    """
    networks = region_networks()
    region_ids = sorted({pk for n in networks for pk in n.regions.values_list("pk", flat=True)})
    started = time.perf_counter()
    computed = _ensure_overviews(region_ids)
    yield Figure("transfer_matcher.overviews_computed", computed, "regions")
    yield Figure("transfer_matcher.overviews_setup", time.perf_counter() - started, "s")

    # One untimed pass with the queries captured: the count must not depend on the region.
    query_counts, proposals, pictures = [], [], []
    for network in networks:
        with CaptureQueriesContext(connection) as captured:
            picture = vraagbeeld_for_network(network, on=REFERENCE_DATE)
            found = propose_transfers(picture)
        query_counts.append(len(captured.captured_queries))
        pictures.append(picture)
        proposals.append(found)

    def real() -> None:
        for network in networks:
            propose_transfers(vraagbeeld_for_network(network, on=REFERENCE_DATE))

    raw_rows: list[tuple] = []

    def bare() -> None:
        raw_rows[:] = _raw_candidates(region_ids)

    timing = bench.time_pair(real, bare, runs=MATCHER_RUNS, warmup=1)

    # The statement and the matcher must see the same candidates.
    raw_pairs = {(row[1], row[2], row[3], int(row[4]), row[5]) for row in raw_rows}
    matcher_pairs = set().union(*(_candidate_pairs(p) for p in pictures))
    if raw_pairs != matcher_pairs:
        bench.warn(
            f"transfer_matcher: {len(matcher_pairs)} candidate pairs in the matcher, "
            f"{len(raw_pairs)} in the raw statement ({len(matcher_pairs ^ raw_pairs)} differ)"
        )
    without = [n.name for n, found in zip(networks, proposals, strict=True) if not found]
    if len(networks) != len(region_ids) or without:
        bench.warn(f"transfer_matcher: no proposals for {without or 'some regions'}")
    if min(query_counts) != max(query_counts):
        bench.warn(f"transfer_matcher: query counts differ per region: {sorted(set(query_counts))}")
    flat = [p for found in proposals for p in found]
    yield Figure("transfer_matcher.regions", len(networks), "regions")
    yield Figure("transfer_matcher.offers", sum(len(p.offers) for p in pictures), "offers")
    yield Figure("transfer_matcher.cells", sum(len(p.cells) for p in pictures), "cells")
    yield Figure("transfer_matcher.candidates", len(matcher_pairs), "pairs")
    yield Figure("transfer_matcher.bare.rows", len(raw_rows), "rows")
    yield Figure("transfer_matcher.proposals", len(flat), "proposals")
    yield Figure(
        "transfer_matcher.proposals.sd",
        sum(p.domain == AanbodDomain.SD for p in flat),
        "proposals",
    )
    yield Figure("transfer_matcher.persons", sum(p.persons for p in flat), "persons")
    yield Figure(
        "transfer_matcher.regions_with_proposals", sum(bool(f) for f in proposals), "regions"
    )
    yield Figure("transfer_matcher", timing.real_ms / 1000, "s")
    yield Figure("transfer_matcher.bare", timing.bare_ms / 1000, "s")
    yield Figure("transfer_matcher.ratio", timing.ratio, "x")
    yield Figure("transfer_matcher.db", timing.real_db_ms / 1000, "s")
    yield Figure("transfer_matcher.per_region", timing.real_ms / len(networks), "ms")
    yield Figure("transfer_matcher.queries.min", min(query_counts), "queries")
    yield Figure("transfer_matcher.queries.max", max(query_counts), "queries")
