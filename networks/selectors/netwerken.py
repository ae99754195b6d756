"""Which networks a user may see or coordinate, and the network's read models.

The networks a user may see come from the user's grants (guardian's direct grant table);
everything else is reached from them by a plain foreign-key filter, so no high-volume
table needs per-row grants.
"""

import functools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from networks.constants import (
    KIND_DOMAIN,
    ROLE_FIELDS,
    Discipline,
    Domain,
    NetworkPermission,
    OrganisationKind,
    Ring,
)
from networks.models import Gemeente, Network, Partnership, Professional

# Between the regions of a network in the list: shown as is on the page, split for the
# API's codes (slugs, so they never contain it).
REGION_SEPARATOR = ", "


def networks_for_user(user, *, coordinate: bool = False) -> QuerySet[Network]:
    """Networks the user may see; the one answer to "which networks may this user see".

    Grants are made per user by ``services.netwerken.network_grant`` only (groups are roles,
    not networks), so this joins the direct grant table alone: no group branch, no global
    permissions and none of guardian's content-type lookups, which keeps both the Python
    and the planner's estimate small. A grant is unique per user, permission and network,
    so no network comes twice.
    """
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser and not coordinate:
        return Network.objects.all()
    # Coordinating is always an explicit grant, also for a platform beheerder.
    codename = NetworkPermission.COORDINATE if coordinate else NetworkPermission.VIEW
    return Network.objects.filter(
        networkuserobjectpermission__user=user,
        networkuserobjectpermission__permission__codename=codename,
    )


def network_ids_for_user(user, *, coordinate: bool = False) -> QuerySet:
    """The ids of the networks a user may see (or coordinate), as a subquery."""
    return networks_for_user(user, coordinate=coordinate).values("pk")


def coordinates_any_network(user) -> bool:
    """Whether the user coordinates at least one network (an explicit grant; a platform
    beheerder has none by being beheerder). The check behind the coordinators' pages —
    planning, vervolg, the waiting-time dashboard and the budget answer 403 without it —
    and so behind their menu items (settings.NAVIGATION). The menu's preload
    (``organisaties.roles_and_acting_kinds_for_user``) reads it in its one query."""
    if not user.is_authenticated:
        return False
    known = getattr(user, "_coordinates_any", None)
    if known is None:
        known = user._coordinates_any = networks_for_user(user, coordinate=True).exists()
    return known


def network_get_for_user(user, slug: str, *, coordinate: bool = False) -> Network:
    """The network or 404 (never 403, so existence is not revealed)."""
    network = networks_for_user(user, coordinate=coordinate).filter(slug=slug).first()
    if network is None:
        raise Http404(_("Netwerk niet gevonden."))
    return network


def can_coordinate(user, network: Network) -> bool:
    return networks_for_user(user, coordinate=True).filter(pk=network.pk).exists()


@functools.cache
def _region_list(field: str) -> Subquery:
    """The network's regions' ``field`` values joined by ``REGION_SEPARATOR``, ordered by
    region name (SQLite before 3.44 cannot order inside an aggregate: there in link order).

    Built once: an expression is copied, never changed, when a query uses it."""
    ordered = connection.features.supports_aggregate_order_by_clause
    return Subquery(
        Network.regions.through.objects.filter(network=OuterRef("pk"))
        .values("network")
        .annotate(
            joined=StringAgg(
                f"region__{field}",
                Value(REGION_SEPARATOR),
                order_by="region__name" if ordered else None,
            )
        )
        .values("joined")
    )


@functools.cache
def _partner_count() -> Coalesce:
    """A correlated subquery, not a GROUP BY over all partnerships, so PostgreSQL starts
    from the few visible networks (see docs/benchmarks.md). Built once, like _region_list."""
    partners = (
        Partnership.objects.filter(network=OuterRef("pk"))
        .order_by()  # Meta.ordering would join the organisations
        .values("network")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(partners), 0)


def network_list_for_user(user, *, page: bool = False) -> QuerySet[Network]:
    """The network list's rows, by name, in one query whatever the number of networks.

    For the API: ``region_list``, the regions' codes joined by ``REGION_SEPARATOR``. For the
    list page (``page=True``): ``region_list`` with the regions' names, ``regievoerder_name``
    and ``partner_count``, as the page shows them (no organisation rows are loaded).
    """
    if page:
        annotations = {
            "region_list": _region_list("name"),
            "regievoerder_name": F("regievoerder__name"),
            "partner_count": _partner_count(),
        }
    else:
        annotations = {"region_list": _region_list("code")}
    return networks_for_user(user).order_by("name").annotate(**annotations)


def network_coordinators(network: Network) -> QuerySet:
    """Active users holding the coordinate grant on this network: one query on the direct
    grant table (guardian's get_users_with_perms would also walk every group)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            networkuserobjectpermission__content_object=network,
            networkuserobjectpermission__permission__codename=NetworkPermission.COORDINATE,
        )
        .distinct()
    )


@dataclass(frozen=True)
class MatrixRow:
    partnership: Partnership
    roles: dict[str, bool]


@dataclass(frozen=True)
class RoleMatrix:
    inner: list[MatrixRow]
    outer: list[MatrixRow]
    warnings: list[str]


def partnership_domains(partnership: Partnership) -> set[str]:
    """The domains a partner brings in (R-NW-1): its kind's, and the sociaal domein too for a
    gemeente that executes with its own staff (role U)."""
    kind = partnership.organisation.kind
    domains = {KIND_DOMAIN.get(kind, Domain.OVERIG)}
    if kind == OrganisationKind.GEMEENTE and partnership.role_uitvoering:
        domains.add(Domain.SOCIAAL_DOMEIN)
    return domains


def _domain_gaps(partnerships: list[Partnership]) -> list[str]:
    """R-NW-1: the three domains must be present among the formal partners."""
    inner = [p for p in partnerships if p.ring == Ring.INNER]
    inner_kinds = {p.organisation.kind for p in inner}
    inner_domains = set().union(*(partnership_domains(p) for p in inner))
    warnings = []
    if OrganisationKind.GGZ_KERNINSTELLING not in inner_kinds:
        warnings.append(_("Het netwerk heeft geen ggz-kerninstelling als formele partner."))
    if Domain.SOCIAAL_DOMEIN not in inner_domains:
        warnings.append(
            _(
                "Het netwerk heeft geen uitvoerder uit het sociaal domein als formele partner "
                "(een aanbieder, of een gemeente met eigen medewerkers en rol U)."
            )
        )
    if OrganisationKind.RHO not in inner_kinds:
        warnings.append(
            _("Het netwerk heeft geen regionale huisartsenorganisatie (RHO) als formele partner.")
        )
    return warnings


def network_role_matrix(network: Network) -> RoleMatrix:
    """The partners by ring with their B/U/I/R/M roles, and R-NW-1 warnings. Two queries."""
    partnerships = list(
        network.partnerships.select_related("organisation").order_by("organisation__name")
    )
    rows = {Ring.INNER: [], Ring.OUTER: []}
    for p in partnerships:
        roles = {code: getattr(p, field) for code, field in ROLE_FIELDS.items()}
        rows[Ring(p.ring)].append(MatrixRow(p, roles))
    return RoleMatrix(
        inner=rows[Ring.INNER], outer=rows[Ring.OUTER], warnings=_domain_gaps(partnerships)
    )


def gemeenten_served(networks) -> QuerySet[Gemeente]:
    """The gemeenten where the networks serve residents: the gemeenten a network lists, or
    every gemeente of its regions when it lists none. ``networks`` may be Network objects,
    ids or a subquery of ids. The one rule for every entry point (web form, API, services)."""
    chosen = Network.objects.filter(pk__in=networks)
    listing = chosen.filter(gemeenten__isnull=False).values("pk")
    not_listing = chosen.filter(gemeenten__isnull=True).values("pk")
    return (
        Gemeente.objects.filter(Q(networks__in=listing) | Q(region__networks__in=not_listing))
        .distinct()
        .order_by("name")
    )


def network_serves_gemeente(network: Network, gemeente: Gemeente) -> bool:
    """Whether a resident of the gemeente is in the network's area (``gemeenten_served``)."""
    return gemeenten_served([network.pk]).filter(pk=gemeente.pk).exists()


def sd_seat_filter(network: Network) -> Q:
    """R-NW-1, R-VG-4: a filter on Professional for who may take the sociaal-domein seat in
    the network's VGs: staff of an SD provider partnering in the network, and SD
    professionals (a wijkteam, say) of a gemeente that holds role U in it. Insurers never."""
    providers = Partnership.objects.filter(
        network=network, organisation__kind=OrganisationKind.SD_AANBIEDER
    ).values("organisation_id")
    gemeenten = Partnership.objects.filter(
        network=network, organisation__kind=OrganisationKind.GEMEENTE, role_uitvoering=True
    ).values("organisation_id")
    return Q(organisation__in=providers) | Q(
        organisation__in=gemeenten, discipline=Discipline.SD_PROFESSIONAL
    )


def sd_seat_refusal(professional: Professional, network: Network) -> str | None:
    """Why a gemeente's professional cannot take the SD seat in this network, or None.

    Only for a gemeente (an SD provider's staff and the kinds that never sit are checked by
    the caller): the gemeente executes with its own staff only while it holds role U in the
    network (R-NW-1), and only its SD professionals sit, not its financier staff."""
    organisation = professional.organisation
    if organisation.kind != OrganisationKind.GEMEENTE:
        return None
    partnership = network.partnerships.filter(organisation=organisation).first()
    if partnership is None:
        return None  # the caller says the organisation takes no part in the network
    if not partnership.role_uitvoering:
        return _(
            "%(org)s financiert in dit netwerk, maar voert niet uit (geen rol U). Geef de "
            "gemeente eerst rol U om eigen medewerkers aan het gesprek te laten deelnemen."
        ) % {"org": organisation.name}
    if professional.discipline != Discipline.SD_PROFESSIONAL:
        return _(
            "%(name)s is bij %(org)s geen professional sociaal domein (bijvoorbeeld van het "
            "wijkteam)."
        ) % {"name": professional.name, "org": organisation.name}
    return None
