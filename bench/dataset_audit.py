"""Twenty million access-log entries over five years, for the ``audit_log`` scenario.

Built on first use by the scenario rather than with the national dataset, because it
takes minutes and only this scenario reads it; the table's comment marks it as built
(``COMMENT ON TABLE``), so a later run reuses it and a migration that rebuilds the table
starts again. As the owner role: monthly partitions from five years back, the
append-only trigger off while loading (the database would otherwise write the load's
own time into every row), the secondary indexes dropped meanwhile and made again.

Shape: entry ``i`` (0 … 19,999,999) happened at ``now - 1826 days + i × 1826 days / 20M``
(about 11,000 a day), for person ``bench<(i × 7919) mod 200,000>`` — 200,000 persons
with 100 entries each, one every nine days — except every 4,000th entry, which is for
the heavy person ``bench-heavy`` (5,000 entries). Actors cycle through 10,000 users
of 5,000 organisations; every entry reads a verkennend gesprek.
"""

import time

from django.db import connection

ROWS = 20_000_000
PERSONS = 200_000
HEAVY = "bench-heavy"
HEAVY_EVERY = 4_000
DAYS = 1826
CHUNK = 1_000_000
MARKER = f"mgn-bench audit {ROWS} v1"
TABLE = "audit_accesslogentry"
TRIGGER = "audit_accesslogentry_append_only"

INSERT_SQL = f"""
INSERT INTO {TABLE} (
    occurred_at, event, action, outcome, user_id, user_identifier, user_name, user_roles,
    user_organisation, on_behalf_of, access_point, person_identifier_type,
    person_identifier, object_type, object_id, source_system, detail
)
SELECT
    %(start)s::timestamptz + (i::float8 * %(days)s / %(rows)s) * interval '1 day',
    'read', 'R', 'success', (i %% 10000) + 1,
    'gebruiker' || (i %% 10000) || '@bench.example',
    'Bench Gebruiker ' || (i %% 10000),
    'huisarts',
    'Huisartsenpraktijk ' || (i %% 5000),
    '',
    '192.0.2.' || (i %% 250),
    'intern',
    CASE WHEN i %% {HEAVY_EVERY} = 0 THEN '{HEAVY}'
         ELSE 'bench' || lpad(((i * 7919) %% {PERSONS})::text, 6, '0') END,
    'verkennend_gesprek.VerkennendGesprek',
    (i %% 990000)::text,
    'MGN Coördinatie',
    ''
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
"""  # noqa: S608  (constant names)


def person(number: int) -> str:
    return f"bench{number:06d}"


def is_built() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT obj_description(%s::regclass, 'pg_class')", [TABLE])
        return cursor.fetchone()[0] == MARKER


def _partitioned(cursor) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
    return cursor.fetchone()[0] == "p"


def build(out=print) -> float:
    """Load the entries; returns the seconds it took. Works on the plain table of
    earlier versions too (for comparing old and new on the same data)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT now() - %s * interval '1 day'", [DAYS])
        start = cursor.fetchone()[0]
        if _partitioned(cursor):
            from mgn.audit import partitions

            partitions.ensure_months(
                cursor,
                first=start.date(),
                last=partitions.add_months(start.date(), 12 * 5 + partitions.MONTHS_AHEAD),
            )
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT LIKE %s",
            [TABLE, "%pkey"],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        try:
            for first in range(0, ROWS, CHUNK):
                cursor.execute(
                    INSERT_SQL,
                    {
                        "start": start,
                        "days": DAYS,
                        "rows": ROWS,
                        "first": first,
                        "last": min(first + CHUNK, ROWS) - 1,
                    },
                )
                out(f"# audit_log dataset: {first + CHUNK:,} of {ROWS:,} entries")
        finally:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition.replace(" ON ONLY ", " ON "))
        cursor.execute(f"VACUUM ANALYZE {TABLE}")
        cursor.execute(f"COMMENT ON TABLE {TABLE} IS %s", [MARKER])
    return time.perf_counter() - started
