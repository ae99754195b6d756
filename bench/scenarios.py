"""The scenarios. Each is a generator of figures, registered under a name.

To add one (later issues do): write ``@scenario("name")`` over a function taking a
``Bench`` and yielding ``Figure``s, usually through ``bench.compare(name, real, bare)``
with a bare view in ``bench/baseline.py``; if it needs more data, extend
``bench/dataset.py`` and bump ``dataset.VERSION`` so stored datasets are rebuilt.
"""

import json
from collections.abc import Callable, Iterator

from django.conf import settings
from django.urls import reverse

from bench.dataset import CAST
from bench.harness import Bench, Call, Figure
from networks import selectors

SCENARIOS: dict[str, Callable[[Bench], Iterator[Figure]]] = {}

# The page size of the network list view (networks.views.network_list).
PAGE_SIZE = 25


def scenario(name: str):
    def register(function):
        SCENARIOS[name] = function
        return function

    return register


def _visible(user, limit: int):
    """The first page of rows the real view shows this user, by the same selector."""
    return list(selectors.network_list_for_user(user)[:limit])


def _api_page_size() -> int:
    return settings.REST_FRAMEWORK["PAGE_SIZE"]


def _bare_url(name: str, networks) -> str:
    return f"{reverse(name)}?ids={','.join(str(n.pk) for n in networks)}"


def _page_check(networks):
    def check(response):
        html = response.content.decode()
        missing = [n.name for n in networks if n.name not in html]
        if missing:
            return f"{len(missing)} of {len(networks)} expected networks not on the page"
        return None

    return check


def _api_check(networks):
    def check(response):
        results = json.loads(response.content)["results"]
        if {row["id"] for row in results} != {n.pk for n in networks}:
            return f"API returned {len(results)} rows, expected {len(networks)} (other ids)"
        return None

    return check


def _page_calls(bench: Bench, email: str) -> tuple[Call, Call]:
    client = bench.client(email)
    networks = _visible(bench.user(email), PAGE_SIZE)
    real = Call(client, reverse("networks:network_list"), _page_check(networks))
    bare = Call(client, _bare_url("bench-bare-network-list", networks), _page_check(networks))
    return real, bare


def _api_calls(bench: Bench, email: str) -> tuple[Call, Call]:
    client = bench.client(email)
    networks = _visible(bench.user(email), _api_page_size())
    real = Call(client, "/api/v1/networks/", _api_check(networks))
    bare = Call(client, _bare_url("bench-bare-network-api", networks), _api_check(networks))
    return real, bare


@scenario("network_list_page")
def network_list_page(bench: Bench) -> Iterator[Figure]:
    """GET /netwerken/ as a coordinator of 3 networks, against a bare page of the same rows."""
    yield from bench.compare("network_list_page", *_page_calls(bench, CAST.coordinator))


@scenario("api_network_list")
def api_network_list(bench: Bench) -> Iterator[Figure]:
    """GET /api/v1/networks/ as the same coordinator, against a bare JSON view."""
    yield from bench.compare("api_network_list", *_api_calls(bench, CAST.coordinator))


SCALING_CAST = [
    ("member", CAST.member),  # 1 network
    ("coordinator", CAST.coordinator),  # 3 networks
    ("insurer", CAST.insurer),  # 100 networks through object permissions
    ("superuser", CAST.superuser),  # all networks, no permission filter
]


@scenario("network_list_scaling")
def network_list_scaling(bench: Bench) -> Iterator[Figure]:
    """The same lists for users who see 1, 3, 100 and all networks: queries must not grow.

    ``query_spread`` compares the users behind the permission filter (1, 3 and 100
    networks); the superuser skips that filter and the role lookup, so may need fewer.
    """
    for kind, calls in (("page", _page_calls), ("api", _api_calls)):
        counts = []
        for label, email in SCALING_CAST:
            name = f"network_list_scaling.{kind}.{label}"
            for figure in bench.compare(name, *calls(bench, email)):
                if figure.name == f"{name}.queries" and label != "superuser":
                    counts.append(figure.value)
                if figure.name in {name, f"{name}.ratio", f"{name}.queries", f"{name}.db"}:
                    yield figure
        yield Figure(
            f"network_list_scaling.{kind}.query_spread", max(counts) - min(counts), "queries"
        )
