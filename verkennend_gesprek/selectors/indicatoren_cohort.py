"""The computation behind the indicators of function I (see ``selectors.indicatoren`` for the
definitions): one cohort per network and period, the requests made in it.

Two entry points share one computation, so the indicators page and the network board
(``verkennend_gesprek.indicators``) can never disagree:

- ``vg_indicators(network, start=…, end=…)``: one network, one period (the page);
- ``vg_indicators_batch(networks, ranges)``: many networks and periods at once (the board and
  the programme view). Both read the same four ``values()`` queries; the batch reads them
  once over every network and the whole span of the periods and groups the rows in Python,
  so its query count does not depend on the number of networks.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from mgn.formats import month_year
from mgn.stats import percentile, share
from networks.models import Network
from verkennend_gesprek.constants import (
    FOLLOW_UP_DAYS,
    GGZ_ROUTES,
    ROUTE_FIELDS,
    AdviesStatus,
    ParticipantRole,
    Route,
    Status,
)
from verkennend_gesprek.models import Advies, Deelnemer, Gesprek, VerkennendGesprek
from verkennend_gesprek.selectors.planning import WARNING, waiting_level

# Histogram bins for waiting days: (label, lowest, highest or None for "and more").
DAY_BINS = [
    ("0–7 dagen", 0, 7),
    ("8–14 dagen", 8, 14),
    ("15–21 dagen", 15, 21),
    ("22–28 dagen", 22, 28),
    ("meer dan 28 dagen", 29, None),
]


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return share(self.part, self.whole)

    @property
    def percent(self) -> int | None:
        value = self.value
        return None if value is None else round(value * 100)


@dataclass(frozen=True)
class Days:
    """Whole days per request, for a median, a 90th percentile and a histogram."""

    values: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return percentile(self.values, 50)

    @property
    def p90(self) -> float | None:
        return percentile(self.values, 90)

    def histogram(self) -> list[tuple[str, int]]:
        return [
            (label, sum(1 for v in self.values if low <= v and (high is None or v <= high)))
            for label, low, high in DAY_BINS
        ]


@dataclass(frozen=True)
class RouteCount:
    route: Route
    count: int
    share: Share

    @property
    def label(self) -> str:
        return self.route.label

    @property
    def is_headline(self) -> bool:
        return self.route == Route.GGZ_SPECIALISTISCH


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first of the month
    requests: int
    with_conversation: int

    @property
    def label(self) -> str:
        return month_year(self.month)


@dataclass(frozen=True)
class VgIndicators:
    network: Network
    start: date
    end: date
    today: date
    warning_days: int
    alarm_days: int
    requests: int
    cancelled: int
    held_conversations: int
    requests_with_conversation: int
    wait: Days  # R-VG-3: request -> first held conversation
    within_warning: Share
    within_alarm: Share
    followup: Days  # R-VG-7: held conversation -> start of the trajectory
    followup_within: Share
    ggz_takeover: Days  # R-VG-7: held conversation -> ggz takes over (ggz route only)
    ggz_takeover_within: Share
    ggz_takeover_overdue: int  # ggz route, no takeover recorded, past 4 weeks
    ervaringsdeskundige: Share  # R-VG-4
    naaste: Share
    adviezen: int
    routes: list[RouteCount] = field(default_factory=list)
    combination: Share = Share(0, 0)
    specialist_ggz: Share = Share(0, 0)  # R-VG-8 headline
    months: list[MonthCount] = field(default_factory=list)

    followup_days: int = FOLLOW_UP_DAYS


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes for [start 00:00, day after end 00:00) in the current time zone, so
    the range filter can use the index on requested_at."""
    zone = timezone.get_current_timezone()
    low = timezone.make_aware(datetime.combine(start, time.min), zone)
    high = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
    return low, high


def _share_in_level(done: list[int], pending: list[int], network: Network, ok: set[str]) -> Share:
    """R-VG-3 with the queue's definition (selectors.planning.level_for): a done wait
    counts when its level is in ``ok``; a pending one counts against once it has left it."""

    def level(days: int) -> str:
        return waiting_level(network, days)

    missed = sum(1 for days in pending if level(days) not in ok)
    return Share(sum(1 for days in done if level(days) in ok), len(done) + missed)


def _share_within(done: list[int], pending: list[int], limit: int) -> Share:
    """Done: days it took. Pending: days waited so far. A pending wait past the limit has
    missed it already; one inside the limit is not decided yet and is left out."""
    missed = sum(1 for days in pending if days > limit)
    return Share(sum(1 for days in done if days <= limit), len(done) + missed)


def _months(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


# Reading: four queries over a cohort queryset -------------------------------------------
@dataclass(frozen=True)
class CohortRows:
    requests: list[dict]  # id, network_id, requested_at, status, followup/takeover dates
    held: dict[int, list[date]]  # request id -> local dates of its held conversations
    present: dict[int, set[str]]  # request id -> roles (ED, naaste) present at a held one
    adviezen: dict[int, list[dict]]  # request id -> its definitive adviezen' route flags


def _read(cohort: QuerySet) -> CohortRows:
    requests = list(
        cohort.values(
            "id",
            "network_id",
            "requested_at",
            "status",
            "followup_started_on",
            "ggz_takeover_on",
        )
    )
    held: dict[int, list[date]] = defaultdict(list)
    for row in Gesprek.objects.filter(verkennend_gesprek__in=cohort.values("pk"), held=True).values(
        "verkennend_gesprek_id", "starts_at"
    ):
        held[row["verkennend_gesprek_id"]].append(timezone.localdate(row["starts_at"]))
    present: dict[int, set[str]] = defaultdict(set)
    for vg_id, role in (
        Deelnemer.objects.filter(
            gesprek__verkennend_gesprek__in=cohort.values("pk"),
            gesprek__held=True,
            present=True,
            role__in=[ParticipantRole.ERVARINGSDESKUNDIGE, ParticipantRole.NAASTE],
        )
        .values_list("gesprek__verkennend_gesprek_id", "role")
        .distinct()
    ):
        present[vg_id].add(role)
    adviezen: dict[int, list[dict]] = defaultdict(list)
    for row in Advies.objects.filter(
        verkennend_gesprek__in=cohort.values("pk"), status=AdviesStatus.DEFINITIEF
    ).values("verkennend_gesprek_id", *ROUTE_FIELDS.values()):
        adviezen[row["verkennend_gesprek_id"]].append(row)
    return CohortRows(requests, held, present, adviezen)


# Computing: one network, one period, from rows already read -----------------------------
def _compute(
    network: Network,
    *,
    start: date,
    end: date,
    today: date,
    requests: list[dict],
    rows: CohortRows,
) -> VgIndicators:
    """The figures of ``requests`` (this network's, made from ``start`` to ``end``)."""
    ids = {row["id"] for row in requests}
    held_count = sum(len(rows.held.get(i, ())) for i in ids)
    adviezen = [a for i in ids for a in rows.adviezen.get(i, ())]
    ggz_fields = [ROUTE_FIELDS[route] for route in GGZ_ROUTES]
    ggz_referred = {
        a["verkennend_gesprek_id"] for a in adviezen if any(a[name] for name in ggz_fields)
    }

    waits, waiting, followups, following, takeovers, taking_over = [], [], [], [], [], []
    months: Counter = Counter()
    months_seen: Counter = Counter()
    cancelled = 0
    for row in requests:
        requested_on = timezone.localdate(row["requested_at"])
        month = requested_on.replace(day=1)
        months[month] += 1
        days = rows.held.get(row["id"])
        if row["status"] == Status.GEANNULEERD and not days:
            cancelled += 1
            continue
        if not days:
            waiting.append((today - requested_on).days)
            continue
        months_seen[month] += 1
        waits.append(max(0, (min(days) - requested_on).days))
        last = max(days)
        if row["followup_started_on"]:
            followups.append(max(0, (row["followup_started_on"] - last).days))
        else:
            following.append((today - last).days)
        if row["id"] in ggz_referred:  # R-VG-7: the ggz takes over within 4 weeks
            if row["ggz_takeover_on"]:
                takeovers.append(max(0, (row["ggz_takeover_on"] - last).days))
            else:
                taking_over.append((today - last).days)

    with_conversation = len(waits)
    route_counts = {
        route: sum(1 for a in adviezen if a[field_name])
        for route, field_name in ROUTE_FIELDS.items()
    }
    n_adviezen = len(adviezen)
    return VgIndicators(
        network=network,
        start=start,
        end=end,
        today=today,
        warning_days=network.vg_warning_days,
        alarm_days=network.vg_alarm_days,
        requests=len(requests),
        cancelled=cancelled,
        held_conversations=held_count,
        requests_with_conversation=with_conversation,
        wait=Days(tuple(waits)),
        within_warning=_share_in_level(waits, waiting, network, {""}),
        within_alarm=_share_in_level(waits, waiting, network, {"", WARNING}),
        followup=Days(tuple(followups)),
        followup_within=_share_within(followups, following, FOLLOW_UP_DAYS),
        ggz_takeover=Days(tuple(takeovers)),
        ggz_takeover_within=_share_within(takeovers, taking_over, FOLLOW_UP_DAYS),
        ggz_takeover_overdue=sum(1 for days in taking_over if days > FOLLOW_UP_DAYS),
        ervaringsdeskundige=Share(
            sum(1 for i in ids if ParticipantRole.ERVARINGSDESKUNDIGE in rows.present.get(i, ())),
            with_conversation,
        ),
        naaste=Share(
            sum(1 for i in ids if ParticipantRole.NAASTE in rows.present.get(i, ())),
            with_conversation,
        ),
        adviezen=n_adviezen,
        routes=[RouteCount(r, c, Share(c, n_adviezen)) for r, c in route_counts.items()],
        combination=Share(
            sum(1 for a in adviezen if sum(bool(a[f]) for f in ROUTE_FIELDS.values()) > 1),
            n_adviezen,
        ),
        specialist_ggz=Share(route_counts[Route.GGZ_SPECIALISTISCH], n_adviezen),
        months=[MonthCount(m, months[m], months_seen[m]) for m in _months(start, end)],
    )


def vg_indicators(
    network: Network, *, start: date, end: date, today: date | None = None
) -> VgIndicators:
    """The indicators of the requests made from ``start`` to ``end`` (both included)."""
    today = today or timezone.localdate()
    low, high = _bounds(start, end)
    rows = _read(
        VerkennendGesprek.objects.filter(
            network=network, requested_at__gte=low, requested_at__lt=high
        )
    )
    return _compute(network, start=start, end=end, today=today, requests=rows.requests, rows=rows)


def vg_indicators_batch(
    networks: Sequence[Network],
    ranges: Sequence[tuple[date, date]],
    *,
    today: date | None = None,
) -> dict[tuple[int, int], VgIndicators]:
    """``vg_indicators`` for every network and every (start, end) range (both days
    included), keyed by (network id, range index): four queries in all, however many
    networks. Ranges may overlap (a year and its quarters); a request falls in each range
    its local request date lies in."""
    today = today or timezone.localdate()
    if not networks or not ranges:
        return {}
    low, high = _bounds(min(s for s, _e in ranges), max(e for _s, e in ranges))
    rows = _read(
        VerkennendGesprek.objects.filter(
            network__in=[n.pk for n in networks], requested_at__gte=low, requested_at__lt=high
        )
    )
    grouped: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in rows.requests:
        requested_on = timezone.localdate(row["requested_at"])
        for index, (start, end) in enumerate(ranges):
            if start <= requested_on <= end:
                grouped[(row["network_id"], index)].append(row)
    return {
        (network.pk, index): _compute(
            network,
            start=start,
            end=end,
            today=today,
            requests=grouped.get((network.pk, index), []),
            rows=rows,
        )
        for network in networks
        for index, (start, end) in enumerate(ranges)
    }
