"""Gemeente funding of the SD part of the verkennend gesprek (R-BK-3): the read model.

Per network, gemeente and year: the agreed number of VGs (GemeenteAfspraak), the rate for
the SD professional and the funding source, against the realised VGs of the gemeente's
residents. A VG is realised in a year when the first held conversation of the request at
which an SD professional was present falls in that year (Europe/Amsterdam), and it counts
for the gemeente the person lives in (Persoon.gemeente) — never the practice's gemeente.
Each request counts once, however many conversations it had.

Counts only: nothing here reads a person's identifiers, so nothing is written to the
access log. All realised counts come from one aggregate query for any number of
networks and gemeenten.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bekostiging.models import GemeenteAfspraak
from bekostiging.selectors.declaraties import acting_organisations
from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from networks.models import Gemeente, Network
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_kinds_for_user
from verkennend_gesprek.selectors.deelname import vg_counts_with_sd


def gemeenten_for_user(user) -> QuerySet[Gemeente]:
    """R-BK-3: the gemeenten whose funding a gemeente user sees — its own, or every
    gemeente of the region when it is the region's mandaatgemeente."""
    own = acting_organisations(user, OrganisationKind.GEMEENTE).exclude(gemeente=None)
    own_ids = own.values("gemeente_id")
    return Gemeente.objects.filter(
        Q(pk__in=own_ids) | Q(region__mandaatgemeente__in=own_ids)
    ).order_by("name")


def afspraken_for_user(user) -> QuerySet[GemeenteAfspraak]:
    """Coordinators see their networks' agreements; gemeente users those of their gemeenten."""
    if not user.is_authenticated:
        return GemeenteAfspraak.objects.none()
    return GemeenteAfspraak.objects.filter(
        Q(network__in=network_ids_for_user(user, coordinate=True))
        | Q(network__in=network_ids_for_user(user), gemeente__in=gemeenten_for_user(user))
    )


def can_see_gemeente_funding(user) -> bool:
    """Navigation (settings.NAVIGATION): the gemeente funding page is for coordinators and
    for users acting for a gemeente (the cached acting kinds: no extra query)."""
    if not user.is_authenticated:
        return False
    if Role.NETWERKCOORDINATOR in user.roles:
        return True
    return OrganisationKind.GEMEENTE in acting_kinds_for_user(user)


def afspraak_get_for_user(user, pk: int) -> GemeenteAfspraak:
    """One agreement the user sees (afspraken_for_user), with its network and gemeente."""
    afspraak = afspraken_for_user(user).select_related("network", "gemeente").filter(pk=pk).first()
    if afspraak is None:
        raise Http404(_("Afspraak niet gevonden."))
    return afspraak


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The year as aware datetimes in the project's time zone: [start, next start)."""
    tz = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def realised_counts(network_ids, year: int, gemeente_ids=None) -> dict[tuple[int, int], int]:
    """{(network id, gemeente id): realised VGs in the year} for residents of each gemeente,
    in one query. ``network_ids`` and ``gemeente_ids`` may be lists or subqueries; None
    for ``gemeente_ids`` means every gemeente."""
    start, end = year_bounds(year)
    return vg_counts_with_sd(network_ids, start=start, end=end, gemeente_ids=gemeente_ids)


@dataclass(frozen=True)
class FundingRow:
    """One gemeente in one network and year."""

    gemeente: Gemeente
    realised: int
    afspraak: GemeenteAfspraak | None = None

    @property
    def has_agreement(self) -> bool:
        return self.afspraak is not None

    @property
    def agreed(self) -> int | None:
        return self.afspraak.agreed_count if self.afspraak else None

    @property
    def rate(self) -> Decimal | None:
        return self.afspraak.rate if self.afspraak else None

    @property
    def funding_source(self) -> str:
        return self.afspraak.get_funding_source_display() if self.afspraak else ""

    @property
    def amount_due(self) -> Decimal | None:
        """Realised × rate: what the gemeente owes for the SD professional's part."""
        return self.realised * self.afspraak.rate if self.afspraak else None

    @property
    def remaining(self) -> int | None:
        """Agreed − realised; negative when more VGs were held than agreed (over-run)."""
        return self.afspraak.agreed_count - self.realised if self.afspraak else None

    @property
    def over_run(self) -> int:
        remaining = self.remaining
        return -remaining if remaining is not None and remaining < 0 else 0

    @property
    def used_percent(self) -> int | None:
        if not self.afspraak or not self.afspraak.agreed_count:
            return None
        return round(100 * self.realised / self.afspraak.agreed_count)


@dataclass
class NetworkFunding:
    """A network's gemeenten in a year: those with an agreement (the table), residents'
    VGs that no agreement funds (the warning), and gemeenten without either."""

    network: Network
    year: int
    rows: list[FundingRow] = field(default_factory=list)
    unfunded: list[FundingRow] = field(default_factory=list)
    without_agreement: list[Gemeente] = field(default_factory=list)

    @property
    def agreed(self) -> int:
        return sum(r.agreed for r in self.rows)

    @property
    def realised(self) -> int:
        return sum(r.realised for r in self.rows)

    @property
    def amount_due(self) -> Decimal:
        return sum((r.amount_due for r in self.rows), Decimal("0.00"))

    @property
    def remaining(self) -> int:
        return self.agreed - self.realised

    @property
    def unfunded_realised(self) -> int:
        return sum(r.realised for r in self.unfunded)


def funding_overview(networks, year: int, *, gemeente_ids=None) -> list[NetworkFunding]:
    """R-BK-3 for each network (in the order given) in a year; ``gemeente_ids`` limits the
    gemeenten shown, per network id ({network id: ids or None}) or for all (ids or None).
    Four queries, however many networks and gemeenten."""
    networks = list(networks)
    network_ids = [n.pk for n in networks]
    if not isinstance(gemeente_ids, dict):
        gemeente_ids = dict.fromkeys(network_ids, gemeente_ids)
    limit_all = None if any(ids is None for ids in gemeente_ids.values()) else _union(gemeente_ids)
    counts = realised_counts(network_ids, year, limit_all)
    afspraken = GemeenteAfspraak.objects.filter(network__in=network_ids, year=year).select_related(
        "gemeente"
    )
    if limit_all is not None:
        afspraken = afspraken.filter(gemeente__in=limit_all)
    by_key = {(a.network_id, a.gemeente_id): a for a in afspraken}
    werkgebied = defaultdict(set)
    for network_id, gemeente_id in Network.gemeenten.through.objects.filter(
        network__in=network_ids
    ).values_list("network_id", "gemeente_id"):
        werkgebied[network_id].add(gemeente_id)
    # Names of the gemeenten without an agreement (those with one come with it).
    gemeenten = {a.gemeente_id: a.gemeente for a in by_key.values()}
    needed = {g for _n, g in counts}.union(*werkgebied.values()) - set(gemeenten)
    if needed:
        gemeenten.update(Gemeente.objects.in_bulk(needed))

    result = []
    for network in networks:
        allowed = gemeente_ids.get(network.pk)
        allowed = None if allowed is None else set(allowed)

        def visible(gemeente_id, allowed=allowed):
            return allowed is None or gemeente_id in allowed

        overview = NetworkFunding(network=network, year=year)
        seen = set()
        for (network_id, gemeente_id), afspraak in by_key.items():
            if network_id == network.pk and visible(gemeente_id):
                overview.rows.append(
                    FundingRow(
                        afspraak.gemeente, counts.get((network_id, gemeente_id), 0), afspraak
                    )
                )
                seen.add(gemeente_id)
        for (network_id, gemeente_id), n in counts.items():
            if network_id == network.pk and gemeente_id not in seen and visible(gemeente_id):
                overview.unfunded.append(FundingRow(gemeenten[gemeente_id], n))
                seen.add(gemeente_id)
        overview.without_agreement = sorted(
            (
                gemeenten[g]
                for g in werkgebied.get(network.pk, ())
                if g not in seen and visible(g) and g in gemeenten
            ),
            key=lambda g: g.name,
        )
        overview.rows.sort(key=lambda r: r.gemeente.name)
        overview.unfunded.sort(key=lambda r: r.gemeente.name)
        result.append(overview)
    return result


def _union(per_network: dict) -> list[int]:
    ids: set[int] = set()
    for value in per_network.values():
        ids.update(value)
    return sorted(ids)


def network_funding(network: Network, year: int) -> NetworkFunding:
    return funding_overview([network], year)[0]


def network_gemeenten(network: Network):
    """The gemeenten an agreement may be made with: the network's werkgebied."""
    return network.gemeenten.order_by("name")
