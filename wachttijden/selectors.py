"""Who sees which offers, lists and overviews (function III).

- The sociale kaart: everyone who may see a network in the offer's region.
- A provider's waiting lists, intake slots and monthly figures: users granted
  ``act_for_organisation`` on that provider (networks.services.organisaties.organisation_grant).
- Dashboards, the central list and reports: the coordinators of a network in the region.
Nobody sees a BSN: only pseudonyms exist after upload.
"""

from decimal import Decimal

from django.db.models import F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from networks.constants import FINANCIER_KINDS
from networks.models import Gemeente, Network, Organisation, Region
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_kinds_for_user, acting_organisation_ids_for_user

from .constants import Dimension
from .models import Aanbod, OntbrekendAanbod, SnapshotFigure


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
    """Care and support providers the user may act for (explicit grant); insurers and
    gemeenten finance, they offer nothing (R-NW-1)."""
    return (
        Organisation.objects.filter(pk__in=acting_organisation_ids_for_user(user))
        .exclude(kind__in=FINANCIER_KINDS)
        .values("pk")
    )


def is_provider_user(user) -> bool:
    return bool(acting_kinds_for_user(user) - FINANCIER_KINDS)


def aanbod_for_user(user) -> QuerySet[Aanbod]:
    """The sociale kaart as this user may see it: active offers in their regions, plus
    every offer of a provider they act for (also inactive ones)."""
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


def ontbrekend_for_user(user) -> QuerySet[OntbrekendAanbod]:
    """Missing-offer notes of the networks the user coordinates."""
    return (
        OntbrekendAanbod.objects.filter(network__in=network_ids_for_user(user, coordinate=True))
        .select_related("network")
        .prefetch_related("gemeenten")
    )


def with_wait_weeks(qs: QuerySet[Aanbod]) -> QuerySet[Aanbod]:
    """Annotate ``wait_weeks``: the prospective figure of the latest overview (R-WT-3) where
    one exists, else the provider's declared figure. ``overview_weeks`` and ``overview_date``
    say whether (and from which day) the overview gave it."""
    latest = SnapshotFigure.objects.filter(
        dimension=Dimension.AANBOD, aanbod=OuterRef("pk")
    ).order_by("-snapshot_date", "-pk")
    return qs.annotate(
        overview_weeks=Subquery(latest.values("prospective_weeks")[:1], output_field=FloatField()),
        overview_date=Subquery(latest.values("snapshot_date")[:1]),
        wait_weeks=Coalesce(
            F("overview_weeks"),
            Cast("declared_wait_weeks", FloatField()),
            output_field=FloatField(),
        ),
    )


def aanbod_search(
    qs: QuerySet[Aanbod],
    *,
    q: str = "",
    category: str = "",
    domain: str = "",
    gemeente: Gemeente | None = None,
    max_weeks: Decimal | None = None,
    low_threshold: bool = False,
) -> QuerySet[Aanbod]:
    """Filter the sociale kaart. ``max_weeks`` compares with the waiting time shown
    (``with_wait_weeks``); an offer without a known waiting time falls outside it."""
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(provider__name__icontains=q)
        )
    if category:
        qs = qs.filter(category=category)
    if domain:
        qs = qs.filter(domain=domain)
    if gemeente is not None:
        served = Aanbod.gemeenten_served.through.objects.filter(gemeente=gemeente).values(
            "aanbod_id"
        )
        qs = qs.filter(Q(pk__in=served) | Q(gemeente=gemeente))
    if low_threshold:
        qs = qs.filter(low_threshold=True)
    if max_weeks is not None:
        if "wait_weeks" not in qs.query.annotations:
            qs = with_wait_weeks(qs)
        qs = qs.filter(wait_weeks__lte=float(max_weeks))
    return qs


def aanbod_wait_weeks(aanbod: Aanbod) -> float | None:
    """The waiting time shown for one offer (see ``with_wait_weeks``)."""
    return (
        with_wait_weeks(Aanbod.objects.filter(pk=aanbod.pk))
        .values_list("wait_weeks", flat=True)
        .first()
    )
