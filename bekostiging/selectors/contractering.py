"""R-NW-7: the network's contracting documents, the generated list of participating
parties and begroting, and the checklist of what is missing before contracting starts.

Who confirms a document: every formal partner (inner ring) with role B (beleid) or U
(uitvoering) — the partners that decide on or carry out the network's work; an insurer
or gemeente that finances with role B confirms too, a partner with only I, R or M not.
Who reads the contracting page: the network's coordinators and users acting for one of
those confirming partners or for an insurer partner of the network; anyone else who sees
the network gets 403, and another network is 404.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from bekostiging.constants import LUMPSUM_FUNCTIONS, OFFERED_BY, ContractDocument
from bekostiging.models import (
    Begrotingspost,
    ContractDocumentBevestiging,
    ContractDocumentVersie,
    FunctieKassier,
)
from bekostiging.selectors.begroting import BudgetOverview
from mgn.accounts.constants import Role
from mgn.exports import csv_money, csv_value
from networks.constants import ROLE_FIELDS, OrganisationKind, Ring
from networks.models import Network, Organisation, Partnership
from networks.selectors.netwerken import (
    can_coordinate,
    network_get_for_user,
    network_ids_for_user,
    networks_for_user,
)
from networks.selectors.organisaties import (
    acting_kinds_for_user,
    acting_organisation_ids_for_user,
)

CONFIRMING = Q(ring=Ring.INNER) & (Q(role_beleid=True) | Q(role_uitvoering=True))


def confirming_partnerships(network: Network) -> list[Partnership]:
    """The partners whose confirmation every document needs, by name (one query)."""
    return list(
        Partnership.objects.filter(CONFIRMING, network=network)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


@dataclass(frozen=True)
class ContracteringAccess:
    network: Network
    coordinator: bool
    acting_for: list[Organisation]  # confirming partners the user acts for, by name


def contractering_get_for_user(user, slug: str) -> ContracteringAccess:
    """The network and what the user may do on its contracting page; 404 for a network the
    user does not see, 403 for one they see without a part in contracting."""
    network = network_get_for_user(user, slug)
    coordinator = can_coordinate(user, network)
    acting = Partnership.objects.filter(
        network=network, organisation__in=acting_organisation_ids_for_user(user)
    )
    acting_for = [
        p.organisation
        for p in acting.filter(CONFIRMING)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    if not (
        coordinator
        or acting_for
        or acting.filter(organisation__kind=OrganisationKind.ZORGVERZEKERAAR).exists()
    ):
        raise PermissionDenied
    return ContracteringAccess(network, coordinator, acting_for)


def can_see_contractering(user) -> bool:
    """Navigation (settings.NAVIGATION): coordinators and users acting for an organisation
    (the preloaded roles and acting kinds: no extra query); the index lists which networks."""
    if not user.is_authenticated:
        return False
    return Role.NETWERKCOORDINATOR in user.roles or bool(acting_kinds_for_user(user))


def contractering_networks_for_user(user) -> QuerySet[Network]:
    """The networks whose contracting page the user reads (contractering_get_for_user), by
    name, in one query."""
    partner = Partnership.objects.filter(
        organisation__in=acting_organisation_ids_for_user(user)
    ).filter(CONFIRMING | Q(organisation__kind=OrganisationKind.ZORGVERZEKERAAR))
    return (
        networks_for_user(user)
        .filter(
            Q(pk__in=network_ids_for_user(user, coordinate=True))
            | Q(pk__in=partner.values("network_id"))
        )
        .order_by("name")
    )


def versie_get_for_user(user, pk: int) -> tuple[ContractDocumentVersie, ContracteringAccess]:
    """A version of a network's document and the user's access to that network; 404 when
    the user does not see the network."""
    versie = ContractDocumentVersie.objects.select_related("network").filter(pk=pk).first()
    if versie is None:
        raise Http404(_("Document niet gevonden."))
    try:
        access = contractering_get_for_user(user, versie.network.slug)
    except Http404:
        raise Http404(_("Document niet gevonden.")) from None
    return versie, access


# --- the generated list of participating parties -------------------------------------

PARTIJEN_HEADER = ["organisatie", "soort", "agb", "uzovi", "cbs_gemeente", "ring", "rollen"]


@dataclass(frozen=True)
class Partij:
    name: str
    kind: str
    agb: str
    uzovi: str
    cbs: str
    ring: str
    roles: str  # role codes, e.g. "B U M"

    def as_csv(self) -> list[str]:
        return [
            csv_value(v)
            for v in (self.name, self.kind, self.agb, self.uzovi, self.cbs, self.ring, self.roles)
        ]


def deelnemende_partijen(network: Network) -> list[Partij]:
    """R-NW-7: the list of participating parties, generated from the partnerships: formal
    partners first, then by name; codes where the organisation has them (one query). The
    organisations hold no KvK number, so the list has none."""
    rows = (
        Partnership.objects.filter(network=network)
        .select_related("organisation__gemeente")
        .order_by("ring", "organisation__name", "pk")
    )
    return [
        Partij(
            name=p.organisation.name,
            kind=p.organisation.get_kind_display(),
            agb=p.organisation.agb_code or "",
            uzovi=p.organisation.uzovi or "",
            cbs=p.organisation.gemeente.cbs_code if p.organisation.gemeente else "",
            ring=p.get_ring_display(),
            roles=" ".join(code for code, f in ROLE_FIELDS.items() if getattr(p, f)),
        )
        for p in rows
    ]


def partijen_csv_rows(network: Network) -> list[list[str]]:
    return [PARTIJEN_HEADER, *(p.as_csv() for p in deelnemende_partijen(network))]


# --- the generated begroting ----------------------------------------------------------

BEGROTING_HEADER = ["jaar", "functie", "financier", "begroot", "gerealiseerd"]


def begroting_csv_rows(overview: BudgetOverview) -> list[list[str]]:
    """The budget of a year as bekostiging.selectors.begroting.budget_overview gives it:
    one line per function and funder, then the year's total."""
    rows = [BEGROTING_HEADER]
    for block in overview.functions:
        for funder, figure in block.cells:
            rows.append(
                [
                    str(overview.year),
                    csv_value(block.label),
                    csv_value(funder.name),
                    csv_money(figure.budget),
                    csv_money(figure.realised),
                ]
            )
    rows.append(
        [
            str(overview.year),
            _("Totaal"),
            "",
            csv_money(overview.total.budget),
            csv_money(overview.total.realised),
        ]
    )
    return rows


# --- the documents and the checklist --------------------------------------------------


@dataclass
class DocumentStatus:
    soort: ContractDocument
    latest: ContractDocumentVersie | None
    versions: list[ContractDocumentVersie]
    confirmed: list[ContractDocumentBevestiging]  # of the latest version
    pending: list[Organisation]  # confirming partners that did not confirm the latest
    confirmable: list[Organisation] = field(default_factory=list)  # the viewer may confirm for

    def set_viewer(self, acting_for: list[Organisation]) -> None:
        """Which of the viewer's organisations may still confirm the latest version."""
        pending = {o.pk for o in self.pending}
        self.confirmable = [o for o in acting_for if self.latest and o.pk in pending]

    @property
    def label(self) -> str:
        return str(self.soort.label)


@dataclass
class KassierStatus:
    function: str
    label: str
    kassiers: list[FunctieKassier]


@dataclass
class Checklist:
    network: Network
    year: int
    documents: list[DocumentStatus]
    kassiers: list[KassierStatus]
    begroting_lines: int
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def _offered_lumpsum_functions(network: Network) -> list[tuple[str, str]]:
    """R-NW-4: the lumpsum functions (II, III, IV, coördinatie) the network offers."""
    return [
        (value, str(label))
        for value, label in LUMPSUM_FUNCTIONS
        if value not in OFFERED_BY or getattr(network, OFFERED_BY[value])
    ]


def contracting_checklist(network: Network, year: int) -> Checklist:
    """R-NW-7 (with R-NW-3/4): what is missing before contracting for ``year`` can start.

    - each of the four documents has a version; the begroting's latest version is the one
      frozen for ``year``;
    - the latest version of each is confirmed by every confirming partner (inner ring,
      role B or U), naming who still has to;
    - per lumpsum function the network offers, a partner with regie that is kassier in
      the year (a FunctieKassier whose period overlaps the year);
    - the begroting has lines for the year.

    A constant number of queries (five), however many documents and partners."""
    partners = [p.organisation for p in confirming_partnerships(network)]
    versions = list(
        ContractDocumentVersie.objects.filter(network=network)
        .select_related("uploaded_by")
        .order_by("soort", "-number")
    )
    by_soort: dict[str, list[ContractDocumentVersie]] = {}
    for v in versions:
        if v.soort == ContractDocument.BEGROTING and v.year != year:
            continue
        by_soort.setdefault(v.soort, []).append(v)
    latest_ids = [vs[0].pk for vs in by_soort.values()]
    confirmations: dict[int, list[ContractDocumentBevestiging]] = {}
    for c in (
        ContractDocumentBevestiging.objects.filter(versie__in=latest_ids)
        .select_related("organisation", "confirmed_by")
        .order_by("organisation__name")
    ):
        confirmations.setdefault(c.versie_id, []).append(c)

    missing: list[str] = []
    documents = []
    for soort in ContractDocument:
        versions_of = by_soort.get(soort.value, [])
        latest = versions_of[0] if versions_of else None
        confirmed = confirmations.get(latest.pk, []) if latest else []
        done = {c.organisation_id for c in confirmed}
        pending = [o for o in partners if o.pk not in done] if latest else list(partners)
        documents.append(DocumentStatus(soort, latest, versions_of, confirmed, pending))
        if latest is None:
            if soort == ContractDocument.BEGROTING:
                missing.append(
                    _("%(document)s %(year)s: nog niet vastgelegd.")
                    % {"document": soort.label, "year": year}
                )
            else:
                missing.append(_("%(document)s: nog niet aanwezig.") % {"document": soort.label})
        elif pending:
            missing.append(
                _("%(document)s (versie %(number)s): nog te bevestigen door %(names)s.")
                % {
                    "document": soort.label,
                    "number": latest.number,
                    "names": ", ".join(o.name for o in pending),
                }
            )

    kassiers_by_function: dict[str, list[FunctieKassier]] = {}
    for k in (
        FunctieKassier.objects.filter(network=network, starts_on__lte=date(year, 12, 31))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=date(year, 1, 1)))
        .select_related("organisation")
        .order_by("function", "starts_on")
    ):
        kassiers_by_function.setdefault(k.function, []).append(k)
    kassiers = []
    for function, label in _offered_lumpsum_functions(network):
        found = kassiers_by_function.get(function, [])
        kassiers.append(KassierStatus(function, label, found))
        if not found:
            missing.append(
                _("%(function)s: geen partner met regie die kassier is in %(year)s.")
                % {"function": label, "year": year}
            )

    lines = Begrotingspost.objects.filter(network=network, year=year).count()
    if not lines:
        missing.append(_("De begroting heeft geen posten voor %(year)s.") % {"year": year})
    return Checklist(network, year, documents, kassiers, lines, missing)


def versions_for_network(network: Network) -> QuerySet[ContractDocumentVersie]:
    return ContractDocumentVersie.objects.filter(network=network).order_by("soort", "-number")
