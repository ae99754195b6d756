"""Contracts and the verdeelsleutel are the coordinators' business: the network for its
coordinator, and which insurers may share its costs."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from bekostiging.models import Contract
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
