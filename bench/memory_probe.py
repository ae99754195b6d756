"""``python -m bench.memory_probe SIDE EXPORT_ID``: the memory one export download takes,
measured in a fresh process so nothing the bench did before counts.

SIDE is ``export`` (``bekostiging.services.exports_csv.stream_csv``), ``python`` (the same with the
Python writer, ``use_copy=False``), ``download`` (the insurer's GET of the export through the
test client: the access log of its persons, then the streamed CSV) or ``bare`` (the raw COPY
of bench.scenarios_bekostiging).
Prints one JSON object: the bytes and lines read; the resident set before the first call
(Django set up, connected, the export loaded, nothing streamed); the peak resident set
during that first, cold call — the kernel's high-water mark (``VmHWM``), reset just before
the call by writing 5 to ``/proc/self/clear_refs``, and as a cross-check the largest of
samples taken every 5 ms by a thread — so the growth includes whatever the first download
imports and allocates once; and, in a second pass, the peak of Python allocations during
the call (``tracemalloc``). Runs with ``bench.settings`` on ``BENCH_DATABASE_URL``.
"""

import json
import os
import sys
import threading
import time
import tracemalloc

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE


def high_water_bytes() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def reset_high_water() -> bool:
    """Set VmHWM to the current resident set (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


class PeakSampler(threading.Thread):
    def __init__(self, interval: float = 0.005):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = rss_bytes()
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_bytes())
            time.sleep(self.interval)

    def stop(self) -> int:
        self.running = False
        self.join()
        self.peak = max(self.peak, rss_bytes())
        return self.peak


def consume(chunks) -> tuple[int, int]:
    size = lines = 0
    for chunk in chunks:
        data = bytes(chunk)  # psycopg hands over memoryviews
        size += len(data)
        lines += data.count(b"\n")
    return size, lines


def main(argv: list[str]) -> int:
    side, export_id = argv[0], int(argv[1])
    import django

    django.setup()
    from django.db import connection

    from bekostiging.models import Export
    from bekostiging.services import exports_csv
    from bench.scenarios_bekostiging import bare_chunks

    export = Export.objects.get(pk=export_id)
    if side == "download":
        from django.test import Client
        from django.urls import reverse

        from bench.dataset import CAST
        from mgn.accounts.models import User

        client = Client()
        client.force_login(User.objects.get(email=CAST.insurer))
        url = reverse("bekostiging:export_download", args=[export.pk])

    def call():
        if side == "export":
            return exports_csv.stream_csv(export)
        if side == "python":
            return exports_csv.stream_csv(export, use_copy=False)
        if side == "download":
            # The whole GET as the insurer: the access log of the file's persons, then
            # the streamed CSV through the middleware.
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}")
            return response.streaming_content
        return bare_chunks(export.pk)

    connection.ensure_connection()
    before = rss_bytes()
    exact = reset_high_water()
    sampler = PeakSampler()
    sampler.start()
    size, lines = consume(call())
    sampled = sampler.stop()
    peak = max(high_water_bytes(), sampled) if exact else sampled
    tracemalloc.start()
    consume(call())
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "bytes": size,
                "lines": lines,
                "rss_before": before,
                "rss_peak": peak,
                "rss_peak_sampled": sampled,
                "high_water_reset": exact,
                "tracemalloc_peak": traced_peak,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
