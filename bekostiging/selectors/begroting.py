"""The network's budget (begroting) for a year against what was realised: the read model.

Realised, per function and funder:
- an insurer: the sum of the amounts of its declaration lines in the network whose date
  (conversation date, or the first day of a lumpsum term) falls in the year — debit and
  credit lines together, so a correction nets out. Rejected lines (afgewezen) are left
  out, and so are credits of rejected lines (the insurer never paid the original).
- a gemeente: the SD part of the VG (R-BK-3, selectors/financiering.py): what is due —
  its residents' realised VGs within the agreement, plus an over-run the gemeente
  accepted, × the agreed rate (an undecided or declined over-run is not counted). A gemeente organisation is matched to its gemeente by
  Organisation.gemeente; an agreement of a gemeente without a partner organisation in the
  network still counts, under the gemeente's own name.

Totals only; no person data, so nothing is written to the access log. A constant number
of queries, however many lines and funders.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from bekostiging.constants import BUDGET_FUNCTIONS, SD_DEELNAME, RegelStatus
from bekostiging.models import Begrotingspost, Declaratieregel
from bekostiging.selectors.financiering import network_funding
from mgn.charts import PairedBarChart, paired_bar_chart
from mgn.formats import euro
from networks.constants import FINANCIER_KINDS, OrganisationKind
from networks.models import Network, Organisation
from networks.selectors.netwerken import network_ids_for_user

ZERO = Decimal("0.00")


@dataclass
class Figure:
    """Budget against realised for one cell, function, funder or the whole year."""

    label: str
    budget: Decimal = ZERO
    realised: Decimal = ZERO
    post_id: int | None = None  # the budget line behind a single cell, to edit it

    @property
    def difference(self) -> Decimal:
        """Budget − realised: what is left (negative: over budget)."""
        return self.budget - self.realised

    @property
    def over_budget(self) -> bool:
        return self.realised > self.budget

    @property
    def percent(self) -> Decimal | None:
        """Share of the budget used; None without a budget."""
        if not self.budget:
            return None
        return (100 * self.realised / self.budget).quantize(Decimal("0.1"))

    def add(self, other: "Figure") -> None:
        self.budget += other.budget
        self.realised += other.realised


@dataclass(frozen=True)
class Funder:
    key: tuple  # ("org", pk), or ("gemeente", pk) for a gemeente without partner organisation
    name: str
    kind: str  # OrganisationKind value


@dataclass
class FunctionBudget:
    function: str
    total: Figure
    cells: list[tuple[Funder, Figure]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.total.label


@dataclass
class BudgetOverview:
    network: Network
    year: int
    functions: list[FunctionBudget]
    funders: list[tuple[Funder, Figure]]
    total: Figure
    unfunded_vgs: int  # realised VGs of residents of gemeenten without an agreement
    chart: PairedBarChart


def _realised_by_insurer(network: Network, year: int):
    """{(insurer id, function): amount}, and the insurers' names — one query."""
    rows = (
        Declaratieregel.objects.filter(
            network=network,
            service_date__gte=date(year, 1, 1),
            service_date__lte=date(year, 12, 31),
        )
        .exclude(status=RegelStatus.AFGEWEZEN)
        .exclude(credit_of__status=RegelStatus.AFGEWEZEN)
        .values("insurer_id", "insurer__name", "function")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    amounts, names = {}, {}
    for r in rows:
        amounts[(r["insurer_id"], r["function"])] = r["total"]
        names[r["insurer_id"]] = r["insurer__name"]
    return amounts, names


def budget_overview(network: Network, year: int) -> BudgetOverview:
    cells: dict[tuple[str, Funder], Figure] = {}
    funders: dict[tuple, Funder] = {}

    def cell(function: str, funder: Funder) -> Figure:
        funders.setdefault(funder.key, funder)
        return cells.setdefault((function, funder.key), Figure(funder.name))

    for post in Begrotingspost.objects.filter(network=network, year=year).select_related("funder"):
        funder = Funder(("org", post.funder_id), post.funder.name, post.funder.kind)
        figure = cell(post.function, funder)
        figure.budget += post.amount
        figure.post_id = post.pk

    amounts, names = _realised_by_insurer(network, year)
    for (insurer_id, function), amount in amounts.items():
        funder = Funder(("org", insurer_id), names[insurer_id], OrganisationKind.ZORGVERZEKERAAR)
        cell(function, funder).realised += amount

    funding = network_funding(network, year)
    gemeente_orgs = {}
    for org in Organisation.objects.filter(
        partnerships__network=network, kind=OrganisationKind.GEMEENTE, gemeente__isnull=False
    ).order_by("-name"):  # the first by name wins
        gemeente_orgs[org.gemeente_id] = org
    for row in funding.rows:
        if not row.amount_due:
            continue
        org = gemeente_orgs.get(row.gemeente.pk)
        if org is not None:
            funder = Funder(("org", org.pk), org.name, OrganisationKind.GEMEENTE)
        else:
            funder = Funder(
                ("gemeente", row.gemeente.pk),
                _("%(gemeente)s (geen partnerorganisatie)") % {"gemeente": row.gemeente.name},
                OrganisationKind.GEMEENTE,
            )
        cell(SD_DEELNAME, funder).realised += row.amount_due

    def funder_order(f: Funder):
        return (f.kind != OrganisationKind.ZORGVERZEKERAAR, f.name.lower(), f.key)

    ordered_funders = sorted(funders.values(), key=funder_order)
    functions = []
    per_funder = {f.key: Figure(f.name) for f in ordered_funders}
    total = Figure(_("Totaal"))
    for function, label in BUDGET_FUNCTIONS:
        block = FunctionBudget(function, Figure(str(label)))
        for funder in ordered_funders:
            figure = cells.get((function, funder.key))
            if figure is None:
                continue
            block.cells.append((funder, figure))
            block.total.add(figure)
            per_funder[funder.key].add(figure)
        if block.cells:
            functions.append(block)
            total.add(block.total)

    chart = paired_bar_chart(
        _("Begroot en gerealiseerd per functie in %(year)s") % {"year": year},
        [
            (
                b.label,
                float(b.total.budget),
                euro(b.total.budget),
                float(max(b.total.realised, ZERO)),
                euro(b.total.realised),
            )
            for b in functions
        ],
        series=(_("Begroot"), _("Gerealiseerd")),
    )
    return BudgetOverview(
        network=network,
        year=year,
        functions=functions,
        funders=[(f, per_funder[f.key]) for f in ordered_funders],
        total=total,
        unfunded_vgs=funding.unfunded_realised,
        chart=chart,
    )


def budget_funders(network: Network) -> QuerySet[Organisation]:
    """Who may fund a budget line: insurers and gemeenten partnering in the network."""
    return (
        Organisation.objects.filter(partnerships__network=network, kind__in=FINANCIER_KINDS)
        .order_by("kind", "name")
        .distinct()
    )


def begrotingspost_get_for_user(user, pk: int) -> Begrotingspost:
    """A budget line of a network the user may see (changing it is for its coordinators)."""
    post = (
        Begrotingspost.objects.select_related("network", "funder")
        .filter(pk=pk, network__in=network_ids_for_user(user))
        .first()
    )
    if post is None:
        raise Http404(_("Begrotingspost niet gevonden."))
    return post
