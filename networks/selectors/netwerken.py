"""Which networks a user may see or coordinate, and the network's read models.

Guardian is asked once per request for the networks a user may see; everything else is
reached by a plain foreign-key filter, so no high-volume table needs per-row grants.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from guardian.shortcuts import get_objects_for_user

from networks.constants import (
    KIND_DOMAIN,
    ROLE_FIELDS,
    Domain,
    NetworkPermission,
    OrganisationKind,
    Ring,
)
from networks.models import Network, Partnership


def network_ids_for_user(user, *, coordinate: bool = False) -> QuerySet:
    """The ids of the networks a user may see (or coordinate), as a subquery."""
    if not user.is_authenticated:
        return Network.objects.none().values("pk")
    if user.is_superuser and not coordinate:
        return Network.objects.values("pk")
    # Coordinating is always an explicit grant, also for a platform beheerder.
    perm = "networks.coordinate_network" if coordinate else "networks.view_network"
    # Grants are made per user by services.netwerken.network_grant only (groups are roles,
    # not networks); leaving out the group branch keeps the planner's estimate small.
    return get_objects_for_user(
        user, perm, klass=Network, accept_global_perms=False, with_superuser=False, use_groups=False
    ).values("pk")


def networks_for_user(user, *, coordinate: bool = False) -> QuerySet[Network]:
    """Networks the user may see; the one answer to "which networks may this user see"."""
    return Network.objects.filter(pk__in=network_ids_for_user(user, coordinate=coordinate))


def network_get_for_user(user, slug: str, *, coordinate: bool = False) -> Network:
    """The network or 404 (never 403, so existence is not revealed)."""
    network = networks_for_user(user, coordinate=coordinate).filter(slug=slug).first()
    if network is None:
        raise Http404(_("Netwerk niet gevonden."))
    return network


def can_coordinate(user, network: Network) -> bool:
    return networks_for_user(user, coordinate=True).filter(pk=network.pk).exists()


def network_list_for_user(user, *, with_partner_count: bool = False) -> QuerySet[Network]:
    """The network list's rows: constant queries whatever the number of networks.

    The partner count is a correlated subquery, not a GROUP BY over all partnerships,
    so PostgreSQL starts from the few visible networks (see docs/benchmarks.md).
    """
    qs = networks_for_user(user)
    if with_partner_count:
        partners = (
            Partnership.objects.filter(network=OuterRef("pk"))
            .order_by()
            .values("network")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = qs.annotate(partner_count=Coalesce(Subquery(partners), 0))
    return (
        qs.select_related("regievoerder", "preferente_zorgverzekeraar")
        .prefetch_related(Prefetch("regions"))
        .order_by("name")
    )


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


def _domain_gaps(partnerships: list[Partnership]) -> list[str]:
    """R-NW-1: the three domains must be present among the formal partners."""
    inner_kinds = {p.organisation.kind for p in partnerships if p.ring == Ring.INNER}
    inner_domains = {KIND_DOMAIN.get(k, Domain.OVERIG) for k in inner_kinds}
    warnings = []
    if OrganisationKind.GGZ_KERNINSTELLING not in inner_kinds:
        warnings.append(_("Het netwerk heeft geen ggz-kerninstelling als formele partner."))
    if Domain.SOCIAAL_DOMEIN not in inner_domains:
        warnings.append(
            _("Het netwerk heeft geen aanbieder uit het sociaal domein als formele partner.")
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
