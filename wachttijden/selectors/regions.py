"""Which regions a user sees, and which they coordinate: the dashboards and the reports are
for the coordinators of a network in the region; the central list also for whom a higher
app names in settings.CENTRAL_LIST_READERS (the transfer table's team)."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string
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


def central_list_network_ids(user) -> list[QuerySet]:
    """R-WT-6: the networks whose regions' central anonymous list the user reads: those the
    user coordinates, and those that higher apps grant through settings.CENTRAL_LIST_READERS
    (the transfer table's team and guests, R-TR-5), as subqueries of network ids."""
    ids = [network_ids_for_user(user, coordinate=True)]
    for path in getattr(settings, "CENTRAL_LIST_READERS", ()):
        ids.append(import_string(path)(user))
    return ids


def central_list_regions_for_user(user) -> QuerySet[Region]:
    """The regions whose central list the user reads (``central_list_network_ids``)."""
    if not user.is_authenticated:
        return Region.objects.none()
    condition = Q()
    for network_ids in central_list_network_ids(user):
        condition |= Q(networks__in=network_ids)
    return Region.objects.filter(pk__in=Region.objects.filter(condition).values("pk")).order_by(
        "name"
    )


def central_list_region_get_for_user(user, code: str | None) -> Region:
    """The region asked for (or the user's first) whose central list the user reads; 404."""
    regions = central_list_regions_for_user(user)
    region = regions.filter(code=code).first() if code else regions.first()
    if region is None:
        raise Http404(_("Regio niet gevonden."))
    return region
