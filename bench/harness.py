"""Measuring: figures, timed requests against a bare baseline, captured queries.

Every figure is one line ``name: value unit``. Timings are medians over ``runs``
requests after ``warmup`` requests; the real view and its bare baseline are
measured interleaved (A B, B A, A B, …) so that a noisy neighbour on a two-core
machine slows both alike and the ratio stays meaningful.
"""

import gc
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
    """One GET as one user; ``check`` looks at the response once, outside the timing."""

    client: Client
    url: str
    check: Callable | None = None


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
        response = call.client.get(call.url)
        if response.status_code != 200:
            raise BenchError(f"GET {call.url} answered {response.status_code}, expected 200.")
        return response

    def _timed(self, call: Call, db: "_DbClock") -> float:
        db.start_request()
        start = time.perf_counter_ns()
        self._get(call)
        return (time.perf_counter_ns() - start) / 1e6

    def queries(self, call: Call) -> list[dict]:
        """The SQL of one request (not timed: capturing slows the cursor)."""
        with CaptureQueriesContext(connection) as captured:
            response = self._get(call)
        if call.check is not None:
            problem = call.check(response)
            if problem:
                self.warn(f"GET {call.url}: {problem}")
        return captured.captured_queries

    def compare(self, name: str, real: Call, bare: Call) -> Iterator[Figure]:
        """Median ms of the real view and of its bare baseline, their ratio, query counts."""
        real_queries = self.queries(real)
        bare_queries = self.queries(bare)
        for _ in range(self.options.warmup):
            self._get(real)
            self._get(bare)
        gc.collect()
        real_ms, bare_ms, real_db, bare_db = [], [], _DbClock(), _DbClock()
        with connection.execute_wrapper(real_db), connection.execute_wrapper(bare_db):
            for i in range(self.options.runs):
                if i % 2:
                    bare_ms.append(self._timed(bare, bare_db))
                    real_ms.append(self._timed(real, real_db))
                else:
                    real_ms.append(self._timed(real, real_db))
                    bare_ms.append(self._timed(bare, bare_db))
        _DbClock.active = None
        real_median = statistics.median(real_ms)
        bare_median = statistics.median(bare_ms)
        yield Figure(name, real_median, "ms")
        yield Figure(f"{name}.bare", bare_median, "ms")
        yield Figure(f"{name}.ratio", real_median / bare_median, "x")
        yield Figure(f"{name}.queries", len(real_queries), "queries")
        yield Figure(f"{name}.bare.queries", len(bare_queries), "queries")
        yield Figure(f"{name}.db", real_db.median(), "ms")
        yield Figure(f"{name}.bare.db", bare_db.median(), "ms")
        if self.options.explain:
            explain(name, real_queries)


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
