"""A year of function I history for the demo network Veenland, so the network board shows a
trend over the last four quarters (issue 15). ``verkennend_gesprek.demo`` fills the current
weeks; this adds eight finished requests in each of the three quarters before the current
one, played through the same services (request, planning, attendance, advies, follow-up).

The figures move the way a network would want: conversations come sooner, and fewer
adviezen route to specialist ggz each quarter (R-VG-8's target). Persons are invented, with
RvIG-style test BSNs (R-PR-3) of their own. Idempotent: the requests carry idempotency
keys ("hist-<quarters back>-<n>"), so a second run adds nothing. Dates are relative to the
day of seeding; a step that would lie in the future is left out.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from stdnum.nl import bsn as stdnum_bsn

from mgn.indicators import Period, quarter_of, quarters_until
from networks.models import Network
from verkennend_gesprek import demo
from verkennend_gesprek.constants import DEMO_KEY_PREFIX, Route
from verkennend_gesprek.demo import AdviesPlan, Conversation, Person, Scenario

PER_QUARTER = 8
QUARTERS_BACK = (3, 2, 1)  # oldest first
FIRST_BSN = 999970000  # the wachttijden demo uses 99995…; these do not meet it

GIVEN = ["Sanne", "Jeroen", "Ilse", "Mohamed", "Petra", "Bram", "Nadia", "Kees"]
FAMILY = ["Veenstra", "Hoekstra", "Kramer", "Bosman", "Wolters", "Brouwer"]
PLACES = [("GM9901", "9901"), ("GM9902", "9902"), ("GM9903", "9901"), ("GM9904", "9903")]

SPEC, BASIS = Route.GGZ_SPECIALISTISCH, Route.GGZ_BASIS
# Per request of a quarter: days to the conversation (before the quarter's improvement),
# the routes of the advies, days from the conversation to the follow-up (None: not yet),
# and days to the ggz takeover (ggz routes only).
PLAN = [
    (4, [Route.SOCIALE_BASIS], 9, None),
    (6, [Route.BEGELEIDING_SD], 12, None),
    (8, [SPEC], 20, 18),
    (9, [Route.POH_GGZ], 14, None),
    (11, [BASIS, Route.BEGELEIDING_SD], 26, 24),
    (13, [SPEC], 34, 31),
    (15, [Route.GEEN_ZORG], 7, None),
    (18, [SPEC, Route.SOCIALE_BASIS], 21, 20),
]
# How many of the PLAN's specialist routes turn into basis-ggz, per quarters back: the
# share to specialist ggz falls from 3/8 to 2/8 to 1/8.
SPEC_KEPT = {3: 3, 2: 2, 1: 1}


def history_bsns(count: int) -> list[str]:
    found, number = [], FIRST_BSN
    while len(found) < count:
        candidate = f"{number:09d}"
        if stdnum_bsn.is_valid(candidate):
            found.append(candidate)
        number += 1
    return found


def _routes(routes: list[str], kept: int, seen: list[int]) -> list[str]:
    """The routes with specialist ggz kept for the first ``kept`` requests that have it."""
    if SPEC not in routes:
        return routes
    seen.append(1)
    if len(seen) <= kept:
        return routes
    return [BASIS if r == SPEC else r for r in routes]


def _scenarios(back: int, period: Period, today: date, bsns: list[str]) -> list[Scenario]:
    out, seen = [], []
    better = 3 - back  # later quarters: a day or two sooner
    for i, (wait, routes, followup, takeover) in enumerate(PLAN):
        requested = period.start + timedelta(days=3 + 10 * i)
        held = requested + timedelta(days=max(1, wait - better))
        if held >= today:
            continue
        routes = _routes(routes, SPEC_KEPT[back], seen)
        started = held + timedelta(days=followup)
        taken = held + timedelta(days=takeover) if takeover is not None else None
        if taken is not None and not {SPEC, BASIS} & set(routes):
            taken = None
        n = (back - 1) * PER_QUARTER + i
        place = PLACES[n % len(PLACES)]
        person = Person(
            0,
            GIVEN[n % len(GIVEN)],
            FAMILY[n % len(FAMILY)],
            f"{1960 + n}-0{1 + n % 9}-1{n % 10}",
            place[0],
            place[1],
            address=f"Demolaan {n + 1}, Veendam aan de Aa",
            bsn=bsns[n],
        )
        out.append(
            Scenario(
                f"hist-{back}-{i}",
                person,
                "Ik pieker veel en loop vast met werk en geld; ik weet niet waar ik moet beginnen.",
                ["geld", "werk"],
                (today - requested).days,
                conversations=[Conversation((today - held).days, colleagues=i % 2 == 1)],
                advies=AdviesPlan(
                    "Samen besproken wat nu het meeste helpt; de vervolgstappen staan hieronder.",
                    routes,
                    [
                        {
                            "who": "Wijkteam Veenland",
                            "what": "Eerste afspraak over de vervolgstappen",
                            "where": "Wijkcentrum De Schakel",
                            "when": "binnen 2 weken",
                        }
                    ],
                ),
                followup_days_ago=(today - started).days if started <= today else None,
                followup="Vervolg gestart" if started <= today else "",
                ggz_takeover_days_ago=(
                    (today - taken).days
                    if taken is not None and taken <= today and started <= today
                    else None
                ),
            )
        )
    return out


@transaction.atomic
def seed_demo() -> str | None:
    network = Network.objects.filter(slug=demo.NETWORK).first()
    if network is None:
        return None
    today = timezone.localdate()
    cast = demo._cast()
    quarters = quarters_until(quarter_of(today), 4)  # oldest first, the current one last
    bsns = history_bsns(PER_QUARTER * len(QUARTERS_BACK))
    made = 0
    for back in QUARTERS_BACK:
        for scenario in _scenarios(back, quarters[3 - back], today, bsns):
            made += demo._play(network, cast, scenario)
    total = network.verkennende_gesprekken.filter(
        idempotency_key__startswith=DEMO_KEY_PREFIX + "hist-"
    ).count()
    return f"{total} verkennende gesprekken in de vorige drie kwartalen ({made} nieuw)"
