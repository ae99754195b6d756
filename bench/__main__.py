"""``python -m bench``: build (or reuse) the national-scale dataset and print the figures.

Always runs with ``bench.settings`` on its own database (``BENCH_DATABASE_URL``,
default ``postgres://mgn@localhost:5432/mgn_bench``), whatever
``DJANGO_SETTINGS_MODULE`` says, so it can never write into another database.
"""

import argparse
import os
import platform
import sys
import time
import warnings

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="National-scale figures, each next to a bare baseline from the same run.",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="drop the benchmark database and build the dataset anew",
    )
    parser.add_argument("--runs", type=int, default=30, help="timed requests per figure (30)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first (5)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="SCENARIO",
        help="run only this scenario (repeatable)",
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and stop")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also print each query of the real views with EXPLAIN ANALYZE",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def _memory_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def _prepare_database(args, out) -> None:
    """Create, migrate and fill the benchmark database, or reuse what a previous run built."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench import database, dataset

    target = database.Target.from_url(settings.BENCH_DATABASE_URL)
    if args.rebuild and database.exists(target):
        database.drop(target)
    elif database.exists(target):
        stored = database.marker(target)
        if stored is not None and stored != dataset.VERSION:
            out(f"# dataset version {stored} is outdated (now {dataset.VERSION}); rebuilding")
            database.drop(target)
    if not database.exists(target):
        database.create(target)
    out(f"machine.postgresql: {database.server_version(target)}")

    call_command("migrate", interactive=False, verbosity=0)
    if database.marker(target) == dataset.VERSION and not dataset.is_empty():
        out("dataset.build: reused")
    else:
        if not dataset.is_empty():
            raise SystemExit(
                f"Database {target.name!r} holds data but no bench dataset marker; refusing to "
                "add synthetic rows. Point BENCH_DATABASE_URL at a database of its own, or "
                "run with --rebuild if this is a benchmark database."
            )
        started = time.perf_counter()
        dataset.build()
        database.set_marker(target, dataset.VERSION)
        out(f"dataset.build: {time.perf_counter() - started:.1f} s")
    connection.close()
    out(f"dataset.version: {dataset.VERSION}")
    for table, rows in dataset.counts().items():
        out(f"dataset.{table}: {rows} rows")


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    import django

    django.setup()
    # WhiteNoise warns once that collectstatic has not run; static files are not measured.
    warnings.filterwarnings("ignore", message="No directory at")

    from django.contrib.sessions.models import Session

    from bench.harness import Bench, BenchError, Options
    from bench.scenarios import SCENARIOS

    if args.list:
        for name, function in SCENARIOS.items():
            print(f"{name}: {(function.__doc__ or '').strip().splitlines()[0]}")
        return 0
    unknown = [name for name in args.only if name not in SCENARIOS]
    if unknown:
        print(f"Unknown scenario(s): {', '.join(unknown)}; see --list.", file=sys.stderr)
        return 2

    def out(line: str) -> None:
        print(line, flush=True)

    started = time.perf_counter()
    out(f"machine.cpus: {os.cpu_count()} cores")
    out(f"machine.memory: {_memory_gib():.1f} GiB")
    out(f"machine.python: {platform.python_version()}")
    out(f"machine.django: {django.get_version()}")
    _prepare_database(args, out)

    Session.objects.all().delete()  # logins of earlier runs
    bench = Bench(Options(runs=args.runs, warmup=args.warmup, explain=args.explain))
    out(f"bench.runs: {args.runs} requests")
    out(f"bench.warmup: {args.warmup} requests")
    for name, function in SCENARIOS.items():
        if args.only and name not in args.only:
            continue
        try:
            for figure in function(bench):
                out(figure.line())
        except (BenchError, Exception) as error:  # noqa: B014  (report and go on)
            out(f"# {name} failed: {type(error).__name__}: {error}")
            bench.warnings.append(f"{name}: {error}")
    out(f"bench.total: {time.perf_counter() - started:.1f} s")
    if bench.warnings:
        out(f"bench.warnings: {len(bench.warnings)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
