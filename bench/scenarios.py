"""The scenarios. Each is a generator of figures, registered under a name.

To add one (later issues do): write ``@scenario("name")`` over a function taking a
``Bench`` and yielding ``Figure``s, usually through ``bench.compare(name, real, bare)``
with a bare view in ``bench/baseline.py``; if it needs more data, extend
``bench/dataset.py`` and bump ``dataset.VERSION`` so stored datasets are rebuilt.
"""

import itertools
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bench.dataset import CAST
from bench.harness import Bench, Call, Figure
from mgn.jobs.constants import JobStatus
from networks.selectors.netwerken import network_list_for_user
from verkennend_gesprek.models import AdviesBrief, Persoon, VerkennendGesprek

SCENARIOS: dict[str, Callable[[Bench], Iterator[Figure]]] = {}

# The page size of the network list view (networks.views.netwerken.network_list).
PAGE_SIZE = 25


def scenario(name: str):
    def register(function):
        SCENARIOS[name] = function
        return function

    return register


def _visible(user, limit: int):
    """The first page of rows the real view shows this user, by the same selector."""
    return list(network_list_for_user(user)[:limit])


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


# Function I ---------------------------------------------------------------------------
LETTER_RUNS = 15  # a render takes a few hundred ms; 15 a side keeps the run short
CREATE_RUNS = 500  # requests a side at least: enough rows for a stable median and throughput


def _letter_brief() -> AdviesBrief:
    return AdviesBrief.objects.get(
        advies__verkennend_gesprek__persoon__bsn=CAST.letter_reference_bsn
    )


@scenario("advice_letter")
def advice_letter(bench: Bench) -> Iterator[Figure]:
    """The advice letter: services/brief.py's render path for one definitive advies, against a bare
    WeasyPrint render of the same HTML.

    ``advice_letter`` is what the task renders: the letter's data from the database
    (``brief_data``) and ``brief_render_pdf`` (template, then WeasyPrint). The bare side
    renders the template to HTML once, before timing, and times only
    ``weasyprint.HTML(string=html, base_url=…).write_pdf()``. ``advice_letter.task`` is the
    whole service ``brief_render`` (also storing the file, its checksum and the e-mail),
    made to render again each time.
    """
    from weasyprint import HTML  # noqa: TID251 - the bench's own bare baseline

    from mgn.pdf import static_base_url
    from verkennend_gesprek.services.brief import (
        TEMPLATE,
        brief_data,
        brief_render,
        brief_render_pdf,
    )

    brief = _letter_brief()
    with translation.override("nl"):
        html = render_to_string(TEMPLATE, {"letter": brief_data(brief)})
    base_url = static_base_url()
    runs = min(bench.options.runs, LETTER_RUNS)

    def real() -> bytes:
        return brief_render_pdf(brief_data(AdviesBrief.objects.get(pk=brief.pk)))

    def bare() -> bytes:
        return HTML(string=html, base_url=base_url).write_pdf()

    real_pdf, bare_pdf = real(), bare()
    if real_pdf != bare_pdf:
        bench.warn("advice_letter: the real and the bare render differ; not the same document")
    timing = bench.time_pair(real, bare, runs=runs, warmup=min(bench.options.warmup, 2))
    yield Figure("advice_letter", timing.real_ms, "ms")
    yield Figure("advice_letter.bare", timing.bare_ms, "ms")
    yield Figure("advice_letter.ratio", timing.ratio, "x")
    yield Figure("advice_letter.db", timing.real_db_ms, "ms")
    yield Figure("advice_letter.bytes", len(real_pdf), "bytes")
    yield Figure("advice_letter.html_chars", len(html), "chars")

    def reset() -> None:
        AdviesBrief.objects.filter(pk=brief.pk).update(status=JobStatus.WACHTRIJ)

    def task() -> None:
        done = brief_render(brief_id=brief.pk)
        if done.status != JobStatus.KLAAR:
            raise RuntimeError(f"brief_render left the letter {done.status}")

    timing = bench.time_pair(task, bare, runs=runs, warmup=1, before=reset)
    yield Figure("advice_letter.task", timing.real_ms, "ms")
    yield Figure("advice_letter.task.ratio", timing.ratio, "x")
    yield Figure("advice_letter.task.db", timing.real_db_ms, "ms")


@contextmanager
def _tasks_enqueued():
    """Tasks go to the (in-memory) broker instead of running in the request, as they do in
    production with Redis: the request pays for enqueueing, not for the e-mail."""
    from mgn.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    quiet = logging.getLogger("kombu.connection")  # "no hostname" for the memory transport
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
        app.control.purge()
        quiet.setLevel(level)


def _request_body(vg: VerkennendGesprek) -> dict:
    persoon = vg.persoon
    return {
        "network": vg.network.slug,
        "huisarts_agb": vg.huisarts_agb,
        "persoon": {
            "bsn": persoon.bsn,
            "given_name": persoon.given_name,
            "family_name_prefix": persoon.family_name_prefix,
            "family_name": persoon.family_name,
            "date_of_birth": persoon.date_of_birth.isoformat(),
            "gemeente": persoon.gemeente.cbs_code,
            "address": persoon.address,
            "phone": persoon.phone,
            "email": persoon.email,
            "insurer_uzovi": persoon.insurer.uzovi,
            "policy_number": persoon.policy_number,
        },
        "hulpvraag": vg.hulpvraag,
        "psychische_klachten": True,
        "life_domains": vg.life_domains,
        "expertise": vg.expertise,
        "naaste_komt": vg.naaste_komt,
        "urgency": vg.urgency,
        "consent": True,
    }


@scenario("api_vg_create")
def api_vg_create(bench: Bench) -> Iterator[Figure]:
    """POST /api/v1/verkennende-gesprekken/ with a HIS token and a new idempotency key each
    time, against a bare DRF view with the same body and writes (see baseline.py).

    At least 500 requests a side. The requests made here are removed afterwards (their
    access log entries stay: the log is append-only).
    """
    reference = VerkennendGesprek.objects.select_related(
        "network", "persoon__gemeente", "persoon__insurer"
    ).get(persoon__bsn=CAST.letter_reference_bsn)
    body = _request_body(reference)
    run = f"bench-{uuid.uuid4().hex[:10]}-"
    numbers = itertools.count()
    # One open request per person: every call asks for a person the network has no
    # request for yet (a test BSN of its own), so each one makes a request.
    from bench.scenarios_wachttijden import rvig_test_bsns

    known = set(Persoon.objects.filter(network=reference.network).values_list("bsn", flat=True))
    fresh = iter([b for b in rvig_test_bsns() if b not in known])

    def next_body() -> tuple[dict, dict]:
        return {**body, "persoon": {**body["persoon"], "bsn": next(fresh)}}, {
            "Authorization": f"Token {CAST.api_key}",
            "Idempotency-Key": f"{run}{next(numbers)}",
        }

    def check(response):
        data = json.loads(response.content)
        if data.get("status") != "aangevraagd" or not data["persoon"].get("bsn"):
            return f"unexpected answer {str(data)[:200]}"
        return None

    client = Client()  # no session: the token authenticates
    ids = (
        f"network={reference.network_id}&persoon={reference.persoon_id}"
        f"&huisarts={reference.huisarts_id}&practice={reference.practice_id}"
    )
    real = Call(client, reverse("verkennend-gesprek-list"), check, "post", next_body, 201)
    bare = Call(client, f"{reverse('bench-bare-vg-create')}?{ids}", None, "post", next_body, 201)
    runs = max(bench.options.runs, CREATE_RUNS)
    try:
        with _tasks_enqueued():
            figures = list(bench.compare("api_vg_create", real, bare, runs=runs))
    finally:
        made = VerkennendGesprek.objects.filter(idempotency_key__startswith=run)
        personen = list(made.values_list("persoon_id", flat=True))
        made.delete()
        Persoon.objects.filter(pk__in=personen).delete()
    yield from figures
    values = {f.name: f.value for f in figures}
    real_ms, bare_ms = values["api_vg_create"], values["api_vg_create.bare"]
    yield Figure("api_vg_create.runs", runs, "requests")
    yield Figure("api_vg_create.throughput", 1000 / real_ms, "req/s")
    yield Figure("api_vg_create.bare.throughput", 1000 / bare_ms, "req/s")
    yield Figure("api_vg_create.throughput_ratio", bare_ms / real_ms, "x")


# Function III's, bekostiging's, the access log's, the transfer matcher's and the indicator
# board's scenarios register themselves in SCENARIOS (they import ``scenario``).
from bench import (  # noqa: E402, F401
    scenarios_audit,
    scenarios_bekostiging,
    scenarios_bord,
    scenarios_transfer,
    scenarios_wachttijden,
)
