"""The dashboard's charts: server-rendered SVG, the same on the page and in the PDF (no
JavaScript). Each chart's accessible name carries every number, and a table beside it
repeats them. Colours are presentation attributes as well as classes, so WeasyPrint (which
has no stylesheet for them) draws them as the page does."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mgn import charts as charts_base
from mgn.charts import BarChart, Column, ColumnChart, Tick
from mgn.formats import count, weeks_short
from wachttijden.selectors.dashboard_figures import Figure, Norms, TrendPoint

if TYPE_CHECKING:
    from wachttijden.selectors.dashboard import Dashboard

CHART_WIDTH = 440
PLOT_WIDTH = 270  # the rest of a row holds the value text
WAIT_BAR = 9
WAIT_STEP = 12  # from one bar of a row to the next
WAIT_ROW = 56  # label line and three bars
COLUMN_WIDTH = 640
COLUMN_PLOT = 150
COLUMN_TOP = 22
COLUMN_AXIS = 36
BAR_ROW = 46


@dataclass(frozen=True)
class WaitBar:
    """One bar of a wait chart with the Treeknorm it is held against."""

    kind: str  # "aanmeld" (solid), "behandel" (hatched), "totaal" (outlined)
    y: int
    width: float
    norm_x: float
    text: str
    text_x: float
    over: bool

    @property
    def text_y(self) -> int:
        return self.y + WAIT_BAR

    @property
    def norm_y1(self) -> int:
        return self.y - 2

    @property
    def norm_y2(self) -> int:
        return self.y + WAIT_BAR + 2


@dataclass(frozen=True)
class WaitRow:
    label: str
    label_y: int
    bars: list[WaitBar]


@dataclass(frozen=True)
class WaitChart:
    """Per row three bars — aanmeldingswachttijd, behandelingswachttijd and the two together —
    each with a marker at its Treeknorm (4, 10 and 14 weeks)."""

    label: str
    rows: list[WaitRow]
    height: int
    width: int = CHART_WIDTH
    bar_height: int = WAIT_BAR


def _wait_text(value: float | None, norm: int) -> tuple[str, bool]:
    if value is None:
        return _("geen gegevens"), False
    over = value > norm
    text = weeks_short(value)
    return (text + " " + _("(boven de norm)") if over else text), over


def wait_chart(title: str, figures: list[Figure], norms: Norms) -> WaitChart:
    """Realised waits (the averages over the last two months) against the Treeknorm."""
    shown = [f for f in figures if f.has_waits]
    values = [v for f in shown for v in (f.aanmeld_avg, f.behandel_avg, f.total_avg) if v]
    top = max([*values, norms.totaal]) * 1.05

    def x(value: float) -> float:
        return round(PLOT_WIDTH * value / top, 1)

    rows, summary = [], []
    for i, f in enumerate(shown):
        top_y = i * WAIT_ROW
        bars = []
        for j, (kind, value, norm) in enumerate(
            (
                ("aanmeld", f.aanmeld_avg, norms.aanmeld),
                ("behandel", f.behandel_avg, norms.behandel),
                ("totaal", f.total_avg, norms.totaal),
            )
        ):
            text, over = _wait_text(value, norm)
            width = x(value or 0)
            # The value after the bar or its norm marker, whichever is further; "no data"
            # at the start of the empty bar.
            text_x = 0 if value is None else max(width, x(norm)) + 6
            bars.append(
                WaitBar(kind, top_y + 17 + j * WAIT_STEP, width, x(norm), text, text_x, over)
            )
        rows.append(WaitRow(f.label, top_y + 12, bars))
        summary.append(
            _("%(label)s: aanmelding %(a)s, behandeling %(b)s, samen %(t)s")
            % {
                "label": f.label,
                "a": bars[0].text,
                "b": bars[1].text,
                "t": bars[2].text,
            }
        )
    norm_text = _("Treeknorm %(a)s weken aanmelding, %(b)s weken behandeling, %(t)s samen") % {
        "a": norms.aanmeld,
        "b": norms.behandel,
        "t": norms.totaal,
    }
    body = "; ".join(summary) if summary else _("geen gegevens")
    return WaitChart(f"{title} ({norm_text}). {body}.", rows, max(len(rows) * WAIT_ROW, 24))


def bar_chart(title: str, rows: list[tuple[str, float, str]]) -> BarChart:
    return charts_base.bar_chart(
        title, rows, width=CHART_WIDTH, plot_width=PLOT_WIDTH, row_height=BAR_ROW
    )


def trend_chart(points: list[TrendPoint]) -> ColumnChart:
    """Per snapshot two columns: persons waiting, and wachtplekken past the Treeknorm."""
    n = max(len(points), 1)
    slot = COLUMN_WIDTH / n
    column = round(min(22.0, slot * 0.38), 1)
    top = max((max(p.persons, p.breaches) for p in points), default=0) or 1
    base = COLUMN_TOP + COLUMN_PLOT
    columns, ticks, summary, years = [], [], [], set()
    for i, p in enumerate(points):
        middle = slot * i + slot / 2
        for value, x, alt in (
            (p.persons, middle - column - 1, False),
            (p.breaches, middle + 1, True),
        ):
            height = round(COLUMN_PLOT * value / top, 1)
            columns.append(Column(round(x, 1), round(base - height, 1), column, height, alt))
        year = str(p.snapshot_date.year)
        ticks.append(Tick(round(middle, 1), p.label, "" if year in years else year))
        years.add(year)
        summary.append(
            _("%(day)s: %(n)s, %(b)s boven de Treeknorm")
            % {
                "day": f"{p.label} {year}",
                "n": count(p.persons, _("persoon"), _("personen")),
                "b": count(p.breaches, _("wachtplek"), _("wachtplekken")),
            }
        )
    body = "; ".join(summary) if summary else _("geen gegevens")
    label = _("Wachtenden en overschrijdingen van de Treeknorm per peildatum. %s.") % body
    return ColumnChart(label, columns, ticks, str(top), base + COLUMN_AXIS)


@dataclass(frozen=True)
class DashboardCharts:
    zorgvraagtypen: WaitChart
    providers: WaitChart
    trend: ColumnChart
    slots: BarChart
    trend_series: tuple[str, str] = (
        gettext_lazy("Wachtende personen"),
        gettext_lazy("Wachtplekken boven de Treeknorm"),
    )


def dashboard_charts(data: "Dashboard") -> DashboardCharts:
    return DashboardCharts(
        zorgvraagtypen=wait_chart(
            _("Gerealiseerde wachttijd per zorgvraagtype"), data.zorgvraagtypen, data.norms
        ),
        providers=wait_chart(
            _("Gerealiseerde wachttijd per aanbieder"), data.providers, data.norms
        ),
        trend=trend_chart(data.trend),
        slots=bar_chart(
            _("Vrije intakeplekken in de komende vier weken per aanbod"),
            [
                (
                    f"{f.label} ({f.sublabel})" if f.sublabel else f.label,
                    f.intake_slots,
                    str(f.intake_slots),
                )
                for f in data.slots
            ],
        ),
    )
