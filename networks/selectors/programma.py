"""The national programme view: every network's indicators side by side.

- Readers: users with the role "programma" and the platform's beheerder; everyone else 403
  (a role page, like the access log).
- No person data: figures only, and a count resting on 1 to 9 persons or cases is shown as
  "< 10" (``mgn.indicators.display_shared``, R-PR-2); a function the network does not offer
  is "n.v.t.".
- Queries: the regions, the networks (their regions' names aggregated in the same query) and
  ONE ``mgn.indicators.compute`` over all listed networks, whose providers' queries depend on
  the number of periods only: the count does not grow with the number of networks.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from mgn import indicators
from mgn.accounts.constants import Role
from mgn.indicators import Indicator, IndicatorProvider, Period, Value
from networks.models import Network, Region
from networks.services.standen import standen_read

NOT_OFFERED = "n.v.t."


def can_see_programma(user) -> bool:
    """The programme role, or the platform's beheerder (also the menu's predicate)."""
    return user.is_authenticated and user.has_role(Role.PROGRAMMA, Role.BEHEERDER)


def programma_regions() -> list[Region]:
    return list(Region.objects.order_by("name"))


def programma_networks(region: Region | None = None) -> list[Network]:
    """The networks compared, by name, each with ``region_names`` (two queries: the networks
    and their regions; a string aggregate would not run on the embedded SQLite)."""
    qs = Network.objects.all()
    if region is not None:
        qs = qs.filter(pk__in=Network.objects.filter(regions=region).values("pk"))
    networks = list(
        qs.prefetch_related(Prefetch("regions", queryset=Region.objects.order_by("name"))).order_by(
            "name", "pk"
        )
    )
    for network in networks:
        network.region_names = ", ".join(r.name for r in network.regions.all())
    return networks


@dataclass(frozen=True)
class Column:
    provider: IndicatorProvider
    indicator: Indicator


@dataclass(frozen=True)
class Cell:
    value: Value | None  # None: the function is not offered
    text: str
    suppressed: bool = False


@dataclass(frozen=True)
class ProgrammaRow:
    network: Network
    cells: list[Cell]


@dataclass(frozen=True)
class ProgrammaTable:
    period: Period
    region: Region | None
    columns: list[Column]
    rows: list[ProgrammaRow]
    computed_at: object = None  # when the stored figures were computed (the oldest)


def programma_columns() -> list[Column]:
    return [Column(p, i) for p in indicators.providers() for i in p.indicators]


def programma_table(period: Period, region: Region | None = None) -> ProgrammaTable:
    """Rows: networks; columns: every registered indicator, for the quarter. The figures are
    the stored ones (``services.standen``: computed nightly, and at once for a network
    that has none yet)."""
    networks = list(programma_networks(region))
    columns = programma_columns()
    figures, computed_at = standen_read(networks, period)
    rows = []
    for network in networks:
        cells = []
        for column in columns:
            if not indicators.offers(network, column.provider):
                cells.append(Cell(None, NOT_OFFERED))
                continue
            value = figures.get((network.pk, 0, column.indicator.key), indicators.NO_DATA)
            cells.append(
                Cell(
                    value,
                    indicators.display_shared(column.indicator, value),
                    indicators.suppressed(column.indicator, value),
                )
            )
        rows.append(ProgrammaRow(network, cells))
    return ProgrammaTable(period, region, columns, rows, computed_at)
