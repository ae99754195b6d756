"""The access log's monthly partitions on PostgreSQL (the owner role's work).

``audit_accesslogentry`` is partitioned by range of ``occurred_at``, one partition per
calendar month in UTC (``audit_accesslogentry_y2026m12``), plus a default partition so
that an insert never fails when the monthly maintenance was missed. The application's
runtime role may not create tables, so partitions are made ahead: by the migration and by
``manage.py access_log_maintain`` (monthly, as the owner), which also drops the months
past the retention period. Privileges on a partitioned table are checked on the parent
only, so partitions need no grants and the runtime role cannot reach one directly.
"""

import re
from datetime import UTC, date, datetime

PARENT = "audit_accesslogentry"
DEFAULT_PARTITION = f"{PARENT}_default"
TRIGGER = "audit_accesslogentry_append_only"
# How far ahead the maintenance creates months; inserts never wait for a partition.
MONTHS_AHEAD = 12
_NAME = re.compile(rf"^{PARENT}_y(\d{{4}})m(\d{{2}})$")


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{PARENT}_y{month:%Y}m{month:%m}"


def _bound(month: date) -> str:
    return datetime(month.year, month.month, 1, tzinfo=UTC).isoformat()


def is_partitioned(cursor) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [PARENT])
    row = cursor.fetchone()
    return row is not None and row[0] == "p"


def existing_months(cursor) -> list[date]:
    """The monthly partitions attached to the log, oldest first (the default not counted)."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s)",
        [PARENT],
    )
    months = []
    for (name,) in cursor.fetchall():
        match = _NAME.match(name)
        if match:
            months.append(date(int(match[1]), int(match[2]), 1))
    return sorted(months)


def create_month(cursor, month: date) -> bool:
    """Attach the partition of ``month`` unless it exists; False when it already did.

    Rows of that month that went to the default partition (the maintenance was late)
    are moved into the new partition first: as the owner, with the append-only trigger
    of the default partition switched off for this transaction only.
    """
    month = month_start(month)
    name = partition_name(month)
    if month in existing_months(cursor):
        return False
    low, high = _bound(month), _bound(add_months(month, 1))
    cursor.execute(
        f"SELECT 1 FROM {DEFAULT_PARTITION} "  # noqa: S608  (constant names)
        "WHERE occurred_at >= %s AND occurred_at < %s LIMIT 1",
        [low, high],
    )
    if cursor.fetchone() is None:
        cursor.execute(
            f"CREATE TABLE {name} PARTITION OF {PARENT} FOR VALUES FROM (%s) TO (%s)",
            [low, high],
        )
        return True
    cursor.execute(f"CREATE TABLE {name} (LIKE {PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    cursor.execute(f"ALTER TABLE {DEFAULT_PARTITION} DISABLE TRIGGER {TRIGGER}")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE occurred_at >= %s "  # noqa: S608
        f"AND occurred_at < %s RETURNING *) INSERT INTO {name} SELECT * FROM moved",
        [low, high],
    )
    cursor.execute(f"ALTER TABLE {DEFAULT_PARTITION} ENABLE TRIGGER {TRIGGER}")
    cursor.execute(
        f"ALTER TABLE {PARENT} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)", [low, high]
    )
    return True


def create_default(cursor) -> None:
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {DEFAULT_PARTITION} PARTITION OF {PARENT} DEFAULT")


def ensure_months(cursor, *, first: date, last: date) -> list[date]:
    """Every month from ``first`` to ``last`` (inclusive) has its partition; returns those made."""
    made, month = [], month_start(first)
    while month <= month_start(last):
        if create_month(cursor, month):
            made.append(month)
        month = add_months(month, 1)
    return made


def drop_months_before(cursor, cutoff: datetime) -> list[date]:
    """Drop the partitions whose whole month lies before ``cutoff``; returns the months."""
    dropped = []
    for month in existing_months(cursor):
        end = datetime.combine(add_months(month, 1), datetime.min.time(), UTC)
        if end <= cutoff:
            cursor.execute(f"DROP TABLE {partition_name(month)}")
            dropped.append(month)
    return dropped
