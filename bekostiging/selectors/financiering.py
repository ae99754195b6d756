"""Gemeente funding of the SD part of the verkennend gesprek (R-BK-3): the read model.

Per network, gemeente and year: the agreed number of VGs (GemeenteAfspraak), the rate for
the SD professional and the funding source, against the realised VGs of the gemeente's
residents. A VG is realised in a year when the first held conversation of the request at
which an SD professional was present falls in that year (Europe/Amsterdam), and it counts
for the gemeente the person lives in (Persoon.gemeente) — never the practice's gemeente.
Each request counts once, however many conversations it had.

Within the agreement (at most the agreed number) the VGs are due: within × rate. VGs
held beyond it are an over-run for the gemeente to decide on (OverschrijdingBesluit): shown
separately, "ter beslissing door de gemeente", and due only once the gemeente accepted
them; a declined over-run is never due.

The gemeente of a VG is the one submitted with that request (its own Persoon row), so a
person who moves and is referred again in a later year counts for the new gemeente in
that year only: figures of past years never move with a move. A correction of the
gemeente (persoon_correct) fixes an error in what was submitted, and does move the VG to
the right gemeente, in whatever year it was held.

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

from bekostiging.constants import VG_SD_FUNDING_SOURCES
from bekostiging.models import GemeenteAfspraak, OverschrijdingBesluit
from bekostiging.selectors.declaraties import acting_organisations
from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from networks.models import Gemeente, Network, Organisation
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


def deciding_organisation(user, afspraak: GemeenteAfspraak) -> Organisation | None:
    """R-BK-3: the gemeente organisation for which the user decides on the agreement's
    over-run — the gemeente's own, else its region's mandaatgemeente — in a network the
    user may see; None when the user may not decide (a coordinator sees, not decides)."""
    if not user.is_authenticated:
        return None
    if not network_ids_for_user(user).filter(pk=afspraak.network_id).exists():
        return None
    gemeente = afspraak.gemeente
    mandaat_id = gemeente.region.mandaatgemeente_id if gemeente.region_id is not None else None
    orgs = {
        org.gemeente_id: org
        for org in acting_organisations(user, OrganisationKind.GEMEENTE).filter(
            gemeente__in=[g for g in (gemeente.pk, mandaat_id) if g is not None]
        )
    }
    return orgs.get(gemeente.pk) or orgs.get(mandaat_id)


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


ZERO = Decimal("0.00")


@dataclass(frozen=True)
class FundingRow:
    """One gemeente in one network and year. ``besluiten``: the gemeente's decisions on
    the agreement's over-run, oldest first (the last one counts)."""

    gemeente: Gemeente
    realised: int
    afspraak: GemeenteAfspraak | None = None
    besluiten: tuple[OverschrijdingBesluit, ...] = ()

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
    def funding_source_allowed(self) -> bool:
        """False for an agreement made before R-BK-3 restricted the sources (flagged)."""
        return self.afspraak is None or self.afspraak.funding_source in VG_SD_FUNDING_SOURCES

    @property
    def within(self) -> int | None:
        """The realised VGs within the agreement: at most the agreed number."""
        return min(self.realised, self.afspraak.agreed_count) if self.afspraak else None

    @property
    def remaining(self) -> int | None:
        """Agreed − realised; negative when more VGs were held than agreed (over-run)."""
        return self.afspraak.agreed_count - self.realised if self.afspraak else None

    @property
    def over_run(self) -> int:
        """VGs held beyond the agreed number."""
        remaining = self.remaining
        return -remaining if remaining is not None and remaining < 0 else 0

    @property
    def besluit(self) -> OverschrijdingBesluit | None:
        """The gemeente's decision that counts (the latest), if any."""
        return self.besluiten[-1] if self.besluiten else None

    @property
    def decided(self) -> int:
        """How much of the over-run the decision covers (at most the over-run now)."""
        besluit = self.besluit
        return min(besluit.over_run_count, self.over_run) if besluit else 0

    @property
    def accepted_over_run(self) -> int:
        return self.decided if self.besluit and self.besluit.accepted else 0

    @property
    def declined_over_run(self) -> int:
        return self.decided if self.besluit and not self.besluit.accepted else 0

    @property
    def open_over_run(self) -> int:
        """VGs beyond the agreement the gemeente has not decided on yet."""
        return self.over_run - self.decided

    @property
    def amount_within(self) -> Decimal | None:
        """Within × rate."""
        return self.within * self.afspraak.rate if self.afspraak else None

    @property
    def amount_due(self) -> Decimal | None:
        """What the gemeente owes for the SD professional's part: the VGs within the
        agreement plus the over-run it accepted, × rate. Never an undecided or declined
        over-run."""
        if not self.afspraak:
            return None
        return (self.within + self.accepted_over_run) * self.afspraak.rate

    @property
    def over_run_amount(self) -> Decimal:
        """Over-run × rate: shown apart from the amount due."""
        return self.over_run * self.afspraak.rate if self.afspraak else ZERO

    @property
    def open_over_run_amount(self) -> Decimal:
        """Undecided over-run × rate: "ter beslissing door de gemeente"."""
        return self.open_over_run * self.afspraak.rate if self.afspraak else ZERO

    @property
    def declined_over_run_amount(self) -> Decimal:
        return self.declined_over_run * self.afspraak.rate if self.afspraak else ZERO

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
    def within(self) -> int:
        return sum(r.within for r in self.rows)

    @property
    def amount_due(self) -> Decimal:
        """Due: within the agreements plus accepted over-runs (never an open one)."""
        return sum((r.amount_due for r in self.rows), ZERO)

    @property
    def over_run(self) -> int:
        return sum(r.over_run for r in self.rows)

    @property
    def over_run_amount(self) -> Decimal:
        return sum((r.over_run_amount for r in self.rows), ZERO)

    @property
    def open_over_run(self) -> int:
        return sum(r.open_over_run for r in self.rows)

    @property
    def open_over_run_amount(self) -> Decimal:
        return sum((r.open_over_run_amount for r in self.rows), ZERO)

    @property
    def remaining(self) -> int:
        return self.agreed - self.realised

    @property
    def unfunded_realised(self) -> int:
        return sum(r.realised for r in self.unfunded)

    @property
    def disallowed_sources(self) -> list[FundingRow]:
        return [r for r in self.rows if not r.funding_source_allowed]


def funding_overview(networks, year: int, *, gemeente_ids=None) -> list[NetworkFunding]:
    """R-BK-3 for each network (in the order given) in a year; ``gemeente_ids`` limits the
    gemeenten shown, per network id ({network id: ids or None}) or for all (ids or None).
    Five queries, however many networks and gemeenten."""
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
    besluiten = defaultdict(list)
    if by_key:
        for besluit in OverschrijdingBesluit.objects.filter(
            afspraak__in=[a.pk for a in by_key.values()]
        ).select_related("decided_by", "decided_for"):  # ordered oldest first (Meta)
            besluiten[besluit.afspraak_id].append(besluit)
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
                        afspraak.gemeente,
                        counts.get((network_id, gemeente_id), 0),
                        afspraak,
                        tuple(besluiten.get(afspraak.pk, ())),
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
