"""Indicators of function I for one network over a period: aggregates only, no person data.

One cohort for every figure: the requests made in the period (first to last day, both
included). So the figures add up, and a coordinator can check each one by hand:

- R-VG-3: days from request to the first held conversation (median, 90th percentile) and
  the share seen within the network's warning and alarm thresholds (default 7 and 14 days),
  with the planning queue's definition (selectors.planning.level_for: in time while the
  days are at most the threshold).
  A request still without a conversation counts against the share once its wait has passed
  the threshold; one that is still inside it is not counted yet.
- R-VG-7: days from the (last) held conversation to the start of the follow-up trajectory,
  and the share started within 4 weeks; the same rule for trajectories not started yet.
  For an advies with a ggz route also the days to the ggz takeover of treatment
  responsibility, its share within 4 weeks, and how many are overdue (past 4 weeks
  without a recorded takeover).
- R-VG-4: the share of requests with a held conversation where an ervaringsdeskundige, or a
  naaste, was present.
- R-VG-8: the outcome routes of the definitive adviezen; an advies may combine routes, so
  shares are of adviezen and need not add up to 100 %. Specialist ggz is the headline.

Four ``values()`` queries, whatever the number of requests.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from mgn import charts as charts_base
from mgn.charts import BarChart, Column, ColumnChart, Tick
from mgn.formats import count, month_short, month_year, percent
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


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months up to and including today."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + timedelta(days=1), today


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


def vg_indicators(
    network: Network, *, start: date, end: date, today: date | None = None
) -> VgIndicators:
    """The indicators of the requests made from ``start`` to ``end`` (both included)."""
    today = today or timezone.localdate()
    low, high = _bounds(start, end)
    cohort = VerkennendGesprek.objects.filter(
        network=network, requested_at__gte=low, requested_at__lt=high
    )
    requests = list(
        cohort.values("id", "requested_at", "status", "followup_started_on", "ggz_takeover_on")
    )
    held_rows = list(
        Gesprek.objects.filter(verkennend_gesprek__in=cohort.values("pk"), held=True).values(
            "verkennend_gesprek_id", "starts_at"
        )
    )
    present = set(
        Deelnemer.objects.filter(
            gesprek__verkennend_gesprek__in=cohort.values("pk"),
            gesprek__held=True,
            present=True,
            role__in=[ParticipantRole.ERVARINGSDESKUNDIGE, ParticipantRole.NAASTE],
        )
        .values_list("gesprek__verkennend_gesprek_id", "role")
        .distinct()
    )
    adviezen = list(
        Advies.objects.filter(
            verkennend_gesprek__in=cohort.values("pk"), status=AdviesStatus.DEFINITIEF
        ).values("verkennend_gesprek_id", *ROUTE_FIELDS.values())
    )
    ggz_fields = [ROUTE_FIELDS[route] for route in GGZ_ROUTES]
    ggz_referred = {
        a["verkennend_gesprek_id"] for a in adviezen if any(a[name] for name in ggz_fields)
    }

    held_days: dict[int, list[date]] = defaultdict(list)
    for row in held_rows:
        held_days[row["verkennend_gesprek_id"]].append(timezone.localdate(row["starts_at"]))

    waits, waiting, followups, following, takeovers, taking_over = [], [], [], [], [], []
    months: Counter = Counter()
    months_seen: Counter = Counter()
    cancelled = 0
    for row in requests:
        requested_on = timezone.localdate(row["requested_at"])
        month = requested_on.replace(day=1)
        months[month] += 1
        days = held_days.get(row["id"])
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
        held_conversations=len(held_rows),
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
            sum(1 for _id, role in present if role == ParticipantRole.ERVARINGSDESKUNDIGE),
            with_conversation,
        ),
        naaste=Share(
            sum(1 for _id, role in present if role == ParticipantRole.NAASTE), with_conversation
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


# Charts: server-rendered SVG (no JavaScript, no CDN). Every number is also in a table. -----
CHART_WIDTH = 640  # the month columns
BAR_CHART_WIDTH = 420  # horizontal bars: narrow enough for half a page
PLOT_WIDTH = 340  # the rest of a bar's row holds the value after it
ROW_HEIGHT = 48  # label line, bar, gap
COLUMN_PLOT_HEIGHT = 150
COLUMN_TOP = 22
COLUMN_AXIS = 36  # room under the columns for month and year


def _percent(s: Share) -> str:
    return percent(s.percent)


def bar_chart(title: str, rows: list[tuple[str, float, str]], *, scale: float | None = None):
    return charts_base.bar_chart(
        title,
        rows,
        scale=scale,
        width=BAR_CHART_WIDTH,
        plot_width=PLOT_WIDTH,
        row_height=ROW_HEIGHT,
    )


def month_chart(ind: VgIndicators) -> ColumnChart:
    """Per month two columns: the requests, and of those the ones that had a conversation."""
    n = max(len(ind.months), 1)
    slot = CHART_WIDTH / n
    column = round(min(18.0, slot * 0.38), 1)
    top = max((m.requests for m in ind.months), default=0) or 1
    every = -(-n // 13)  # at most 13 month labels
    columns, ticks, summary = [], [], []
    base = COLUMN_TOP + COLUMN_PLOT_HEIGHT
    for i, m in enumerate(ind.months):
        middle = slot * i + slot / 2
        for value, x, alt in (
            (m.requests, middle - column - 1, False),
            (m.with_conversation, middle + 1, True),
        ):
            height = round(COLUMN_PLOT_HEIGHT * value / top, 1)
            columns.append(Column(round(x, 1), round(base - height, 1), column, height, alt))
        if i % every == 0:
            year = str(m.month.year)
            shown = year if not ticks or all(t.year != year for t in ticks) else ""
            ticks.append(Tick(round(middle, 1), month_short(m.month), shown))
        summary.append(
            _("%(month)s: %(n)s, %(held)s met gesprek")
            % {
                "month": m.label,
                "n": count(m.requests, _("aanvraag"), _("aanvragen")),
                "held": m.with_conversation,
            }
        )
    label = _("Aanvragen per maand en hoeveel daarvan een gesprek hadden. %s.") % "; ".join(summary)
    return ColumnChart(label, columns, ticks, str(top), base + COLUMN_AXIS)


@dataclass(frozen=True)
class IndicatorCharts:
    months: ColumnChart
    wait: BarChart
    wait_shares: BarChart
    followup: BarChart
    presence: BarChart
    routes: BarChart
    # The legend of the month columns: solid, then hatched.
    months_series: tuple[str, str] = ("Aanvragen", "Waarvan met een gehouden gesprek")


def charts(ind: VgIndicators) -> IndicatorCharts:
    def days(title, d: Days):
        return bar_chart(title, [(label, n, str(n)) for label, n in d.histogram()])

    def shares(title, rows):
        return bar_chart(
            title, [(label, s.percent or 0, _percent(s)) for label, s in rows], scale=100
        )

    return IndicatorCharts(
        months=month_chart(ind),
        wait=days(_("Aantal aanvragen naar dagen tot het eerste gesprek"), ind.wait),
        wait_shares=shares(
            _("Aandeel gesprekken binnen de termijn"),
            [
                (_("binnen %d dagen") % ind.warning_days, ind.within_warning),
                (_("binnen %d dagen") % ind.alarm_days, ind.within_alarm),
            ],
        ),
        followup=days(_("Aantal vervolgtrajecten naar dagen na het gesprek"), ind.followup),
        presence=shares(
            _("Aandeel gesprekken met een ervaringsdeskundige of naaste"),
            [
                (_("met ervaringsdeskundige"), ind.ervaringsdeskundige),
                (_("met naaste"), ind.naaste),
            ],
        ),
        routes=shares(
            _("Vervolgroutes als aandeel van de definitieve adviezen"),
            [(r.label, r.share) for r in ind.routes],
        ),
    )


__all__ = [
    "Days",
    "IndicatorCharts",
    "Share",
    "VgIndicators",
    "charts",
    "default_period",
    "vg_indicators",
]
