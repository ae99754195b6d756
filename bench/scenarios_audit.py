"""The access log's scenario: what writing the log costs (against a bare INSERT of the
same rows), and "wie zag mijn gegevens" for one person among 20 million entries over
five years (``bench/dataset_audit.py``, built on first use).

Registered in ``bench.scenarios.SCENARIOS`` (imported at the end of that module).
"""

import datetime as dt
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bench import dataset_audit
from bench.dataset import CAST
from bench.harness import Bench, Figure
from bench.scenarios import scenario
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.audit.selectors import entries_for_person

try:
    from mgn.audit.selectors import COUNT_CAP
except ImportError:  # the code before the capped count
    COUNT_CAP = dataset_audit.ROWS

try:
    from mgn.audit.selectors import entries_page_for_person
except ImportError:  # measuring the code before it, for the comparison in benchmarks.md
    entries_page_for_person = None
from mgn.audit.services import log_access, log_access_many
from verkennend_gesprek.models import VerkennendGesprek

# GET /api/v1/verkennende-gesprekken/ writes about this many entries a call.
LIST_ENTRIES = 67
INSERT_RUNS = 300
QUERY_RUNS = 100
PAGE_SIZE = 50  # the person log page's (mgn.audit.views.person_log)
BARE_TABLE = "bench_bare_accesslog"
# Looking a person up logs the lookup under that person, so the page is timed for
# another person than the queries, whose count must stay the dataset's 100.
TYPICAL = 4241
PAGE_PERSON = 4243

# The bare side: a plain table with the log's columns and nothing else (a serial key, no
# other index, no trigger, not partitioned), the same rows in one multi-row INSERT.
BARE_TABLE_SQL = f"""
CREATE TABLE IF NOT EXISTS {BARE_TABLE} (
    id bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL DEFAULT statement_timestamp(),
    event varchar(20) NOT NULL, action varchar(1) NOT NULL, outcome varchar(10) NOT NULL,
    user_id bigint, user_identifier varchar(254) NOT NULL, user_name varchar(200) NOT NULL,
    user_roles varchar(200) NOT NULL, user_organisation varchar(400) NOT NULL,
    on_behalf_of varchar(254) NOT NULL, access_point varchar(64) NOT NULL,
    person_identifier_type varchar(20) NOT NULL, person_identifier varchar(128) NOT NULL,
    object_type varchar(100) NOT NULL, object_id varchar(64) NOT NULL,
    source_system varchar(100) NOT NULL, detail varchar(500) NOT NULL
)
"""
BARE_COLUMNS = (
    "event, action, outcome, user_id, user_identifier, user_name, user_roles, "
    "user_organisation, on_behalf_of, access_point, person_identifier_type, "
    "person_identifier, object_type, object_id, source_system, detail"
)
# One statement, like the selector: page one and the total as a window count over at
# most COUNT_CAP + 1 entries (a larger total shows as "meer dan 1.000").
PERSON_SQL = (
    "SELECT id, occurred_at, event, user_identifier, user_roles, user_organisation, "
    "count(*) OVER () FROM (SELECT id, occurred_at, event, user_identifier, user_roles, "
    "user_organisation FROM audit_accesslogentry WHERE person_identifier = %s "
    "AND occurred_at >= %s AND occurred_at <= %s ORDER BY occurred_at DESC, id DESC "
    "LIMIT %s) AS capped ORDER BY occurred_at DESC, id DESC LIMIT %s"
)


def _bare_rows(entries: list[AccessLogEntry]) -> list[tuple]:
    return [
        (
            e.event,
            e.action,
            e.outcome,
            e.user_id,
            e.user_identifier,
            e.user_name,
            e.user_roles,
            e.user_organisation,
            e.on_behalf_of,
            e.access_point,
            e.person_identifier_type,
            e.person_identifier,
            e.object_type,
            e.object_id,
            e.source_system,
            e.detail,
        )
        for e in entries
    ]


def _bare_insert(rows: list[tuple]):
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(rows[0])) + ")"] * len(rows))
    sql = f"INSERT INTO {BARE_TABLE} ({BARE_COLUMNS}) VALUES {placeholders} RETURNING id"  # noqa: S608
    params = [value for row in rows for value in row]

    def insert():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return insert


def _insert_figures(bench: Bench) -> Iterator[Figure]:
    request = RequestFactory().get("/api/v1/verkennende-gesprekken/", REMOTE_ADDR="192.0.2.10")
    request.user = bench.user(CAST.member)
    gesprekken = list(VerkennendGesprek.objects.select_related("persoon")[:LIST_ENTRIES])
    with connection.cursor() as cursor:
        cursor.execute(BARE_TABLE_SQL)
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    log_access_many(request, event=Event.READ, subjects=gesprekken)
    written = list(AccessLogEntry.objects.filter(id__gt=before).order_by("id"))
    if len(written) != LIST_ENTRIES:
        bench.warn(f"audit_log: {len(written)} entries written, expected {LIST_ENTRIES}")
    rows = _bare_rows(written)

    timing = bench.time_pair(
        lambda: log_access_many(request, event=Event.READ, subjects=gesprekken),
        _bare_insert(rows),
        runs=INSERT_RUNS,
    )
    yield Figure("audit_log.insert_list", timing.real_ms, "ms")
    yield Figure("audit_log.insert_list.bare", timing.bare_ms, "ms")
    yield Figure("audit_log.insert_list.ratio", timing.ratio, "x")
    yield Figure("audit_log.insert_list.db", timing.real_db_ms, "ms")
    yield Figure("audit_log.insert_list.bare.db", timing.bare_db_ms, "ms")
    yield Figure("audit_log.insert_list.entries", LIST_ENTRIES, "rows")

    one = gesprekken[0]
    timing = bench.time_pair(
        lambda: log_access(request, event=Event.READ, subject=one, obj=one),
        _bare_insert(rows[:1]),
        runs=INSERT_RUNS,
    )
    yield Figure("audit_log.insert_one", timing.real_ms, "ms")
    yield Figure("audit_log.insert_one.bare", timing.bare_ms, "ms")
    yield Figure("audit_log.insert_one.ratio", timing.ratio, "x")
    yield Figure("audit_log.insert_one.db", timing.real_db_ms, "ms")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {BARE_TABLE}")


def _person_query(identifier: str, start: dt.date, end: dt.date):
    """The page's query through its selector: page one and the total in one statement."""

    def query():
        if entries_page_for_person is None:  # the code before partitioning: two queries
            entries = entries_for_person(identifier=identifier, start=start, end=end)
            page = Paginator(entries, PAGE_SIZE).get_page(1)
        else:
            page = entries_page_for_person(identifier=identifier, start=start, end=end, number=1)
        capped = getattr(page.paginator, "count_capped", False)
        return page.paginator.count, capped, list(page.object_list)

    return query


def _bare_person_query(identifier: str, start: dt.date, end: dt.date):
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tz)
    high = dt.datetime.combine(end, dt.time.max, tz)

    def query():
        with connection.cursor() as cursor:
            cursor.execute(PERSON_SQL, [identifier, low, high, COUNT_CAP + 1, PAGE_SIZE])
            rows = cursor.fetchall()
        count = rows[0][-1] if rows else 0
        return min(count, COUNT_CAP), count > COUNT_CAP, rows

    return query


def _person_figures(bench: Bench) -> Iterator[Figure]:
    today = timezone.localdate()
    five_years = today - dt.timedelta(days=dataset_audit.DAYS + 1)
    cases = [
        # name, person, period, entries expected (the heavy person's 5,000: "meer dan 1.000")
        ("typical", dataset_audit.person(TYPICAL), five_years, (100, False)),
        ("typical_month", dataset_audit.person(TYPICAL), today - dt.timedelta(days=30), None),
        ("heavy", dataset_audit.HEAVY, five_years, (COUNT_CAP, True)),
    ]
    for case, identifier, start, expected in cases:
        name = f"audit_log.person.{case}"
        real = _person_query(identifier, start, today)
        bare = _bare_person_query(identifier, start, today)
        count, capped, rows = real()
        bare_count, bare_capped, bare_rows = bare()
        if (count, capped, [r.pk for r in rows]) != (
            bare_count,
            bare_capped,
            [r[0] for r in bare_rows],
        ):
            bench.warn(f"{name}: selector and raw query disagree")
        if expected is not None and (count, capped) != expected:
            bench.warn(f"{name}: {count} entries (capped: {capped}), expected {expected}")
        timing = bench.time_pair(real, bare, runs=QUERY_RUNS)
        yield Figure(name, timing.real_ms, "ms")
        yield Figure(f"{name}.bare", timing.bare_ms, "ms")
        yield Figure(f"{name}.ratio", timing.ratio, "x")
        yield Figure(f"{name}.db", timing.real_db_ms, "ms")
        yield Figure(f"{name}.entries", count, "rows or more (capped)" if capped else "rows")

    # The whole page as the beheerder sees it (form, both queries, the table, and the
    # LOG_READ entry this lookup writes), for the typical person over five years.
    client = bench.client(CAST.superuser)
    url = (
        f"{reverse('audit:person_log')}?identifier={dataset_audit.person(PAGE_PERSON)}"
        f"&start={five_years.isoformat()}&end={today.isoformat()}"
    )
    response = client.get(url)
    if response.status_code != 200 or b"@bench.example" not in response.content:
        bench.warn(f"audit_log.person.page: {response.status_code}, rows missing")
    timing = bench.time_pair(
        lambda: client.get(url),
        _bare_person_query(dataset_audit.person(PAGE_PERSON), five_years, today),
        runs=QUERY_RUNS,
    )
    yield Figure("audit_log.person.page", timing.real_ms, "ms")
    yield Figure("audit_log.person.page.db", timing.real_db_ms, "ms")


@scenario("audit_log")
def audit_log(bench: Bench) -> Iterator[Figure]:
    """The access log: writing 67 entries (one API list call) and one entry against a bare
    INSERT, and one person's log among 20 million entries over five years."""
    if dataset_audit.is_built():
        yield Figure("audit_log.dataset.build", "reused")
    else:
        yield Figure("audit_log.dataset.build", dataset_audit.build(), "s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), COALESCE(sum(c.reltuples), 0)::bigint FROM pg_class c "
            "WHERE c.oid IN (SELECT inhrelid FROM pg_inherits "
            "WHERE inhparent = 'audit_accesslogentry'::regclass) "
            "OR c.oid = 'audit_accesslogentry'::regclass AND c.relkind = 'r'"
        )
        partitions, estimate = cursor.fetchone()
    yield Figure("audit_log.entries", estimate, "rows (estimate)")
    yield Figure("audit_log.partitions", partitions if partitions > 1 else 0, "partitions")
    yield from _insert_figures(bench)
    yield from _person_figures(bench)
