"""Bekostiging's scenario (issue 5, item 8): the insurer's CSV export of 1,000,000
declaration lines against a raw psycopg ``COPY … TO STDOUT`` of the same rows, and the
export's peak memory.

Registered in ``bench.scenarios.SCENARIOS`` (imported at the end of that module).
"""

import hashlib
import json
import os
import subprocess
import sys
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
        ("bare", "bk_export.bare"),
    ):
        probe = _probe(side, export.pk)
        expected = n if side == "bare" else n + 1
        if probe["lines"] != expected:
            raise BenchError(f"memory probe ({side}) read {probe['lines']} lines")
        yield from _memory_figures(name, probe)
    if BK_CAST.lines != n:
        bench.warn(f"bk_export: the export holds {n} lines, not {BK_CAST.lines}")
