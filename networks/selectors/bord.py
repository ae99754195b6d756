"""The indicator board of one network: who reads it, its periods, its
figures with trend and the network's own targets.

- Readers: the network's coordinators and users acting for a partner organisation with role
  B (beleid) or M (monitoring) in it. Everyone else, and every other network: 404.
- The figures come from ONE ``mgn.indicators.compute`` call over the trend quarters and the
  targets' baseline years; sections are the providers of the functions the network offers
  (``mgn.indicators.providers_for``). The board shows figures only, never a person.
- Queries: the network, its targets, and the providers' own (which depend on the number of
  periods only): constant whatever the network's size.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn import formats, indicators
from mgn.charts import BarChart, bar_chart
from mgn.indicators import Indicator, Period, Unit, Value
from networks.models import Doel, DoelKind, Network, Partnership
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_organisation_ids_for_user

TREND_QUARTERS = 4  # the quarters of a trend, the chosen one last
CHOICE_QUARTERS = 8  # the quarters a reader can choose from
NAVIGATION_FACT = "networks-indicatorbord"
# A count or an amount of a quarter is set against a quarter's share of the baseline year.
PER_QUARTER_UNITS = frozenset({Unit.COUNT, Unit.EURO})


# Readers ---------------------------------------------------------------------------------
def monitoring_network_ids(user) -> QuerySet:
    """Networks where the user acts for a partner with role B (beleid) or M (monitoring)."""
    return Partnership.objects.filter(
        Q(role_beleid=True) | Q(role_monitoring=True),
        organisation__in=acting_organisation_ids_for_user(user),
    ).values("network_id")


def board_networks_for_user(user) -> QuerySet[Network]:
    """The networks whose indicator board the user reads, by name."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(
        Q(pk__in=network_ids_for_user(user, coordinate=True))
        | Q(pk__in=monitoring_network_ids(user))
    ).order_by("name")


def board_network_get_for_user(user, slug: str, *, coordinate: bool = False) -> Network:
    """The network whose board the user reads (or, with ``coordinate``, whose targets the user
    keeps), or 404 (existence is not revealed)."""
    if coordinate:
        qs = Network.objects.filter(pk__in=network_ids_for_user(user, coordinate=True))
    else:
        qs = board_networks_for_user(user)
    network = qs.filter(slug=slug).first() if user.is_authenticated else None
    if network is None:
        raise Http404(_("Netwerk niet gevonden."))
    return network


def sees_bord(user) -> bool:
    """The menu's "Indicatorbord": read from the menu's preload query when it ran."""
    if not user.is_authenticated:
        return False
    facts = getattr(user, "_navigation_facts", None)
    if facts is not None:
        return NAVIGATION_FACT in facts
    return board_networks_for_user(user).exists()


def navigation_fact(user_pk: int) -> tuple[str, list]:
    """The fact "reads an indicator board" as SQL for the menu's one preload query
    (settings.NAVIGATION_FACTS): the same question as ``board_networks_for_user``."""
    from django.contrib.auth import get_user_model

    user = get_user_model()(pk=user_pk)
    sql, params = board_networks_for_user(user).order_by().values("pk")[:1].query.sql_with_params()
    return f"SELECT %s, '' WHERE EXISTS ({sql})", [NAVIGATION_FACT, *params]  # noqa: S608


# Periods ---------------------------------------------------------------------------------
def last_complete_quarter(today: date | None = None) -> Period:
    return indicators.previous_quarter(indicators.quarter_of(today or timezone.localdate()))


def period_choices(today: date | None = None) -> list[Period]:
    """The quarters a reader chooses from: the last ``CHOICE_QUARTERS`` complete ones,
    newest first."""
    return indicators.quarters_until(last_complete_quarter(today), CHOICE_QUARTERS)[::-1]


def period_chosen(key: str | None, today: date | None = None) -> Period:
    """The quarter of ``?periode=`` when it is one of the choices, else the last complete one."""
    choices = period_choices(today)
    return next((p for p in choices if p.key == (key or "").strip()), choices[0])


# Targets ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DoelStand:
    """A target against the chosen quarter's figure."""

    doel: Doel
    target: Decimal | None  # the value to reach in the quarter (None: no baseline)
    baseline: Value | None  # the baseline year's figure (relative targets)
    met: bool | None  # None: cannot be judged (no figure, no baseline, no direction)

    @property
    def text(self) -> str:
        if self.met is None:
            return _("niet te beoordelen")
        return _("gehaald") if self.met else _("niet gehaald")


def _direction(item: Indicator, doel: Doel) -> bool | None:
    """True: higher is better; False: lower is better; None: neither. A volume without a
    direction takes it from a relative target's sign (−30 %: fewer is the aim)."""
    if item.higher_is_better is not None:
        return item.higher_is_better
    if doel.kind == DoelKind.RELATIEF and doel.value:
        return doel.value > 0
    return None


def doel_target(item: Indicator, doel: Doel, baseline: Value | None) -> Decimal | None:
    """The value to reach in a quarter: the absolute value, or the baseline year's figure
    changed by the percentage (a count or an amount: a quarter of the year's)."""
    if doel.kind == DoelKind.ABSOLUUT:
        return Decimal(doel.value)
    if baseline is None or baseline.value is None:
        return None
    base = Decimal(str(baseline.value))
    if item.unit in PER_QUARTER_UNITS:
        base = base / 4
    return base * (1 + Decimal(doel.value) / 100)


def doel_evaluate(item: Indicator, doel: Doel, value: Value, baseline: Value | None = None):
    """Whether the quarter's figure meets the network's target (``Indicator.higher_is_better``
    says which side is good)."""
    target = doel_target(item, doel, baseline)
    direction = _direction(item, doel)
    if target is None or value.value is None or direction is None:
        met = None
    else:
        figure = Decimal(str(value.value))
        met = figure >= target if direction else figure <= target
    return DoelStand(doel, target, baseline, met)


def doel_describe(item: Indicator, doel: Doel) -> str:
    """The target in words: "≤ 7,0 dagen", "-30% t.o.v. 2024"."""
    if doel.kind == DoelKind.RELATIEF:
        sign = "+" if doel.value > 0 else ""
        return _("%(change)s t.o.v. %(year)s") % {
            "change": sign + formats.percent(doel.value, 1 if doel.value % 1 else 0),
            "year": doel.baseline_year,
        }
    direction = _direction(item, doel)
    shown = indicators.display(item, Value(doel.value))
    if direction is None:
        return shown
    return ("≥ " if direction else "≤ ") + shown


# The board -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrendPoint:
    period: Period
    value: Value
    text: str


@dataclass(frozen=True)
class BoardRow:
    indicator: Indicator
    value: Value
    text: str
    trend: list[TrendPoint]
    doel: Doel | None
    doel_text: str
    stand: DoelStand | None

    @property
    def chart(self) -> BarChart:
        """The trend as bars (mgn.charts), the quarters with data only."""
        rows = [
            (p.period.key, max(float(p.value.value), 0.0), p.text)
            for p in self.trend
            if p.value.value is not None
        ]
        return bar_chart(
            _("Trend van %(label)s") % {"label": self.indicator.label},
            rows,
            width=280,
            plot_width=170,
            row_height=36,
            scale=100 if self.indicator.unit == Unit.PERCENT else None,
        )


@dataclass(frozen=True)
class BoardSection:
    title: str
    rows: list[BoardRow]


@dataclass(frozen=True)
class Board:
    network: Network
    period: Period
    trend_periods: list[Period]
    sections: list[BoardSection]

    @property
    def rows(self) -> list[BoardRow]:
        return [row for section in self.sections for row in section.rows]


def board_build(network: Network, period: Period) -> Board:
    """The network's board for the quarter: one ``compute`` over the trend quarters and the
    baseline years of its targets."""
    doelen = {d.indicator_key: d for d in network.doelen.all()}
    trend = indicators.quarters_until(period, TREND_QUARTERS)
    years = sorted({d.baseline_year for d in doelen.values() if d.baseline_year})
    periods = [*trend, *(indicators.year(y) for y in years)]
    figures = indicators.compute([network], periods)
    chosen = len(trend) - 1
    year_index = {y: len(trend) + i for i, y in enumerate(years)}

    def figure(index: int, key: str) -> Value:
        return figures.get((network.pk, index, key), indicators.NO_DATA)

    sections = []
    for provider in indicators.providers_for(network):
        rows = []
        for item in provider.indicators:
            value = figure(chosen, item.key)
            points = [
                TrendPoint(p, figure(i, item.key), indicators.display(item, figure(i, item.key)))
                for i, p in enumerate(trend)
            ]
            doel = doelen.get(item.key)
            stand = None
            if doel is not None:
                baseline = (
                    figure(year_index[doel.baseline_year], item.key) if doel.baseline_year else None
                )
                stand = doel_evaluate(item, doel, value, baseline)
            rows.append(
                BoardRow(
                    indicator=item,
                    value=value,
                    text=indicators.display(item, value),
                    trend=points,
                    doel=doel,
                    doel_text=doel_describe(item, doel) if doel else "",
                    stand=stand,
                )
            )
        sections.append(BoardSection(provider.section, rows))
    return Board(network, period, trend, sections)


def indicator_choices_for(network: Network) -> list[tuple[str, str]]:
    """The indicators a target can be set for: those of the functions the network offers."""
    return [
        (item.key, f"{provider.section}: {item.label}")
        for provider in indicators.providers_for(network)
        for item in provider.indicators
    ]
