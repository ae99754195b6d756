"""Measuring: figures, timed requests against a bare baseline, captured queries.

Every figure is one line ``name: value unit``. Timings are medians over ``runs``
requests after ``warmup`` requests; the real view and its bare baseline are
measured interleaved (A B, B A, A B, …) so that a noisy neighbour on a two-core
machine slows both alike and the ratio stays meaningful.
"""

import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mgn.accounts.models import User


class BenchError(Exception):
    """A request did not answer as expected; the figures would be meaningless."""


@dataclass(frozen=True)
class Figure:
    name: str
    value: float | int | str
    unit: str = ""

    def line(self) -> str:
        if isinstance(self.value, float):
            digits = 2 if self.unit == "x" or abs(self.value) < 10 else 1
            value = f"{self.value:.{digits}f}"
        else:
            value = str(self.value)
        return f"{self.name}: {value} {self.unit}".rstrip()


@dataclass(frozen=True)
class Call:
    """One request as one user; ``check`` looks at the response once, outside the timing.

    A GET by default. For a POST, ``body`` returns the JSON body and the headers of the
    next request (called once per request, so each can carry its own idempotency key)
    and ``status`` is the answer expected.
    """

    client: Client
    url: str
    check: Callable | None = None
    method: str = "get"
    body: Callable[[], tuple[dict, dict]] | None = None
    status: int = 200


@dataclass
class Options:
    runs: int = 30
    warmup: int = 5
    explain: bool = False


@dataclass
class Bench:
    """What a scenario gets: logged-in clients and the measuring helpers."""

    options: Options
    warnings: list[str] = field(default_factory=list)
    _clients: dict[str, Client] = field(default_factory=dict)
    _users: dict[str, User] = field(default_factory=dict)

    def user(self, email: str) -> User:
        if email not in self._users:
            self._users[email] = User.objects.get(email=email)
        return self._users[email]

    def client(self, email: str) -> Client:
        if email not in self._clients:
            client = Client()
            client.force_login(self.user(email))
            self._clients[email] = client
        return self._clients[email]

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        print(f"# warning: {message}", flush=True)

    # Measuring -------------------------------------------------------------------------
    def _get(self, call: Call):
        if call.method == "post":
            data, headers = call.body()
            response = call.client.post(
                call.url, json.dumps(data), content_type="application/json", headers=headers
            )
        else:
            response = call.client.get(call.url)
        if response.status_code != call.status:
            raise BenchError(
                f"{call.method.upper()} {call.url} answered {response.status_code}, "
                f"expected {call.status}: {response.content[:300]!r}"
            )
        return response

    def queries(self, call: Call) -> list[dict]:
        """The SQL of one request (not timed: capturing slows the cursor)."""
        with CaptureQueriesContext(connection) as captured:
            response = self._get(call)
        if call.check is not None:
            problem = call.check(response)
            if problem:
                self.warn(f"{call.method.upper()} {call.url}: {problem}")
        return captured.captured_queries

    def compare(
        self, name: str, real: Call, bare: Call, *, runs: int | None = None
    ) -> Iterator[Figure]:
        """Median ms of the real view and of its bare baseline, their ratio, query counts."""
        real_queries = self.queries(real)
        bare_queries = self.queries(bare)
        timing = self.time_pair(
            lambda: self._get(real), lambda: self._get(bare), runs=runs or self.options.runs
        )
        yield Figure(name, timing.real_ms, "ms")
        yield Figure(f"{name}.bare", timing.bare_ms, "ms")
        yield Figure(f"{name}.ratio", timing.ratio, "x")
        yield Figure(f"{name}.queries", len(real_queries), "queries")
        yield Figure(f"{name}.bare.queries", len(bare_queries), "queries")
        yield Figure(f"{name}.db", timing.real_db_ms, "ms")
        yield Figure(f"{name}.bare.db", timing.bare_db_ms, "ms")
        if self.options.explain:
            explain(name, real_queries)

    def time_pair(
        self,
        real: Callable[[], object],
        bare: Callable[[], object],
        *,
        runs: int,
        warmup: int | None = None,
        before: Callable[[], object] | None = None,
    ) -> "Timing":
        """Time two operations interleaved (real, bare, then bare, real, …) after a warm-up.

        ``before`` runs ahead of every real operation, outside the timing (to reset state).
        """
        for _ in range(self.options.warmup if warmup is None else warmup):
            if before:
                before()
            real()
            bare()
        gc.collect()
        real_ms, bare_ms, real_db, bare_db = [], [], _DbClock(), _DbClock()

        def timed(operation, clock, samples):
            if operation is real and before:
                _DbClock.active = None  # the reset's queries count for neither side
                before()
            clock.start_request()
            start = time.perf_counter_ns()
            operation()
            samples.append((time.perf_counter_ns() - start) / 1e6)

        with connection.execute_wrapper(real_db), connection.execute_wrapper(bare_db):
            for i in range(runs):
                pair = [(real, real_db, real_ms), (bare, bare_db, bare_ms)]
                for operation, clock, samples in pair[::-1] if i % 2 else pair:
                    timed(operation, clock, samples)
        _DbClock.active = None
        return Timing(
            statistics.median(real_ms),
            statistics.median(bare_ms),
            real_db.median(),
            bare_db.median(),
            runs,
        )


@dataclass(frozen=True)
class Timing:
    real_ms: float
    bare_ms: float
    real_db_ms: float
    bare_db_ms: float
    runs: int

    @property
    def ratio(self) -> float:
        return self.real_ms / self.bare_ms


class _DbClock:
    """An execute wrapper summing the time spent in the database per timed request.

    Both sides' clocks wrap every query; only the clock whose request is running
    (``start_request``) counts, so each side gets its own per-request totals.
    """

    active: "_DbClock | None" = None

    def __init__(self):
        self.totals: list[float] = []

    def start_request(self) -> None:
        _DbClock.active = self
        self.totals.append(0.0)

    def __call__(self, execute, sql, params, many, context):
        if _DbClock.active is not self:
            return execute(sql, params, many, context)
        start = time.perf_counter_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            self.totals[-1] += (time.perf_counter_ns() - start) / 1e6

    def median(self) -> float:
        return statistics.median(self.totals) if self.totals else 0.0


def explain(name: str, queries: list[dict]) -> None:
    """Print each query of one request with PostgreSQL's plan, as comment lines."""
    with connection.cursor() as cursor:
        for number, query in enumerate(queries, 1):
            sql = query["sql"]
            print(f"# {name} query {number}: {sql}")
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            for (row,) in cursor.fetchall():
                print(f"#     {row}")
    sys.stdout.flush()
