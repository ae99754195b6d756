"""Seals make the access log tamper-evident; partitions carry the five-year purge (R-PR-1)."""

from datetime import UTC, date, datetime, timedelta

from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

import pytest

from mgn.audit import partitions
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry, AccessLogSeal
from mgn.audit.seals import GENESIS, access_log_seal, access_log_verify, chain_digest
from mgn.audit.services import PersonRef, access_log_maintain, log_access, retention_cutoff
from mgn.audit.tasks import seal_access_log

BSN = "999996708"  # RvIG test BSN (R-PR-3)


def as_owner(sql: str, params=()) -> None:
    """What only the owner role (a DBA) can do: the trigger switched off for one statement,
    in this test's transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE audit_accesslogentry DISABLE TRIGGER audit_accesslogentry_append_only"
        )
        cursor.execute(sql, params)
        cursor.execute(
            "ALTER TABLE audit_accesslogentry ENABLE TRIGGER audit_accesslogentry_append_only"
        )


def logged_at(when: datetime, *, detail: str = "") -> AccessLogEntry:
    entry = log_access(None, event=Event.READ, subject=PersonRef("bsn", BSN), detail=detail)
    as_owner("UPDATE audit_accesslogentry SET occurred_at = %s WHERE id = %s", [when, entry.pk])
    return AccessLogEntry.objects.get(pk=entry.pk)


def utc_day(days_ago: int) -> date:
    return (timezone.now() - timedelta(days=days_ago)).astimezone(UTC).date()


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def three_days(db):
    """Entries on the UTC days four and three days ago, none on the day in between two
    days ago, and one today (not closed, so never sealed)."""
    four, three = utc_day(4), utc_day(3)
    entries = [
        logged_at(at(four, 9), detail="a"),
        logged_at(at(four, 17), detail="b"),
        logged_at(at(three, 11), detail="c"),
    ]
    log_access(None, event=Event.READ, subject=PersonRef("bsn", BSN), detail="vandaag")
    return entries


def test_r_pr_1_each_closed_day_is_sealed_once_in_a_chain(three_days):
    assert seal_access_log() >= 3  # the task, as beat runs it
    seals = list(AccessLogSeal.objects.order_by("period_start"))
    assert [s.period_start for s in seals][:3] == [utc_day(4), utc_day(3), utc_day(2)]
    assert [s.entry_count for s in seals][:3] == [2, 1, 0]
    assert seals[0].previous_digest == GENESIS
    for before, seal in zip(seals, seals[1:], strict=False):
        assert seal.previous_digest == before.digest
        assert seal.digest == chain_digest(
            previous=before.digest,
            day=seal.period_start,
            count=seal.entry_count,
            entries=seal.entries_digest,
        )
    assert seals[-1].period_start < timezone.now().astimezone(UTC).date()  # today stays open
    assert access_log_seal() == []  # idempotent
    out = call_command_output("verify_access_log")
    assert f"access log OK: {len(seals)} sealed days verified" in out


def test_r_pr_1_verify_reports_the_first_day_whose_entries_were_changed(three_days):
    access_log_seal()
    # The owner (a DBA) changes an entry of three days ago behind the application's back.
    as_owner(
        "UPDATE audit_accesslogentry SET user_identifier = 'niemand' WHERE id = %s",
        [three_days[2].pk],
    )
    with pytest.raises(CommandError) as failed:
        call_command("verify_access_log")
    assert f"FAILED at {utc_day(3):%Y-%m-%d}" in str(failed.value)
    assert "entries changed" in str(failed.value)
    assert "1 days before it verified" in str(failed.value)


def test_r_pr_1_verify_reports_a_removed_or_back_dated_entry(three_days):
    access_log_seal()
    # A back-dated entry slipped into a sealed day by the owner.
    logged_at(at(utc_day(2), 12), detail="ingevoegd")
    result = access_log_verify(retained_from=retention_cutoff())
    assert (result.failed_day, result.reason) == (utc_day(2), "1 entries, 0 sealed")
    # A removed entry of the first day, past the trigger.
    as_owner("DELETE FROM audit_accesslogentry WHERE id = %s", [three_days[0].pk])
    result = access_log_verify(retained_from=retention_cutoff())
    assert (result.failed_day, result.reason) == (utc_day(4), "1 entries, 2 sealed")


def test_r_pr_1_verify_reports_an_altered_seal(three_days):
    access_log_seal()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_accesslogseal DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_accesslogseal SET entry_count = 1 WHERE period_start = %s", [utc_day(4)]
        )
        cursor.execute("ALTER TABLE audit_accesslogseal ENABLE TRIGGER USER")
    result = access_log_verify(retained_from=retention_cutoff())
    assert result.failed_day == utc_day(4)
    assert result.reason.startswith("seal altered")


def test_r_pr_1_seals_are_append_only(three_days):
    seal = access_log_seal()[0]
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AccessLogSeal.objects.filter(pk=seal.pk).update(digest="0" * 64)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AccessLogSeal.objects.filter(pk=seal.pk)._raw_delete("default")
    assert AccessLogSeal.objects.get(pk=seal.pk).digest == seal.digest


def test_r_pr_1_a_day_with_an_open_transaction_is_not_sealed(three_days):
    # The horizon is the oldest open transaction; now - 3 days leaves the last two days open.
    sealed = access_log_seal(now=timezone.now() - timedelta(days=3))
    assert [s.period_start for s in sealed] == [utc_day(4)]


def test_r_pr_1_the_log_is_partitioned_by_month_with_a_default_partition(db):
    with connection.cursor() as cursor:
        assert partitions.is_partitioned(cursor)
        months = partitions.existing_months(cursor)
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = 'audit_accesslogentry'::regclass AND i.indisprimary ORDER BY 1"
        )
        primary_key = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT to_regclass(%s)", [partitions.DEFAULT_PARTITION])
        default = cursor.fetchone()[0]
    this_month = partitions.month_start(timezone.now().astimezone(UTC).date())
    assert months[0] <= this_month
    assert months[-1] == partitions.add_months(this_month, partitions.MONTHS_AHEAD)
    assert primary_key == ["id", "occurred_at"]
    assert default is not None
    entry = log_access(None, event=Event.READ, subject=PersonRef("bsn", BSN))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_accesslogentry WHERE id = %s", [entry.pk]
        )
        assert cursor.fetchone()[0] == partitions.partition_name(this_month)


def test_r_pr_1_maintenance_drops_months_past_retention_and_makes_months_ahead(db):
    now = timezone.now()
    old_month = partitions.month_start((now - timedelta(days=6 * 365)).date())
    boundary = retention_cutoff(now) + timedelta(days=1)  # kept: within five years
    with transaction.atomic(), connection.cursor() as cursor:
        partitions.ensure_months(cursor, first=old_month, last=old_month)
        partitions.drop_months_before(cursor, datetime(1900, 1, 1, tzinfo=UTC))  # nothing
    expired = logged_at(at(old_month, 10))
    straggler = logged_at(retention_cutoff(now) - timedelta(hours=1))  # default partition
    kept = logged_at(boundary)
    done = access_log_maintain(now=now)
    assert done.dropped == [old_month]
    assert done.deleted == 1  # the straggler; the dropped month is not counted
    assert done.created == []  # the migration made the year ahead already
    remaining = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert kept.pk in remaining and expired.pk not in remaining and straggler.pk not in remaining
    with connection.cursor() as cursor:
        assert old_month not in partitions.existing_months(cursor)
    out = call_command_output("access_log_maintain")
    assert "partitions dropped (past retention): none" in out


def test_r_pr_1_a_late_month_moves_its_rows_out_of_the_default_partition(db):
    far = partitions.add_months(
        partitions.month_start(timezone.now().astimezone(UTC).date()), partitions.MONTHS_AHEAD + 3
    )
    entry = logged_at(at(far, 8))
    with transaction.atomic(), connection.cursor() as cursor:
        assert partitions.create_month(cursor, far) is True
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_accesslogentry WHERE id = %s", [entry.pk]
        )
        assert cursor.fetchone()[0] == partitions.partition_name(far)
        assert partitions.create_month(cursor, far) is False


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
