"""Contracts and the verdeelsleutel are the coordinators' business: the network for its
coordinator, and which insurers may share its costs."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from bekostiging.models import Contract, FunctieKassier, RegionaalBedrag, Verdeelsleutel
from networks.constants import OrganisationKind
from networks.models import Network, Organisation
from networks.selectors.netwerken import can_coordinate, network_get_for_user


def network_get_for_coordinator(user, slug: str) -> Network:
    """The network for its coordinator; 404 when the user may not see it, 403 when they
    see it but do not coordinate it."""
    network = network_get_for_user(user, slug)
    if not can_coordinate(user, network):
        raise PermissionDenied
    return network


def share_insurers_for_network(network: Network) -> QuerySet[Organisation]:
    """Insurers that may share the costs: the network's insurer partners, those already in
    the verdeelsleutel and those contracted in the network."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.ZORGVERZEKERAAR)
        .filter(
            Q(partnerships__network=network)
            | Q(pk__in=network.verdeelsleutel.values("insurer"))
            | Q(pk__in=Contract.objects.filter(network=network).values("insurer"))
        )
        .distinct()
        .order_by("name")
    )


def verdeelsleutel_by_year(network: Network) -> list[tuple[int, list[Verdeelsleutel]]]:
    """R-BK-2: the network's key per year, the latest year first."""
    years: dict[int, list[Verdeelsleutel]] = {}
    for row in (
        Verdeelsleutel.objects.filter(network=network)
        .select_related("insurer", "set_by")
        .order_by("-year", "-share", "pk")
    ):
        years.setdefault(row.year, []).append(row)
    return list(years.items())


def kassiers_for_network(network: Network) -> QuerySet[FunctieKassier]:
    """R-NW-3: who has regie and is kassier per function, in time order."""
    return (
        FunctieKassier.objects.filter(network=network)
        .select_related("organisation")
        .order_by("function", "starts_on", "pk")
    )


def regionale_bedragen_for_network(network: Network) -> QuerySet[RegionaalBedrag]:
    """R-BK-2: the regional amount per function and year, the latest year first."""
    return RegionaalBedrag.objects.filter(network=network).order_by("-year", "function")
