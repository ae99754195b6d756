"""Who may see what. Guardian is asked once per request for the networks a user may
see; everything else is reached by a plain foreign-key filter (DESIGN.md, Permissions)."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from guardian.shortcuts import get_objects_for_user

from .constants import (
    KIND_DOMAIN,
    ROLE_FIELDS,
    Domain,
    OrganisationKind,
    OrganisationPermission,
    PartnerRole,
    Ring,
)
from .models import Network, Organisation, OrganisationUserObjectPermission, Partnership


def _is_global(user) -> bool:
    return user.is_superuser


def network_ids_for_user(user, *, coordinate: bool = False) -> QuerySet:
    """The ids of the networks a user may see (or coordinate), as a subquery."""
    if not user.is_authenticated:
        return Network.objects.none().values("pk")
    if _is_global(user) and not coordinate:
        return Network.objects.values("pk")
    # Coordinating is always an explicit grant, also for a platform beheerder.
    perm = "networks.coordinate_network" if coordinate else "networks.view_network"
    # Grants are made per user by services.network_grant only (groups are roles, not
    # networks); leaving out the group branch keeps the planner's estimate small.
    return get_objects_for_user(
        user, perm, klass=Network, accept_global_perms=False, with_superuser=False, use_groups=False
    ).values("pk")


def networks_for_user(user, *, coordinate: bool = False) -> QuerySet[Network]:
    """Networks the user may see; the one answer to "which networks may this user see"."""
    return Network.objects.filter(pk__in=network_ids_for_user(user, coordinate=coordinate))


def network_for_user(user, slug: str, *, coordinate: bool = False) -> Network:
    """The network or 404 (never 403, so existence is not revealed)."""
    network = networks_for_user(user, coordinate=coordinate).filter(slug=slug).first()
    if network is None:
        raise Http404(_("Netwerk niet gevonden."))
    return network


def can_coordinate(user, network: Network) -> bool:
    return networks_for_user(user, coordinate=True).filter(pk=network.pk).exists()


def acting_organisation_ids(user) -> QuerySet:
    """Organisations the user may act for (explicit ``act_for_organisation`` grant): a
    provider, an insurer or a gemeente, as a subquery on the direct grant table (like
    ``acts_for``; guardian's shortcut would first look up content types on every call)."""
    if not user.is_authenticated:
        return Organisation.objects.none().values("pk")
    granted = OrganisationUserObjectPermission.objects.filter(
        user=user, permission__codename=OrganisationPermission.ACT_FOR
    ).values("content_object_id")
    return Organisation.objects.filter(pk__in=granted).values("pk")


def acting_kinds(user) -> frozenset[str]:
    """The kinds of the organisations the user acts for. The menu asks this for several
    items on every page, so it is one query, remembered on the request's user object."""
    if not user.is_authenticated:
        return frozenset()
    kinds = getattr(user, "_acting_kinds", None)
    if kinds is None:
        kinds = frozenset(
            Organisation.objects.filter(pk__in=acting_organisation_ids(user))
            .order_by()
            .values_list("kind", flat=True)
            .distinct()
        )
        user._acting_kinds = kinds
    return kinds


def organisation_ids_for_user(user) -> QuerySet:
    """Organisations partnering in a visible network, plus those granted directly."""
    if not user.is_authenticated:
        return Organisation.objects.none().values("pk")
    if _is_global(user):
        return Organisation.objects.values("pk")
    direct = get_objects_for_user(
        user,
        "networks.view_organisation",
        klass=Organisation,
        accept_global_perms=False,
        with_superuser=False,
        use_groups=False,
    ).values("pk")
    via_network = Partnership.objects.filter(network__in=network_ids_for_user(user)).values(
        "organisation_id"
    )
    return Organisation.objects.filter(Q(pk__in=direct) | Q(pk__in=via_network)).values("pk")


def organisations_for_user(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisation_ids_for_user(user))


def organisation_for_user(user, pk: int) -> Organisation:
    organisation = organisations_for_user(user).select_related("gemeente").filter(pk=pk).first()
    if organisation is None:
        raise Http404(_("Organisatie niet gevonden."))
    return organisation


def network_coordinators(network: Network) -> QuerySet:
    """Active users holding the coordinate grant on this network (one query on the direct
    grant table; never guardian's get_users_with_perms, see DESIGN.md)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            networkuserobjectpermission__content_object=network,
            networkuserobjectpermission__permission__codename="coordinate_network",
        )
        .distinct()
    )


def acts_for(user, organisation: Organisation) -> bool:
    """Whether a user (typically a system behind an API token) may act for an organisation:
    one query on the direct grant table (grants are per user, like network grants)."""
    return OrganisationUserObjectPermission.objects.filter(
        user=user,
        content_object=organisation,
        permission__codename="act_for_organisation",
    ).exists()


def organisation_names_for_user(user) -> list[str]:
    """For the access log: the organisations the user works for, by name."""
    return sorted({p.organisation.name for p in user.professionals.select_related("organisation")})


@dataclass(frozen=True)
class MatrixRow:
    partnership: Partnership
    roles: dict[str, bool]


@dataclass(frozen=True)
class RoleMatrix:
    inner: list[MatrixRow]
    outer: list[MatrixRow]
    warnings: list[str]


def network_domain_gaps(partnerships: list[Partnership]) -> list[str]:
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
        inner=rows[Ring.INNER], outer=rows[Ring.OUTER], warnings=network_domain_gaps(partnerships)
    )


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


ROLE_LABELS = {code: PartnerRole(code).label for code in ROLE_FIELDS}
