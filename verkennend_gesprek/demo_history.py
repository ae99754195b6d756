"""A year of function I history for the demo networks, so the network board shows a trend
over the last four quarters and the programme view compares two networks (issue 15).
``verkennend_gesprek.demo`` fills Veenland's current weeks; this adds finished requests in
each of the three quarters before the current one, played through the same services
(request, planning, attendance, advies, follow-up):

- Veenland: twelve a quarter. Conversations come sooner, and fewer adviezen route to
  specialist ggz each quarter (R-VG-8's target).
- Rivierenland (made by ``networks.demo_programma``, when it exists): ten a quarter, with
  longer waits that do not shorten, more POH-ggz and sociale basis, and a specialist-ggz
  share that does not fall. Its huisarts, ggz and SD professional are that seeder's.

Persons are invented, with RvIG-style test BSNs (R-PR-3) of their own per network; all
counts of a quarter stay above the programme view's small-count suppression (1–9).
Idempotent: the requests carry idempotency keys ("hist-<quarters back>-<n>"), so a second
run adds nothing. Dates are relative to the day of seeding; a step that would lie in the
future is left out.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from stdnum.nl import bsn as stdnum_bsn

from mgn.indicators import Period, quarter_of, quarters_until
from networks.models import Network, Professional
from verkennend_gesprek import demo
from verkennend_gesprek.constants import DEMO_KEY_PREFIX, Route
from verkennend_gesprek.demo import AdviesPlan, Conversation, Person, Scenario

QUARTERS_BACK = (3, 2, 1)  # oldest first
FIRST_BSN = 999970000  # the wachttijden demo uses 99995… and 99996…; these do not meet it

SPEC, BASIS = Route.GGZ_SPECIALISTISCH, Route.GGZ_BASIS
POH, SOC, BEG, GEEN = Route.POH_GGZ, Route.SOCIALE_BASIS, Route.BEGELEIDING_SD, Route.GEEN_ZORG


@dataclass(frozen=True)
class History:
    """One network's history. ``plan``: per request of a quarter, the days to the
    conversation, the routes of the advies, the days from the conversation to the follow-up
    and the days to the ggz takeover (ggz routes only, else None). ``spec_kept``: per
    quarters back, how many of the plan's specialist routes stay specialist (the rest turn
    into basis-ggz)."""

    network: str
    plan: list[tuple[int, list[str], int, int | None]]
    spec_kept: dict[int, int]
    first_bsn: int
    given: list[str]
    family: list[str]
    places: list[tuple[str, str]]  # (CBS code of a gemeente, UZOVI of an insurer)
    address: str  # "{n}" is the house number
    team: str
    location: str
    spacing: int  # days between two requests of a quarter
    sooner: bool  # later quarters: the conversation a day or two sooner


VEENLAND = History(
    network=demo.NETWORK,
    plan=[
        (4, [SOC], 9, None),
        (6, [BEG], 12, None),
        (8, [SPEC], 20, 18),
        (5, [SOC, POH], 10, None),
        (9, [POH], 14, None),
        (11, [BASIS, BEG], 26, 24),
        (13, [SPEC], 34, 31),
        (7, [SPEC, BEG], 16, 15),
        (15, [GEEN], 7, None),
        (10, [BEG], 18, None),
        (18, [SPEC, SOC], 21, 20),
        (12, [POH, SOC], 12, None),
    ],
    # The share to specialist ggz falls from 4/12 to 3/12 to 1/12.
    spec_kept={3: 4, 2: 3, 1: 1},
    first_bsn=FIRST_BSN,
    given=["Sanne", "Jeroen", "Ilse", "Mohamed", "Petra", "Bram", "Nadia", "Kees"],
    family=["Veenstra", "Hoekstra", "Kramer", "Bosman", "Wolters", "Brouwer"],
    places=[("GM9901", "9901"), ("GM9902", "9902"), ("GM9903", "9901"), ("GM9904", "9903")],
    address="Demolaan {n}, Veendam aan de Aa",
    team="Wijkteam Veenland",
    location=demo.LOCATION,
    spacing=7,
    sooner=True,
)

RIVIERENLAND = History(
    network="rivierenland",
    plan=[
        (12, [POH], 10, None),
        (16, [SOC], 8, None),
        (9, [SPEC], 28, 27),
        (21, [POH, SOC], 14, None),
        (14, [BASIS], 30, 29),
        (11, [BEG, SOC], 12, None),
        (19, [SPEC, BEG], 35, 33),
        (8, [GEEN], 6, None),
        (17, [POH], 11, None),
        (13, [BASIS, SOC], 24, 22),
    ],
    # Specialist ggz stays at 2/10, then rises to 3/10 (one basis turns specialist).
    spec_kept={3: 2, 2: 2, 1: 2},
    first_bsn=999975000,
    given=["Marloes", "Youssef", "Gerrit", "Lisa", "Hanneke", "Tim", "Fenna", "Arjen"],
    family=["van Gelder", "Rijnders", "de Waal", "Uiterwijk", "Dijkman", "Bakker", "Lingen"],
    places=[("GM9801", "9901"), ("GM9802", "9903"), ("GM9803", "9902"), ("GM9804", "9901")],
    address="Dijkweg {n}, Waaldorp",
    team="Welzijn Rivierenland",
    location="Dorpshuis De Kribbe, Waalkade 3, Waaldorp",
    spacing=8,
    sooner=False,
)
# Rivierenland's cast: the logins networks.demo_programma makes.
RIVIERENLAND_CAST = (
    "huisarts.rivierenland@demo.mgn.nl",
    "ggz.rivierenland@demo.mgn.nl",
    "sociaaldomein.rivierenland@demo.mgn.nl",
)
HISTORIES = [VEENLAND, RIVIERENLAND]
# Rivierenland's last quarter: one basis-ggz advies goes to specialist ggz instead.
RISING = {("rivierenland", 1): 1}


def history_bsns(count: int, start: int = FIRST_BSN) -> list[str]:
    found, number = [], start
    while len(found) < count:
        candidate = f"{number:09d}"
        if stdnum_bsn.is_valid(candidate):
            found.append(candidate)
        number += 1
    return found


def _routes(routes: list[str], kept: int, seen: list[str], raised: int) -> list[str]:
    """Specialist ggz kept for the first ``kept`` requests that have it; the first
    ``raised`` basis-ggz requests turned specialist."""
    if SPEC in routes:
        seen.append(SPEC)
        if seen.count(SPEC) <= kept:
            return routes
        return [BASIS if r == SPEC else r for r in routes]
    if BASIS in routes:
        seen.append(BASIS)
        if seen.count(BASIS) <= raised:
            return [SPEC if r == BASIS else r for r in routes]
    return routes


def _scenarios(
    history: History, back: int, period: Period, today: date, bsns: list[str]
) -> list[Scenario]:
    out, seen = [], []
    better = 3 - back if history.sooner else 0
    per_quarter = len(history.plan)
    raised = RISING.get((history.network, back), 0)
    for i, (wait, routes, followup, takeover) in enumerate(history.plan):
        requested = period.start + timedelta(days=3 + history.spacing * i)
        held = requested + timedelta(days=max(1, wait - better))
        if held >= today:
            continue
        routes = _routes(routes, history.spec_kept[back], seen, raised)
        started = held + timedelta(days=followup)
        taken = held + timedelta(days=takeover) if takeover is not None else None
        if taken is not None and not {SPEC, BASIS} & set(routes):
            taken = None
        n = (back - 1) * per_quarter + i
        place = history.places[n % len(history.places)]
        person = Person(
            0,
            history.given[n % len(history.given)],
            history.family[n % len(history.family)],
            f"{1960 + n}-0{1 + n % 9}-1{n % 10}",
            place[0],
            place[1],
            address=history.address.format(n=n + 1),
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
                            "who": history.team,
                            "what": "Eerste afspraak over de vervolgstappen",
                            "where": history.location.split(",")[0],
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
                location=history.location,
            )
        )
    return out


def _cast(history: History) -> demo._Cast | None:
    if history is VEENLAND:
        return demo._cast()
    found = {
        p.user.email: p
        for p in Professional.objects.filter(user__email__in=RIVIERENLAND_CAST).select_related(
            "user"
        )
    }
    if len(found) < len(RIVIERENLAND_CAST):
        return None
    huisarts, ggz, sd = (found[email] for email in RIVIERENLAND_CAST)
    # No colleagues without a login nor an ervaringsdeskundige here: the same two sit.
    return demo._Cast(huisarts, ggz, sd, None, ggz, sd)


def _seed(history: History, today: date) -> tuple[int, int] | None:
    network = Network.objects.filter(slug=history.network).first()
    if network is None:
        return None
    cast = _cast(history)
    if cast is None:
        return None
    quarters = quarters_until(quarter_of(today), 4)  # oldest first, the current one last
    bsns = history_bsns(len(history.plan) * len(QUARTERS_BACK), start=history.first_bsn)
    made = 0
    for back in QUARTERS_BACK:
        for scenario in _scenarios(history, back, quarters[3 - back], today, bsns):
            made += demo._play(network, cast, scenario)
    total = network.verkennende_gesprekken.filter(
        idempotency_key__startswith=DEMO_KEY_PREFIX + "hist-"
    ).count()
    return total, made


@transaction.atomic
def seed_demo() -> str | None:
    today = timezone.localdate()
    parts, made = [], 0
    for history in HISTORIES:
        seeded = _seed(history, today)
        if seeded is not None:
            parts.append(f"{history.network} {seeded[0]}")
            made += seeded[1]
    if not parts:
        return None
    return f"verkennende gesprekken in de vorige drie kwartalen: {', '.join(parts)} ({made} nieuw)"
