"""The indicator board's scenarios (issue 15): the board of one network and the programme
view over every network of the national dataset, each against a bare baseline in the same
run, with their query counts.

Registered in ``bench.scenarios.SCENARIOS`` (imported at the end of that module). The
figures depend on the providers in ``settings.INDICATOR_PROVIDERS``: with none the pages
hold no indicator and the ratios show the pages' own overhead only.

- Real: the pages and the programme's API through the test client, as a logged-in user.
- Bare: the same figures without the views. The board: the network read in one query,
  ONE ``mgn.indicators.compute`` call and the cells joined into a string. The programme
  view: the stored figures (``IndicatorStand``) read in one query and joined. No template,
  no permission check, no menu.
- The nightly computation the programme view reads (``services.standen``), timed once,
  with each provider's time and query count over every network.
- Query counts: the programme view for the region with the fewest networks and the one
  with the most (and for all networks), and the board for two networks; a count that
  differs is a warning.
"""

import time
from collections.abc import Iterator

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.dataset import CAST
from bench.harness import Bench, Figure
from bench.scenarios import scenario
from mgn import indicators
from networks.models import IndicatorStand, Network, Region
from networks.selectors.bord import (
    TREND_QUARTERS,
    board_networks_for_user,
    last_complete_quarter,
)
from networks.services.standen import standen_compute


def _ok(response) -> None:
    if response.status_code != 200:
        raise AssertionError(f"status {response.status_code}")


def _queries(client, url: str) -> int:
    client.get(url)  # warm the session and the menu's caches
    with CaptureQueriesContext(connection) as captured:
        _ok(client.get(url))
    return len(captured.captured_queries)


def _bare_table(networks_qs, periods) -> str:
    networks = list(networks_qs)
    figures = indicators.compute(networks, periods)
    items = indicators.all_indicators()
    return "\n".join(
        ";".join(
            [n.name]
            + [
                indicators.display_shared(i, figures.get((n.pk, 0, i.key), indicators.NO_DATA))
                for i in items
            ]
        )
        for n in networks
    )


@scenario("bord_board")
def bord_board(bench: Bench) -> Iterator[Figure]:
    """The indicator board of one network (its coordinator), against the same figures
    computed bare: one compute over the four trend quarters."""
    user = bench.user(CAST.coordinator)
    # Two networks offering the same functions: a function more or less is a provider's
    # queries more or less, not a count that grows with data.
    mine = list(board_networks_for_user(user))
    offered = lambda n: tuple(p.section for p in indicators.providers_for(n))  # noqa: E731
    networks = next(
        ([a, b] for i, a in enumerate(mine) for b in mine[i + 1 :] if offered(a) == offered(b)),
        mine[:2],
    )
    client = bench.client(CAST.coordinator)
    network = networks[0]
    period = last_complete_quarter()
    url = reverse("networks:bord", args=[network.slug]) + f"?periode={period.key}"
    trend = indicators.quarters_until(period, TREND_QUARTERS)

    def bare() -> None:
        _bare_table(Network.objects.filter(pk=network.pk), trend)
        list(network.doelen.all())

    timing = bench.time_pair(lambda: _ok(client.get(url)), bare, runs=bench.options.runs)
    counts = [
        _queries(client, reverse("networks:bord", args=[n.slug]) + f"?periode={period.key}")
        for n in networks
    ]
    if len(set(counts)) > 1:
        bench.warn(f"bord_board: query counts differ per network: {counts}")
    yield Figure("bord_board.providers", len(indicators.providers()), "providers")
    yield Figure("bord_board.indicators", len(indicators.all_indicators()), "indicators")
    yield Figure("bord_board", timing.real_ms, "ms")
    yield Figure("bord_board.bare", timing.bare_ms, "ms")
    yield Figure("bord_board.ratio", timing.ratio, "x")
    yield Figure("bord_board.queries", counts[0], "queries")
    yield Figure("bord_board.queries_other_network", counts[-1], "queries")


@scenario("bord_programma")
def bord_programma(bench: Bench) -> Iterator[Figure]:
    """The programme view over every network of the dataset (the beheerder), page and API,
    against the stored figures read bare; the nightly computation they come from, per
    provider; the query count for one region against all."""
    client = bench.client(CAST.superuser)
    period = last_complete_quarter()
    page = reverse("networks:programma") + f"?periode={period.key}"
    api = reverse("programma-indicatoren") + f"?periode={period.key}"
    # The region with the fewest networks and the one with the most: their query counts
    # must be equal (the count of all networks is shown beside them).
    regions = list(
        Region.objects.annotate(n=Count("networks")).filter(n__gt=0).order_by("n", "code")
    )
    small, large = (regions[0], regions[-1]) if regions else (None, None)

    # The nightly computation the page reads (services.standen), timed once, and each
    # provider's share of it: the work a live page would do on every request.
    started = time.perf_counter()
    standen_compute(period=period)
    yield Figure("bord_programma.nightly_compute", (time.perf_counter() - started) * 1000, "ms")
    networks = list(Network.objects.all())
    for provider in indicators.providers():
        ids = [n.pk for n in networks if indicators.offers(n, provider)]
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            provider.compute(ids, [period])
        slug = provider.section.split()[0].lower()
        yield Figure(f"bord_programma.compute.{slug}", (time.perf_counter() - started) * 1000, "ms")
        yield Figure(
            f"bord_programma.compute.{slug}.queries", len(captured.captured_queries), "queries"
        )

    def bare() -> None:
        # The stored figures read in one query and joined: no view, template or permission.
        names = dict(Network.objects.values_list("pk", "name"))
        rows = IndicatorStand.objects.filter(period=period.key).values_list(
            "network_id", "indicator_key", "value", "basis"
        )
        "\n".join(f"{names[n]};{k};{v};{b}" for n, k, v, b in rows)

    figures = []
    for name, url in (("bord_programma", page), ("bord_programma_api", api)):
        timing = bench.time_pair(
            lambda url=url: _ok(client.get(url)), bare, runs=bench.options.runs
        )
        all_queries = _queries(client, url)
        figures += [
            Figure(name, timing.real_ms, "ms"),
            Figure(f"{name}.bare", timing.bare_ms, "ms"),
            Figure(f"{name}.ratio", timing.ratio, "x"),
            Figure(f"{name}.queries", all_queries, "queries"),
        ]
        if small is not None:
            few = _queries(client, f"{url}&regio={small.code}")
            many = _queries(client, f"{url}&regio={large.code}")
            if few != many:
                bench.warn(f"{name}: {few} queries for {small.n} networks, {many} for {large.n}")
            figures += [
                Figure(f"{name}.queries_smallest_region", few, "queries"),
                Figure(f"{name}.queries_largest_region", many, "queries"),
            ]
    yield Figure("bord_programma.networks", Network.objects.count(), "networks")
    if small is not None:
        yield Figure("bord_programma.networks_smallest_region", small.n, "networks")
        yield Figure("bord_programma.networks_largest_region", large.n, "networks")
    yield from figures
