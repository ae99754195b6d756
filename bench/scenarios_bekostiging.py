"""Bekostiging's scenarios: the insurer's CSV export of 1,000,000 declaration lines
(issue 5, item 8) and its download with the access log against a raw psycopg
``COPY … TO STDOUT`` of the same rows, and the export's peak memory; a return message of
100,000 verdicts against a raw ``UPDATE … FROM (VALUES …)`` (issue 12, part 10).

Registered in ``bench.scenarios.SCENARIOS`` (imported at the end of that module).
"""

import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.urls import reverse

from bench.dataset import CAST
from bench.dataset_bekostiging import BK_CAST, bench_export
from bench.harness import Bench, BenchError, Figure
from bench.scenarios import scenario

EXPORT_RUNS = 3  # a side; one pass over 1,000,000 lines takes seconds
MIB = 2**20

# The bare side: the same rows in the same order (the export's lines by id, with the
# insurer's UZOVI and the declarant's AGB code) and the same thirteen columns, as plain
# values — no references, no formula guard, no header, no re-chunking. What any CSV
# export of these rows from PostgreSQL costs at the least.
BARE_COPY_SQL = """
COPY (
    SELECT r.id, r.uzovi, r.provider_agb, r.bsn, r.policy_number, r.date_of_birth,
           r.prestatiecode, r.service_date, r.tariff, r.amount, r.credit_of_id,
           r.function, r.period_end
    FROM bekostiging_exportregel e
    JOIN bekostiging_declaratieregel r ON r.id = e.regel_id
    WHERE e.export_id = %s
    ORDER BY r.id
) TO STDOUT WITH (FORMAT csv, DELIMITER ';')
"""


def bare_chunks(export_id: int) -> Iterator[bytes]:
    """The raw COPY read chunk by chunk as psycopg hands them over (one per row)."""
    connection.ensure_connection()
    with connection.cursor() as cursor, cursor.cursor.copy(BARE_COPY_SQL, (export_id,)) as copy:
        yield from copy


def _consume(chunks) -> int:
    """Read every chunk; the bytes read."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
    return size


def _check(chunks, digest=None) -> tuple[int, int]:
    """Read every chunk, counting bytes and lines (untimed)."""
    size = lines = 0
    for chunk in chunks:
        data = bytes(chunk)  # psycopg hands over memoryviews
        size += len(data)
        lines += data.count(b"\n")
        if digest is not None:
            digest.update(data)
    return size, lines


def _probe(side: str, export_id: int) -> dict:
    """Memory of one download in a fresh process (bench/memory_probe.py)."""
    env = {**os.environ, "BENCH_DATABASE_URL": settings.BENCH_DATABASE_URL}
    result = subprocess.run(
        [sys.executable, "-m", "bench.memory_probe", side, str(export_id)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"memory probe ({side}) failed: {result.stderr[-500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _memory_figures(name: str, probe: dict) -> Iterator[Figure]:
    yield Figure(f"{name}.rss_growth", (probe["rss_peak"] - probe["rss_before"]) / MIB, "MiB")
    yield Figure(f"{name}.rss_before", probe["rss_before"] / MIB, "MiB")
    yield Figure(f"{name}.rss_peak", probe["rss_peak"] / MIB, "MiB")
    yield Figure(f"{name}.tracemalloc_peak", probe["tracemalloc_peak"] / MIB, "MiB")


@scenario("bk_export")
def bk_export(bench: Bench) -> Iterator[Figure]:
    """The insurer's CSV export of 1,000,000 declaration lines through
    ``bekostiging.services.exports_csv.stream_csv`` (all chunks consumed) against a raw psycopg
    ``COPY (SELECT the same columns of the same rows) TO STDOUT`` read chunk by chunk;
    the Python writer (``use_copy=False``, the path without PostgreSQL) and the whole
    download (GET ``export_download`` as the insurer: the access log of every person in
    the file, then the streamed CSV) against the same; 3 runs a side, interleaved; then
    each side's memory in a fresh process.
    """
    from bekostiging.services import exports_csv

    export = bench_export()
    if export is None:
        raise BenchError("no export of 1,000,000 lines in the dataset (version 4)")
    n = export.line_count

    def real():
        return _consume(exports_csv.stream_csv(export))

    def python():
        return _consume(exports_csv.stream_csv(export, use_copy=False))

    def bare():
        return _consume(bare_chunks(export.pk))

    client = bench.client(CAST.insurer)
    url = reverse("bekostiging:export_download", args=[export.pk])

    def download():
        response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"GET {url} answered {response.status_code}")
        try:
            return _consume(response.streaming_content)
        finally:
            response.close()

    # One untimed pass a side: the warm-up, and the check that all three read every line
    # and that both of the export's paths give the same bytes.
    copy_digest, python_digest = hashlib.sha256(), hashlib.sha256()
    real_bytes, real_lines = _check(exports_csv.stream_csv(export), copy_digest)
    python_bytes, python_lines = _check(
        exports_csv.stream_csv(export, use_copy=False), python_digest
    )
    bare_bytes, bare_lines = _check(bare_chunks(export.pk))
    if real_lines != n + 1 or python_lines != n + 1 or bare_lines != n:
        raise BenchError(
            f"lines read: export {real_lines}, python {python_lines}, bare {bare_lines}; "
            f"expected {n} and a header"
        )
    if copy_digest.digest() != python_digest.digest():
        bench.warn("bk_export: the COPY and Python paths of stream_csv give different bytes")
    if download() != real_bytes:
        bench.warn("bk_export: the download is not the bytes of stream_csv")

    timing = bench.time_pair(real, bare, runs=EXPORT_RUNS, warmup=0)
    python_timing = bench.time_pair(python, bare, runs=EXPORT_RUNS, warmup=0)
    download_timing = bench.time_pair(download, bare, runs=EXPORT_RUNS, warmup=0)
    yield Figure("bk_export.lines", n, "lines")
    yield Figure("bk_export.bytes", real_bytes, "bytes")
    yield Figure("bk_export.bare.bytes", bare_bytes, "bytes")
    yield Figure("bk_export", timing.real_ms / 1000, "s")
    yield Figure("bk_export.bare", timing.bare_ms / 1000, "s")
    yield Figure("bk_export.ratio", timing.ratio, "x")
    yield Figure("bk_export.throughput", n / timing.real_ms * 1000, "lines/s")
    yield Figure("bk_export.bare.throughput", n / timing.bare_ms * 1000, "lines/s")
    yield Figure("bk_export.throughput_ratio", timing.bare_ms / timing.real_ms, "x")
    yield Figure("bk_export.python", python_timing.real_ms / 1000, "s")
    yield Figure("bk_export.python.bare", python_timing.bare_ms / 1000, "s")
    yield Figure("bk_export.python.throughput", n / python_timing.real_ms * 1000, "lines/s")
    yield Figure(
        "bk_export.python.throughput_ratio", python_timing.bare_ms / python_timing.real_ms, "x"
    )
    yield Figure("bk_export.download", download_timing.real_ms / 1000, "s")
    yield Figure("bk_export.download.bare", download_timing.bare_ms / 1000, "s")
    yield Figure("bk_export.download.throughput", n / download_timing.real_ms * 1000, "lines/s")
    yield Figure(
        "bk_export.download.throughput_ratio",
        download_timing.bare_ms / download_timing.real_ms,
        "x",
    )
    yield Figure("bk_export.download.db", download_timing.real_db_ms / 1000, "s")
    connection.close()  # the probes open their own connections
    for side, name in (
        ("export", "bk_export"),
        ("python", "bk_export.python"),
        ("download", "bk_export.download"),
        ("bare", "bk_export.bare"),
    ):
        probe = _probe(side, export.pk)
        expected = n if side == "bare" else n + 1
        if probe["lines"] != expected:
            raise BenchError(f"memory probe ({side}) read {probe['lines']} lines")
        yield from _memory_figures(name, probe)
    if BK_CAST.lines != n:
        bench.warn(f"bk_export: the export holds {n} lines, not {BK_CAST.lines}")


VERDICTS = 100_000  # verdicts of one return message
VERDICT_RUNS = 3  # a side, interleaved, the lines put back before every run
VERDICT_REFERENCE = "BENCH-VERDICTS"
VERDICT_REASON = "Bench: geen dekking op de datum"


def _verdict_lines(export) -> list[tuple[int, object]]:
    """The first VERDICTS sent lines of the export that are neither credits nor credited,
    with their status_changed_at (to put back)."""
    from bekostiging.constants import RegelStatus
    from bekostiging.models import Declaratieregel
    from bekostiging.selectors.exports import export_regels

    ids = export_regels(export).filter(
        credit_of__isnull=True, credited=False, status=RegelStatus.GEEXPORTEERD
    )
    return list(
        Declaratieregel.objects.filter(pk__in=ids.values("pk"))
        .order_by("pk")
        .values_list("pk", "status_changed_at")[:VERDICTS]
    )


def _restore(lines) -> None:
    """Put the lines back to geëxporteerd as the dataset built them, and remove the runs'
    return messages (the access-log entries stay: the log is append-only)."""
    from bekostiging.models import Retourbericht

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE bekostiging_declaratieregel AS r SET status = 'geexporteerd', "
            "rejection_reason = '', status_changed_at = v.at "
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, at) WHERE r.id = v.id",
            [[pk for pk, _at in lines], [at for _pk, at in lines]],
        )
    Retourbericht.objects.filter(reference=VERDICT_REFERENCE).delete()


def bare_verdicts_sql(verdicts) -> str:
    """One raw ``UPDATE … FROM (VALUES …)`` of the same verdicts, the values inline (made
    before the clock starts): what applying them costs the database at the least."""
    values = ",".join(
        f"({pk},'geaccepteerd','')" if accepted else f"({pk},'afgewezen','{VERDICT_REASON}')"
        for pk, accepted in verdicts
    )
    return (
        "UPDATE bekostiging_declaratieregel AS r SET status = v.status, "  # noqa: S608
        "rejection_reason = v.reason, status_changed_at = now() "
        f"FROM (VALUES {values}) AS v(id, status, reason) WHERE r.id = v.id"
    )


@scenario("bk_verdicts")
def bk_verdicts(bench: Bench) -> Iterator[Figure]:
    """A return message of 100,000 verdicts (every tenth a rejection with a reason) on the
    export's lines through ``bekostiging.services.retour.verdicts_apply`` as the insurer's
    upload calls it (checks, locks, set-based UPDATEs, one access-log entry per changed
    line, the stored report) against one raw ``UPDATE … FROM (VALUES …)`` of the same
    verdicts; 3 runs a side, interleaved, the lines put back before each; then the same
    message again (idempotent: nothing changes)."""
    from django.db import transaction
    from django.db.models import Max
    from django.test import RequestFactory

    from bekostiging.models import reference_for
    from bekostiging.services.retour import Verdict, verdicts_apply
    from mgn.audit.models import AccessLogEntry

    export = bench_export()
    if export is None:
        raise BenchError("no export of 1,000,000 lines in the dataset (version 4)")
    lines = _verdict_lines(export)
    if len(lines) != VERDICTS:
        raise BenchError(f"{len(lines)} lines to judge, not {VERDICTS}")
    pairs = [(pk, index % 10 != 0) for index, (pk, _at) in enumerate(lines)]
    message = [
        Verdict(reference_for(pk), accepted, "" if accepted else VERDICT_REASON)
        for pk, accepted in pairs
    ]
    user = bench.user(CAST.insurer)
    request = RequestFactory().post("/bekostiging/verzekeraar/retour/")
    request.user = user
    bare_sql = bare_verdicts_sql(pairs)

    def real():
        return verdicts_apply(
            user=user,
            network=export.network,
            insurer=export.insurer,
            verdicts=message,
            source_reference=VERDICT_REFERENCE,
            request=request,
        )

    def bare():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(bare_sql)
            return cursor.rowcount

    def timed(operation) -> tuple[float, object]:
        _restore(lines)
        start = time.perf_counter()
        result = operation()
        return time.perf_counter() - start, result

    try:
        # Untimed: both sides once, each checked.
        _, bericht = timed(real)
        if bericht.changed != VERDICTS or bericht.rejected != VERDICTS // 10:
            raise BenchError(f"verdicts_apply changed {bericht.changed}, not {VERDICTS}")
        _, rows = timed(bare)
        if rows != VERDICTS:
            raise BenchError(f"the bare UPDATE changed {rows} lines, not {VERDICTS}")
        real_s, bare_s = [], []
        for run in range(VERDICT_RUNS):
            pair = [(real, real_s), (bare, bare_s)]
            for operation, samples in pair[::-1] if run % 2 else pair:
                samples.append(timed(operation)[0])
        # The same message again on the judged lines: a retry changes nothing.
        _restore(lines)
        real()
        last_entry = AccessLogEntry.objects.aggregate(last=Max("id"))["last"]
        start = time.perf_counter()
        again = real()
        repeat_s = time.perf_counter() - start
        if (
            again.changed != 0
            or AccessLogEntry.objects.aggregate(last=Max("id"))["last"] != last_entry
        ):
            bench.warn(f"bk_verdicts: the same message again changed {again.changed} lines")
    finally:
        _restore(lines)
        # About 1,800,000 row versions were written: clean them up, so that the next run (and
        # the other scenarios) meet the table as the dataset left it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) bekostiging_declaratieregel")
    real_median, bare_median = statistics.median(real_s), statistics.median(bare_s)
    yield Figure("bk_verdicts.lines", VERDICTS, "verdicts")
    yield Figure("bk_verdicts", real_median, "s")
    yield Figure("bk_verdicts.bare", bare_median, "s")
    yield Figure("bk_verdicts.ratio", real_median / bare_median, "x")
    yield Figure("bk_verdicts.throughput", VERDICTS / real_median, "verdicts/s")
    yield Figure("bk_verdicts.bare.throughput", VERDICTS / bare_median, "verdicts/s")
    yield Figure("bk_verdicts.runs", " ".join(f"{s:.2f}" for s in real_s), "s")
    yield Figure("bk_verdicts.bare.runs", " ".join(f"{s:.2f}" for s in bare_s), "s")
    yield Figure("bk_verdicts.repeat", repeat_s, "s")
