"""Which regions a user sees, and which they coordinate: the dashboards, the central list
and the reports are for the coordinators of a network in the region."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from networks.models import Network, Region
from networks.selectors.netwerken import network_ids_for_user


def region_ids_for_user(user, *, coordinate: bool = False) -> QuerySet:
    return Region.objects.filter(
        networks__in=network_ids_for_user(user, coordinate=coordinate)
    ).values("pk")


def regions_for_user(user, *, coordinate: bool = False) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=region_ids_for_user(user, coordinate=coordinate)).order_by(
        "name"
    )


def region_get_for_user(user, code: str | None) -> Region:
    """The region a coordinator asks for (or their first); 404 when not theirs."""
    regions = regions_for_user(user, coordinate=True)
    region = regions.filter(code=code).first() if code else regions.first()
    if region is None:
        raise Http404(_("Regio niet gevonden."))
    return region


def is_region_coordinator(user) -> bool:
    """Whether the user coordinates a network in any region."""
    return regions_for_user(user, coordinate=True).exists()


def networks_in_region_for_coordinator(user, region: Region) -> QuerySet[Network]:
    return Network.objects.filter(
        pk__in=network_ids_for_user(user, coordinate=True), regions=region
    ).order_by("name")
