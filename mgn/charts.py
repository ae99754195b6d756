"""Server-rendered horizontal bar charts (inline SVG), shared by the indicator pages and
the dashboards: no JavaScript, no CDN, and the same markup renders in WeasyPrint PDFs.
The chart's accessible name carries every number; templates draw ``BarChart``."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Bar:
    """One horizontal bar with its label on the line above it."""

    label: str
    text: str
    top: int
    width: float

    @property
    def label_y(self) -> int:
        return self.top + 13

    @property
    def bar_y(self) -> int:
        return self.top + 18

    @property
    def text_x(self) -> float:
        return self.width + 6

    @property
    def text_y(self) -> int:
        return self.bar_y + 14


@dataclass(frozen=True)
class BarChart:
    label: str  # the accessible name: what the chart shows, with its numbers
    bars: list[Bar]
    height: int
    width: int
    bar_height: int = 18


def bar_chart(
    title: str,
    rows: list[tuple[str, float, str]],
    *,
    width: int,
    plot_width: int,
    row_height: int,
    scale: float | None = None,
) -> BarChart:
    """Bars for (label, value, text) rows; ``scale`` is the value of a full bar (100 for
    percentages), else the largest value. ``plot_width`` leaves room for the text."""
    top = scale or max((value for _label, value, _text in rows), default=0) or 1
    bars = [
        Bar(label, text, i * row_height, round(plot_width * value / top, 1))
        for i, (label, value, text) in enumerate(rows)
    ]
    summary = "; ".join(f"{label}: {text}" for label, _value, text in rows) or _("geen gegevens")
    return BarChart(f"{title}. {summary}.", bars, max(len(rows) * row_height, 24), width)


COLUMN_WIDTH = 640
COLUMN_TOP = 22
COLUMN_PLOT_HEIGHT = 150


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    alt: bool = False  # the second series: hatched, so it differs by more than colour


@dataclass(frozen=True)
class Tick:
    x: float
    text: str
    year: str


@dataclass(frozen=True)
class ColumnChart:
    """Columns over time (months or snapshot dates) with ticks under them."""

    label: str
    columns: list[Column]
    ticks: list[Tick]
    top_text: str  # the value of the top grid line
    height: int
    width: int = COLUMN_WIDTH
    top_y: int = COLUMN_TOP
    baseline_y: int = COLUMN_TOP + COLUMN_PLOT_HEIGHT

    @property
    def tick_y(self) -> int:
        return self.baseline_y + 15

    @property
    def year_y(self) -> int:
        return self.baseline_y + 30


@dataclass(frozen=True)
class PairBar:
    y: int
    width: float
    text: str
    alt: bool  # the second series: hatched, so it differs by more than colour

    @property
    def text_x(self) -> float:
        return self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + 13


@dataclass(frozen=True)
class PairGroup:
    label: str
    label_y: int
    bars: tuple[PairBar, PairBar]


@dataclass(frozen=True)
class PairedBarChart:
    """Per label two horizontal bars (e.g. budget and realised) on one scale."""

    label: str  # the accessible name, with every number
    groups: list[PairGroup]
    series: tuple[str, str]  # the legend: first (solid), second (hatched)
    height: int
    width: int
    bar_height: int = 16


PAIR_ROW = 62  # label line + two bars + spacing


def paired_bar_chart(
    title: str,
    rows: list[tuple[str, float, str, float, str]],
    *,
    series: tuple[str, str],
    width: int = 640,
    plot_width: int = 470,
) -> PairedBarChart:
    """Bars for (label, first value, first text, second value, second text) rows, both
    series on the scale of the largest value; ``plot_width`` leaves room for the text."""
    top = max((max(r[1], r[3]) for r in rows), default=0) or 1
    groups = []
    for i, (label, first, first_text, second, second_text) in enumerate(rows):
        y = i * PAIR_ROW
        groups.append(
            PairGroup(
                label,
                y + 13,
                (
                    PairBar(y + 19, round(plot_width * first / top, 1), first_text, False),
                    PairBar(y + 37, round(plot_width * second / top, 1), second_text, True),
                ),
            )
        )
    summary = "; ".join(
        f"{label}: {series[0].lower()} {first_text}, {series[1].lower()} {second_text}"
        for label, _first, first_text, _second, second_text in rows
    ) or _("geen gegevens")
    return PairedBarChart(
        f"{title}. {summary}.", groups, series, max(len(rows) * PAIR_ROW, 24), width
    )
