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

Four ``values()`` queries, whatever the number of requests. The computation lives in
``selectors.indicatoren_cohort``, shared with the network board's provider
(``verkennend_gesprek.indicators``); this module adds the period and the charts.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from mgn import charts as charts_base
from mgn.charts import BarChart, Column, ColumnChart, Tick
from mgn.formats import count, month_short, percent
from verkennend_gesprek.selectors.indicatoren_cohort import (
    Days,
    MonthCount,
    RouteCount,
    Share,
    VgIndicators,
    vg_indicators,
    vg_indicators_batch,
)


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months up to and including today."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + timedelta(days=1), today


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
    "MonthCount",
    "RouteCount",
    "IndicatorCharts",
    "Share",
    "VgIndicators",
    "charts",
    "default_period",
    "vg_indicators",
    "vg_indicators_batch",
]
