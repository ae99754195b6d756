"""Who sees which offers, lists and overviews (function III).

- The sociale kaart: everyone who may see a network in the offer's region.
- A provider's waiting lists, intake slots and monthly figures: users granted
  ``act_for_organisation`` on that provider (networks.services.organisation_grant).
- Dashboards, the central list and reports: the coordinators of a network in the region.
Nobody sees a BSN: only pseudonyms exist after upload.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from guardian.shortcuts import get_objects_for_user

from networks.models import Network, Organisation, Region
from networks.selectors import network_ids_for_user

from .models import Aanbod


def region_ids_for_user(user, *, coordinate: bool = False) -> QuerySet:
    return Region.objects.filter(
        networks__in=network_ids_for_user(user, coordinate=coordinate)
    ).values("pk")


def regions_for_user(user, *, coordinate: bool = False) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=region_ids_for_user(user, coordinate=coordinate)).order_by(
        "name"
    )


def dashboard_region_for_user(user, code: str | None) -> Region:
    """The region a coordinator asks for (or their first); 404 when not theirs."""
    regions = regions_for_user(user, coordinate=True)
    region = regions.filter(code=code).first() if code else regions.first()
    if region is None:
        raise Http404(_("Regio niet gevonden."))
    return region


def can_coordinate_region(user, region: Region) -> bool:
    return region_ids_for_user(user, coordinate=True).filter(pk=region.pk).exists()


def networks_in_region_for_coordinator(user, region: Region) -> QuerySet[Network]:
    return Network.objects.filter(
        pk__in=network_ids_for_user(user, coordinate=True), regions=region
    ).order_by("name")


def provider_ids_for_user(user) -> QuerySet:
    """Organisations the user may act for as a provider (explicit grant)."""
    if not user.is_authenticated:
        return Organisation.objects.none().values("pk")
    return get_objects_for_user(
        user,
        "networks.act_for_organisation",
        klass=Organisation,
        accept_global_perms=False,
        with_superuser=False,
        use_groups=False,
    ).values("pk")


def is_provider_user(user) -> bool:
    return provider_ids_for_user(user).exists()


def aanbod_for_user(user) -> QuerySet[Aanbod]:
    """The sociale kaart as this user may see it: active offers in their regions, plus
    every offer of a provider they act for (also inactive ones)."""
    from django.db.models import Q

    return Aanbod.objects.filter(
        Q(region__in=region_ids_for_user(user), is_active=True)
        | Q(provider__in=provider_ids_for_user(user))
    )


def aanbod_get_for_user(user, pk: int) -> Aanbod:
    aanbod = (
        aanbod_for_user(user).select_related("provider", "region", "gemeente").filter(pk=pk).first()
    )
    if aanbod is None:
        raise Http404(_("Aanbod niet gevonden."))
    return aanbod


def provider_aanbod(user) -> QuerySet[Aanbod]:
    """Offers the user maintains as (a user acting for) their provider."""
    return Aanbod.objects.filter(provider__in=provider_ids_for_user(user))


def provider_aanbod_get(user, pk: int) -> Aanbod:
    """An offer the user maintains; 404 for any other (existence not revealed)."""
    aanbod = provider_aanbod(user).select_related("provider", "region").filter(pk=pk).first()
    if aanbod is None:
        raise Http404(_("Aanbod niet gevonden."))
    return aanbod
