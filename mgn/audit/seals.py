"""Seals make the access log tamper-evident (R-PR-1): one SHA-256 per closed day (UTC).

A day's *entries digest* hashes every column of every entry of that day in
``(occurred_at, id)`` order, one canonical JSON line per entry; the day's *seal*
hashes the previous seal, the day, the number of entries and that digest, so the
seals form a chain. Sealing only reads the log and adds a row, so inserts never wait
for it. ``access_log_verify`` hashes the entries again and reports the first day
whose entries (or seal) no longer match; days before the retention cutoff are checked
only for the chain, as their entries may have been purged.

A day is sealed once no transaction can still add to it: the database writes
``statement_timestamp()`` into every entry, which is never earlier than the start of
the inserting transaction, so a day is closed when it ended before the oldest open
transaction of this database began (and before now), less a margin.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import AccessLogEntry, AccessLogSeal

GENESIS = "0" * 64
MARGIN = timedelta(minutes=5)
COLUMNS = [field.attname for field in AccessLogEntry._meta.concrete_fields]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, UTC)
    return start, start + timedelta(days=1)


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entries_digest(day: date) -> tuple[int, str]:
    """The number of entries of ``day`` (UTC) and the SHA-256 over all their columns."""
    start, end = day_bounds(day)
    rows = (
        AccessLogEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .order_by("occurred_at", "id")
        .values_list(*COLUMNS)
    )
    digest, count = hashlib.sha256(), 0
    for row in rows.iterator(chunk_size=5000):
        line = json.dumps([_canonical(v) for v in row], ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode() + b"\n")
        count += 1
    return count, digest.hexdigest()


def chain_digest(*, previous: str, day: date, count: int, entries: str) -> str:
    return hashlib.sha256(f"{previous}|{day.isoformat()}|{count}|{entries}".encode()).hexdigest()


def seal_horizon(now: datetime | None = None) -> datetime:
    """Before this moment no entry can still appear (see the module docstring)."""
    horizon = now or timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT min(xact_start) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            oldest = cursor.fetchone()[0]
        if oldest is not None:
            horizon = min(horizon, oldest)
    return horizon - MARGIN


def access_log_seal(*, now: datetime | None = None) -> list[AccessLogSeal]:
    """Seal every closed day after the last seal, in order; days without entries too,
    so the chain has no gaps. Idempotent: a day is sealed once (a second sealer stops
    at the unique day)."""
    last = AccessLogSeal.objects.order_by("-period_start").first()
    if last is not None:
        day, previous = last.period_start + timedelta(days=1), last.digest
    else:
        oldest = AccessLogEntry.objects.order_by("occurred_at").values_list(
            "occurred_at", flat=True
        )
        first = oldest.first()
        if first is None:
            return []
        day, previous = first.astimezone(UTC).date(), GENESIS
    horizon = seal_horizon(now)
    sealed = []
    while day_bounds(day)[1] <= horizon:
        count, entries = entries_digest(day)
        digest = chain_digest(previous=previous, day=day, count=count, entries=entries)
        try:
            with transaction.atomic():
                seal = AccessLogSeal.objects.create(
                    period_start=day,
                    entry_count=count,
                    entries_digest=entries,
                    previous_digest=previous,
                    digest=digest,
                )
        except IntegrityError:
            break  # another sealer got there first
        sealed.append(seal)
        day, previous = day + timedelta(days=1), digest
    return sealed


@dataclass(frozen=True)
class Verification:
    periods: int
    failed_day: date | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.failed_day is None


def access_log_verify(*, retained_from: datetime, since: date | None = None) -> Verification:
    """Check the chain of every seal, and re-hash the entries of each sealed day from
    ``retained_from`` (older ones may be purged) and ``since`` on; the first day that
    does not match is reported."""
    previous, expected_day, checked = GENESIS, None, 0
    seals = AccessLogSeal.objects.order_by("period_start")
    first = seals.first()
    if first is not None and since is None:
        start = max(day_bounds(first.period_start)[0], retained_from)
        if AccessLogEntry.objects.filter(
            occurred_at__gte=retained_from, occurred_at__lt=start
        ).exists():
            return Verification(0, first.period_start, "entries before the first seal")
    for seal in seals.iterator():
        day = seal.period_start
        if expected_day is not None and day != expected_day:
            return Verification(checked, expected_day, "seal missing")
        if seal.previous_digest != previous:
            return Verification(checked, day, "chain broken: previous digest does not match")
        recomputed = chain_digest(
            previous=seal.previous_digest,
            day=day,
            count=seal.entry_count,
            entries=seal.entries_digest,
        )
        if seal.digest != recomputed:
            return Verification(checked, day, "seal altered: its digest does not match")
        if day_bounds(day)[0] >= retained_from and (since is None or day >= since):
            count, entries = entries_digest(day)
            if count != seal.entry_count:
                return Verification(checked, day, f"{count} entries, {seal.entry_count} sealed")
            if entries != seal.entries_digest:
                return Verification(
                    checked, day, "entries changed: their digest does not match the seal"
                )
        checked += 1
        previous, expected_day = seal.digest, day + timedelta(days=1)
    return Verification(checked)
