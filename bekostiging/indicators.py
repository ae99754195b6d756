"""The money figures on the network's board (R-BK-2, R-BK-3), for the registry
(``mgn.indicators``, settings ``INDICATOR_PROVIDERS``): realised against the begroting, for
every network (``offered_by`` None).

The definitions are those of the begroting page (``selectors.begroting.budget_overview``):

- *begroot*: the network's ``Begrotingspost`` amounts of the period's year, every function
  and funder. A year period takes the whole year's budget; a shorter period its share pro
  rata by whole months (a quarter: a quarter of the year's budget), or by days when it does
  not run from a first of the month.
- *gerealiseerd*: insurers — their declaration lines in the network dated in the period
  (debit and credit together; rejected lines and credits of rejected lines left out);
  gemeenten — the SD part of the VG that is due (R-BK-3, ``selectors.financiering``): VGs
  within the agreement plus an accepted over-run, × the agreed rate. A gemeente's
  agreement is per year, so for a shorter period the amount is what became due in it: the
  amount due over the VGs of the year up to the period's end minus that up to its start
  (the quarters add up to the year).

For a year period the three figures equal ``budget_overview``'s totals.

==================  =======  ===============================================================
Indicator (key)     Unit     Definition
==================  =======  ===============================================================
``bk.begroot``      euro     Budget of the period (the year's, pro rata for a quarter).
``bk.gerealiseerd`` euro     Realised in the period, as above. ``detail``: per function and
                             per funder "gerealiseerd / begroot".
``bk.realisatie``   procent  Realised as a share of the budget (one decimal); "–" without a
                             budget.
==================  =======  ===============================================================

A period across a year's end gets no figures (a budget and an agreement are per year).
Money, not persons: ``basis`` None and ``counts_persons`` False (never suppressed). Queries:
five, plus up to two per period for the gemeenten's realised VGs, for any number of networks.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from bekostiging.constants import BUDGET_FUNCTIONS, SD_DEELNAME, RegelStatus
from bekostiging.models import (
    Begrotingspost,
    Declaratieregel,
    GemeenteAfspraak,
    OverschrijdingBesluit,
)
from bekostiging.selectors.financiering import FundingRow
from mgn.formats import euro
from mgn.indicators import Figures, Indicator, IndicatorProvider, Period, Unit, Value
from networks.constants import OrganisationKind
from networks.models import Organisation
from verkennend_gesprek.selectors.deelname import vg_counts_with_sd

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

BEGROOT = Indicator(
    key="bk.begroot",
    label="Begroot",
    definition=(
        "De begroting van het netwerk voor alle functies en financiers. Voor een kwartaal een "
        "kwart van de jaarbegroting (naar rato van de maanden)."
    ),
    unit=Unit.EURO,
    rule="R-BK-2",
    counts_persons=False,
)
GEREALISEERD = Indicator(
    key="bk.gerealiseerd",
    label="Gerealiseerd",
    definition=(
        "Zorgverzekeraars: de declaratieregels met een datum in de periode (debet en credit "
        "samen, afgewezen regels niet). Gemeenten: het sd-deel van het verkennend gesprek dat "
        "in de periode verschuldigd werd (gesprekken binnen de afspraak plus een aanvaarde "
        "overschrijding, maal het tarief). Zoals op de begrotingspagina."
    ),
    unit=Unit.EURO,
    rule="R-BK-2",
    counts_persons=False,
)
REALISATIE = Indicator(
    key="bk.realisatie",
    label="Realisatie van de begroting",
    definition=(
        "Gerealiseerd als percentage van begroot in de periode (een kwartaal tegen een kwart "
        "van de jaarbegroting)."
    ),
    unit=Unit.PERCENT,
    rule="R-BK-3",
    counts_persons=False,
)


def budget_fraction(period: Period) -> Decimal:
    """The share of the year's budget a period within one year carries: whole months / 12
    (a quarter: 1/4, a year: 1), else days / days of the year."""
    if period.start.year != period.last_day.year:
        raise ValueError("A money period lies within one calendar year.")
    if period.start.day == 1 and period.end.day == 1:
        months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
        return Decimal(months) / 12
    days = (period.end - period.start).days
    in_year = (date(period.start.year + 1, 1, 1) - date(period.start.year, 1, 1)).days
    return Decimal(days) / in_year


def percent(realised: Decimal, budget: Decimal) -> Decimal | None:
    """As ``selectors.begroting.Figure.percent``: None without a budget."""
    if not budget:
        return None
    return (100 * realised / budget).quantize(Decimal("0.1"))


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


class _Cells:
    """{(network, function, funder key): [budget, realised]} with the funders' names."""

    def __init__(self):
        self.cells: dict[tuple, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        self.names: dict[tuple, tuple[str, str]] = {}  # funder key -> (kind, name)

    def add(self, network_id, function, key, kind, name, *, budget=ZERO, realised=ZERO):
        self.names.setdefault(key, (kind, name))
        cell = self.cells[(network_id, function, key)]
        cell[0] += budget
        cell[1] += realised


def _sd_due(ids, boundaries):
    """{(network id, gemeente id, year, boundary): amount due over the VGs of the year
    before the boundary}, for the gemeenten with an agreement that year; and the agreements.
    ``boundaries``: (year, day) pairs, the day from 1 January of the year up to 1 January of
    the next. One query per boundary after 1 January, two more."""
    years = {y for y, _day in boundaries}
    afspraken = list(
        GemeenteAfspraak.objects.filter(network__in=ids, year__in=years).select_related("gemeente")
    )
    if not afspraken:
        return {}, []
    besluiten = defaultdict(list)
    for besluit in OverschrijdingBesluit.objects.filter(
        afspraak__in=[a.pk for a in afspraken]
    ):  # oldest first (Meta), the last one counts
        besluiten[besluit.afspraak_id].append(besluit)
    due = {}
    for year_, day in sorted(boundaries):
        if day <= date(year_, 1, 1):
            continue  # nothing realised before the year begins
        counts = vg_counts_with_sd(ids, start=_moment(date(year_, 1, 1)), end=_moment(day))
        for a in afspraken:
            if a.year == year_:
                row = FundingRow(
                    a.gemeente,
                    counts.get((a.network_id, a.gemeente_id), 0),
                    a,
                    tuple(besluiten.get(a.pk, ())),
                )
                due[(a.network_id, a.gemeente_id, year_, day)] = row.amount_due
    return due, afspraken


def compute(network_ids: Sequence[int], periods: Sequence[Period]) -> Figures:
    if not network_ids or not periods:
        return {}
    ids = list(network_ids)
    # A period across a year's end has no figures (a budget and an agreement are per year).
    fractions = [budget_fraction(p) if p.start.year == p.last_day.year else None for p in periods]
    years = sorted({p.start.year for p in periods})
    per_period = [_Cells() for _p in periods]

    # Budget lines: one query.
    for post in Begrotingspost.objects.filter(network__in=ids, year__in=years).select_related(
        "funder"
    ):
        for i, period in enumerate(periods):
            if period.start.year == post.year and fractions[i] is not None:
                budget = (post.amount * fractions[i]).quantize(CENT, ROUND_HALF_UP)
                per_period[i].add(
                    post.network_id,
                    post.function,
                    ("org", post.funder_id),
                    post.funder.kind,
                    post.funder.name,
                    budget=budget,
                )

    # Insurers: declaration lines, one query.
    aggregates = {
        f"p{i}": Sum("amount", filter=Q(service_date__gte=p.start, service_date__lt=p.end))
        for i, p in enumerate(periods)
    }
    lines = (
        Declaratieregel.objects.filter(
            network__in=ids,
            service_date__gte=min(p.start for p in periods),
            service_date__lt=max(p.end for p in periods),
        )
        .exclude(status=RegelStatus.AFGEWEZEN)
        .exclude(credit_of__status=RegelStatus.AFGEWEZEN)
        .values("network_id", "insurer_id", "insurer__name", "function")
        .annotate(**aggregates)
        .order_by()
    )
    for row in lines:
        for i in range(len(periods)):
            if row[f"p{i}"] is not None and fractions[i] is not None:
                per_period[i].add(
                    row["network_id"],
                    row["function"],
                    ("org", row["insurer_id"]),
                    OrganisationKind.ZORGVERZEKERAAR,
                    row["insurer__name"],
                    realised=row[f"p{i}"],
                )

    # Gemeenten: the SD part due, up to each period's end minus up to its start.
    boundaries = {
        (p.start.year, d)
        for p, fraction in zip(periods, fractions, strict=True)
        if fraction is not None
        for d in (p.start, p.end)
    }
    due, afspraken = _sd_due(ids, boundaries)
    if afspraken:
        orgs = {}
        for network_id, org_id, name, gemeente_id in (
            Organisation.objects.filter(
                partnerships__network__in=ids,
                kind=OrganisationKind.GEMEENTE,
                gemeente__isnull=False,
            )
            .order_by("-name")  # the first by name wins, as on the begroting page
            .values_list("partnerships__network_id", "pk", "name", "gemeente_id")
        ):
            orgs[(network_id, gemeente_id)] = (("org", org_id), name)
        for i, period in enumerate(periods):
            for a in afspraken:
                if a.year != period.start.year or fractions[i] is None:
                    continue
                y = period.start.year
                amount = (due.get((a.network_id, a.gemeente_id, y, period.end)) or ZERO) - (
                    due.get((a.network_id, a.gemeente_id, y, period.start)) or ZERO
                )
                if not amount:
                    continue
                key, name = orgs.get(
                    (a.network_id, a.gemeente_id),
                    (("gemeente", a.gemeente_id), f"{a.gemeente.name} (geen partnerorganisatie)"),
                )
                per_period[i].add(
                    a.network_id, SD_DEELNAME, key, OrganisationKind.GEMEENTE, name, realised=amount
                )

    figures: Figures = {}
    for i in range(len(periods)):
        if fractions[i] is not None:
            figures.update(_values(ids, i, per_period[i]))
    return figures


def _values(ids, index: int, cells: _Cells) -> Figures:
    by_network = defaultdict(list)
    for (network_id, function, key), (budget, realised) in cells.cells.items():
        by_network[network_id].append((function, key, budget, realised))
    order = {value: n for n, (value, _label) in enumerate(BUDGET_FUNCTIONS)}
    labels = {value: str(label) for value, label in BUDGET_FUNCTIONS}
    out: Figures = {}
    for network_id in ids:
        functions: dict[str, list[Decimal]] = {}
        funders: dict[tuple, list[Decimal]] = {}
        for function, key, budget, realised in by_network.get(network_id, ()):
            for bucket, k in ((functions, function), (funders, key)):
                pair = bucket.setdefault(k, [ZERO, ZERO])
                pair[0] += budget
                pair[1] += realised
        budget = sum((b for b, _r in functions.values()), ZERO)
        realised = sum((r for _b, r in functions.values()), ZERO)
        detail = [
            (f"Functie – {labels.get(f, f)}", f"{euro(r)} / {euro(b)}")
            for f, (b, r) in sorted(functions.items(), key=lambda item: order.get(item[0], 99))
        ]

        def funder_order(key):
            kind, name = cells.names[key]
            return (kind != OrganisationKind.ZORGVERZEKERAAR, name.lower(), key)

        detail += [
            (f"Financier – {cells.names[k][1]}", f"{euro(funders[k][1])} / {euro(funders[k][0])}")
            for k in sorted(funders, key=funder_order)
        ]
        out[(network_id, index, BEGROOT.key)] = Value(budget, None)
        out[(network_id, index, GEREALISEERD.key)] = Value(realised, None, tuple(detail))
        out[(network_id, index, REALISATIE.key)] = Value(percent(realised, budget), None)
    return out


PROVIDER = IndicatorProvider(
    section="Geld",
    order=50,
    offered_by=None,
    indicators=(BEGROOT, GEREALISEERD, REALISATIE),
    compute=compute,
)
